//! Compiling roles into matching data (docs/checker.md, sections 3, 5 and 11;
//! the ordinary words of section 7 are [`super::words`]).
//!
//! Keywords, synonym groups and settings are tokenised once, at build time,
//! into [`CheckerData`], which `rolemap fit` scores against and
//! [`super::pack`] packs into the form the browser reads (`data/checker.js`).

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::text::{normalise, tokenize, Join, Token};
pub use super::words::{is_ordinary_word, is_ordinary_word_in};
use crate::model::{Keyword, Role};

/// The default cues before a term (section 8): English, German, French,
/// Spanish and Portuguese, all applied to every text, since a CV does not
/// declare its language.
pub const DEFAULT_NEGATION_CUES: &[&str] = &[
    // English
    "no",
    "not",
    "never",
    "neither",
    "without",
    "without any experience",
    "without any knowledge",
    "lack",
    "lacking",
    "lacks",
    "none",
    "don't",
    "do not",
    "doesn't",
    "haven't",
    "have not",
    "hasn't",
    "didn't",
    "currently learning",
    "want to learn",
    "wants to learn",
    "plan to learn",
    "planning to learn",
    "hope to learn",
    "would like to learn",
    "eager to learn",
    "unfamiliar with",
    "not familiar with",
    "no experience",
    "limited experience",
    "little experience",
    "beginner in",
    "new to",
    // German
    "nicht",
    "kein",
    "keine",
    "keinen",
    "keinem",
    "keiner",
    "keines",
    "keinerlei",
    "ohne",
    "nie",
    "niemals",
    "weder",
    "wenig Erfahrung",
    "Anfänger in",
    // French
    "pas",
    "jamais",
    "sans",
    "aucun",
    "aucune",
    "peu d'expérience",
    "débutant en",
    "débutante en",
    "j'apprends",
    // Spanish
    "sin",
    "nunca",
    "jamás",
    "ningún",
    "ninguna",
    "ninguno",
    "poca experiencia",
    "estoy aprendiendo",
    "quiero aprender",
    "principiante en",
    // Portuguese
    "não",
    "sem",
    "nenhum",
    "nenhuma",
    "pouca experiência",
    "estou aprendendo",
    "quero aprender",
    "iniciante em",
];

/// The default cues after a term (section 8): "Kafka: none",
/// "GraphQL - no experience yet", "Terraform (not yet)".
pub const DEFAULT_NEGATION_CUES_AFTER: &[&str] = &[
    // English
    "none",
    "no",
    "not yet",
    "no experience",
    "no experience yet",
    "never",
    "never used",
    "learning",
    "currently learning",
    "beginner",
    "n/a",
    // German
    "keine",
    "keine Erfahrung",
    "nein",
    "noch nicht",
    "nie",
    "Anfänger",
    // French
    "aucun",
    "aucune",
    "aucune expérience",
    "non",
    "pas encore",
    "jamais",
    "débutant",
    "débutante",
    // Spanish
    "ninguna",
    "ninguno",
    "sin experiencia",
    "todavía no",
    "aún no",
    "nunca",
    "principiante",
    "aprendiendo",
    // Portuguese
    "nenhuma",
    "nenhum",
    "não",
    "sem experiência",
    "ainda não",
    "iniciante",
    "aprendendo",
];

/// The default contrast words (section 8): they end a cue's scope, as in
/// "no Terraform but solid Ansible". `yet` is not one: it mostly means "so
/// far" ("not yet", "no experience yet").
pub const DEFAULT_NEGATION_STOPS: &[&str] = &[
    // English
    "but",
    "however",
    "although",
    "though",
    "whereas",
    "while",
    "whilst",
    "except",
    // German
    "aber",
    "jedoch",
    "sondern",
    "obwohl",
    "allerdings",
    "außer",
    // French
    "mais",
    "cependant",
    "pourtant",
    "toutefois",
    "bien que",
    "alors que",
    "tandis que",
    "sauf",
    // Spanish
    "pero",
    "sino",
    "aunque",
    "sin embargo",
    "mientras que",
    "excepto",
    "salvo",
    "no obstante",
    // Portuguese
    "mas",
    "porém",
    "contudo",
    "todavia",
    "entretanto",
    "embora",
    "enquanto",
    "exceto",
    "no entanto",
    "não obstante",
];

/// The default fixed expressions that hold a cue but are not negation
/// (section 8): "not limited to", "shipped without any downtime".
pub const DEFAULT_NEGATION_EXCEPTIONS: &[&str] = &[
    // English
    "not limited to",
    "not only",
    "not just",
    "not merely",
    "not to mention",
    "not least",
    "without any",
    "without a doubt",
    "without doubt",
    "no doubt",
    "never miss",
    "never missed",
    "never misses",
    "never missing",
    "never fail",
    "never failed",
    "never fails",
    "no less than",
    "no more than",
    "no fewer than",
    "no later than",
    "not less than",
    "no longer",
    "no matter",
    "open sans",
    "comic sans",
    "sans serif",
    // German
    "nicht nur",
    "nicht zuletzt",
    "nicht weniger als",
    "ohne Zweifel",
    "ohne jede",
    "ohne jegliche",
    // French
    "pas seulement",
    "pas uniquement",
    "pas moins de",
    "sans doute",
    "sans aucun",
    "sans aucune",
    // Spanish
    "no solo",
    "no sólo",
    "no solamente",
    "no únicamente",
    "no menos de",
    "sin duda",
    "sin ningún",
    "sin ninguna",
    // Portuguese
    "não só",
    "não apenas",
    "não somente",
    "sem dúvida",
    "sem nenhum",
    "sem nenhuma",
    "sem qualquer",
];

/// The default double-negation words (section 8): inside a cue's scope
/// they undo it, as in "I never deploy without Terraform".
pub const DEFAULT_DOUBLE_NEGATION: &[&str] = &["without", "ohne", "sans", "sin", "sem"];

/// The default list conjunctions (section 8): "Kafka, Spark or Flink" is
/// one list, so one cue covers it.
pub const DEFAULT_LIST_CONJUNCTIONS: &[&str] = &[
    "and", "or", "nor", "und", "oder", "noch", "sowie", "et", "ou", "ni", "y", "o", "u", "e",
];

/// A keyword or synonym, tokenised for matching.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phrase {
    /// The term as written, reported as the matched term.
    pub term: String,
    /// Token keys (lower-cased), or token texts for a case-sensitive phrase.
    pub keys: Vec<String>,
    /// Join before every token after the first.
    pub joins: Vec<Join>,
    /// Only counts with exactly this capitalisation.
    pub case_sensitive: bool,
    /// An ordinary word: a hyphen right after it breaks the match.
    pub ordinary: bool,
    /// False friends: a match directly followed by one of these does not
    /// count (`Oracle` unless `VirtualBox`).
    #[serde(default)]
    pub unless: Vec<Exclusion>,
}

/// A false friend of a keyword (section 3): token keys and joins, compared
/// without case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Exclusion {
    /// Lower-cased token keys.
    pub keys: Vec<String>,
    /// Join before every token after the first.
    pub joins: Vec<Join>,
}

impl Phrase {
    /// Tokenises a term; `None` when it has no tokens. Whether it is an
    /// ordinary word is decided for English ([`Phrase::new_in`] with no
    /// language).
    pub fn new(term: &str, case_sensitive: bool) -> Option<Phrase> {
        Phrase::new_in(term, case_sensitive, None)
    }

    /// Tokenises a term of a text in language `lang` (a language tag such
    /// as `de`; `None` for English only); `None` when it has no tokens. A
    /// single token is `ordinary` when it is an ordinary word of English
    /// or of `lang` ([`is_ordinary_word_in`]); a case-sensitive phrase
    /// always is.
    pub fn new_in(term: &str, case_sensitive: bool, lang: Option<&str>) -> Option<Phrase> {
        let tokens = tokenize(&normalise(term));
        let first = tokens.first()?;
        let keys: Vec<String> = tokens
            .iter()
            .map(|t| {
                if case_sensitive {
                    t.text.clone()
                } else {
                    t.key.clone()
                }
            })
            .collect();
        let ordinary =
            case_sensitive || (tokens.len() == 1 && is_ordinary_word_in(&first.key, lang));
        Some(Phrase {
            term: term.trim().to_owned(),
            // A term's break hyphen ("Elastic- search") is a hyphen.
            joins: tokens
                .iter()
                .skip(1)
                .map(|t| match t.join {
                    Join::Break => Join::Hyphen,
                    join => join,
                })
                .collect(),
            keys,
            case_sensitive,
            ordinary,
            unless: Vec::new(),
        })
    }

    /// A keyword's own phrase: its term and its false friends
    /// ([`Phrase::of_keyword_in`] with no language).
    pub fn of_keyword(keyword: &Keyword) -> Option<Phrase> {
        Phrase::of_keyword_in(keyword, None)
    }

    /// A keyword's own phrase, its ordinary flag decided for `lang` as in
    /// [`Phrase::new_in`]: its term and its false friends.
    pub fn of_keyword_in(keyword: &Keyword, lang: Option<&str>) -> Option<Phrase> {
        let mut phrase = Phrase::new_in(&keyword.term, keyword.case_sensitive, lang)?;
        phrase.unless = keyword
            .unless
            .iter()
            .filter_map(|term| Phrase::new(term, false))
            .map(|p| Exclusion {
                keys: p.keys,
                joins: p.joins,
            })
            .collect();
        Some(phrase)
    }

    /// The phrase's shape ignoring case, for synonym lookup and de-duplication.
    fn shape(&self) -> Shape {
        Shape {
            keys: self.keys.iter().map(|k| k.to_lowercase()).collect(),
            joins: self.joins.clone(),
        }
    }
}

/// Rule 2 of section 4: a phrase join `" "` or `"-"` accepts a text join
/// `" "` or `"-"`; `"/"` accepts only `"/"`. `tokens` are the text tokens
/// after the first.
pub fn joins_agree(phrase_joins: &[Join], tokens: &[Token]) -> bool {
    phrase_joins
        .iter()
        .zip(tokens)
        .all(|(want, token)| join_accepts(*want, token.join))
}

/// Rule 2 of section 4 for one join: a phrase join `/` accepts only `/`;
/// any other accepts any other (a break hyphen included).
pub fn join_accepts(want: Join, got: Join) -> bool {
    (want == Join::Slash) == (got == Join::Slash)
}

/// A keyword written without `case_sensitive` that is an ordinary word, for
/// the build's warning ([`is_ambiguous_keyword_in`] with no language).
pub fn is_ambiguous_keyword(keyword: &Keyword) -> bool {
    is_ambiguous_keyword_in(keyword, None)
}

/// A keyword written without `case_sensitive` that is an ordinary word of
/// English or of `lang`, for the build's warning on that language's
/// edition.
pub fn is_ambiguous_keyword_in(keyword: &Keyword, lang: Option<&str>) -> bool {
    !keyword.case_sensitive
        && Phrase::new_in(&keyword.term, false, lang)
            .is_some_and(|p| p.keys.len() == 1 && p.ordinary)
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Shape {
    keys: Vec<String>,
    joins: Vec<Join>,
}

/// A negation term (a cue, contrast word, exception, double-negation word
/// or list conjunction): a phrase compared without case or folding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cue {
    /// Lower-cased token keys.
    pub keys: Vec<String>,
    /// Join before every token after the first.
    pub joins: Vec<Join>,
}

/// A score band: scores from `from` up to the next band's `from` get `label`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Band {
    /// Lowest score of the band.
    pub from: u8,
    /// What the band is called.
    pub label: String,
}

/// The negation term lists as written (section 8), before compiling;
/// [`Default`] gives the built-in lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NegationTerms {
    /// Cues before a term.
    pub before: Vec<String>,
    /// Cues after a term.
    pub after: Vec<String>,
    /// Contrast words that end a scope.
    pub stops: Vec<String>,
    /// Fixed expressions that are not cues.
    pub exceptions: Vec<String>,
    /// Words that undo a cue whose scope they are in.
    pub double: Vec<String>,
    /// Words that join the items of a list.
    pub conjunctions: Vec<String>,
}

impl Default for NegationTerms {
    fn default() -> Self {
        let owned = |list: &[&str]| list.iter().map(|t| t.to_string()).collect();
        NegationTerms {
            before: owned(DEFAULT_NEGATION_CUES),
            after: owned(DEFAULT_NEGATION_CUES_AFTER),
            stops: owned(DEFAULT_NEGATION_STOPS),
            exceptions: owned(DEFAULT_NEGATION_EXCEPTIONS),
            double: owned(DEFAULT_DOUBLE_NEGATION),
            conjunctions: owned(DEFAULT_LIST_CONJUNCTIONS),
        }
    }
}

impl NegationTerms {
    /// No terms at all: what [`super::languages::negation_terms_for`]
    /// gives for English or a language without a vocabulary.
    pub fn empty() -> NegationTerms {
        NegationTerms {
            before: Vec::new(),
            after: Vec::new(),
            stops: Vec::new(),
            exceptions: Vec::new(),
            double: Vec::new(),
            conjunctions: Vec::new(),
        }
    }

    /// These lists with the terms of `more` appended, each list on its own:
    /// a term of `more` is dropped when the list already holds it, compared
    /// case-folded with runs of white space as one space (`Keine
    /// Erfahrung` is `keine erfahrung`). The terms of `self` keep their
    /// order and are never dropped, so extending the defaults leaves the
    /// shared lists as they are and only adds.
    pub fn extended_with(&self, more: &NegationTerms) -> NegationTerms {
        fn extend(list: &[String], more: &[String]) -> Vec<String> {
            let fold = |term: &str| {
                term.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase()
            };
            let mut seen: std::collections::HashSet<String> =
                list.iter().map(|t| fold(t)).collect();
            let mut out = list.to_vec();
            for term in more {
                if seen.insert(fold(term)) {
                    out.push(term.clone());
                }
            }
            out
        }
        NegationTerms {
            before: extend(&self.before, &more.before),
            after: extend(&self.after, &more.after),
            stops: extend(&self.stops, &more.stops),
            exceptions: extend(&self.exceptions, &more.exceptions),
            double: extend(&self.double, &more.double),
            conjunctions: extend(&self.conjunctions, &more.conjunctions),
        }
    }
}

/// Site-wide matching settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Bands in ascending order, the first starting at 0.
    pub bands: Vec<Band>,
    /// Cues before a term.
    pub negation_cues: Vec<Cue>,
    /// Cues after a term.
    pub negation_cues_after: Vec<Cue>,
    /// Contrast words: they end a scope.
    pub negation_stops: Vec<Cue>,
    /// Fixed expressions that are not cues.
    pub negation_exceptions: Vec<Cue>,
    /// Words that undo a cue whose scope they are in.
    pub double_negation: Vec<Cue>,
    /// Words that join list items.
    pub list_conjunctions: Vec<Cue>,
}

/// Terms compiled as cues: tokenised, those without tokens dropped.
fn compile_cues(terms: &[String]) -> Vec<Cue> {
    terms
        .iter()
        .filter_map(|term| Phrase::new(term, false))
        .map(|p| Cue {
            keys: p.keys,
            joins: p.joins,
        })
        .collect()
}

impl Settings {
    /// Compiles settings from the negation terms and bands.
    pub fn new(terms: &NegationTerms, bands: Vec<Band>) -> Settings {
        Settings {
            bands,
            negation_cues: compile_cues(&terms.before),
            negation_cues_after: compile_cues(&terms.after),
            negation_stops: compile_cues(&terms.stops),
            negation_exceptions: compile_cues(&terms.exceptions),
            double_negation: compile_cues(&terms.double),
            list_conjunctions: compile_cues(&terms.conjunctions),
        }
    }

    /// The default bands of section 9.
    pub fn default_bands() -> Vec<Band> {
        [
            (0, "starting out"),
            (40, "building"),
            (70, "nearly ready"),
            (90, "ready"),
        ]
        .into_iter()
        .map(|(from, label)| Band {
            from,
            label: label.to_owned(),
        })
        .collect()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings::new(&NegationTerms::default(), Settings::default_bands())
    }
}

/// The phase that teaches a skill, as the checker links to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhaseRef {
    /// Phase number, from 1.
    pub number: u32,
    /// Phase title.
    pub title: String,
    /// First month.
    pub start_month: u32,
    /// Last month.
    pub end_month: u32,
}

/// A skill ready for matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckSkill {
    /// Skill id.
    pub id: String,
    /// Skill name.
    pub name: String,
    /// Weight, 1 to 5.
    pub weight: u8,
    /// Keywords and their synonyms.
    pub phrases: Vec<Phrase>,
    /// The first phase that teaches the skill.
    pub phase: Option<PhaseRef>,
}

/// A role ready for matching.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckRole {
    /// Role slug.
    pub slug: String,
    /// Role title.
    pub title: String,
    /// Page path relative to the site root.
    pub url: String,
    /// The role's `title` and then its other `titles`, as phrases (never
    /// case-sensitive), for the job titles a text states (section 12).
    pub titles: Vec<Phrase>,
    /// Skills in the author's order.
    pub skills: Vec<CheckSkill>,
}

/// The matching data of a site: settings and every built role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckerData {
    /// Site-wide settings.
    pub settings: Settings,
    /// Every built role.
    pub roles: Vec<CheckRole>,
}

/// Synonym groups, indexed for lookup by a keyword's shape.
#[derive(Debug, Default)]
pub struct Synonyms {
    groups: Vec<Vec<Phrase>>,
    by_shape: HashMap<Shape, Vec<usize>>,
}

impl Synonyms {
    /// Compiles `name: [members]` groups.
    pub fn new(groups: &BTreeMap<String, Vec<String>>) -> Synonyms {
        let mut synonyms = Synonyms::default();
        for (name, members) in groups {
            let phrases: Vec<Phrase> = std::iter::once(name)
                .chain(members)
                .filter_map(|term| Phrase::new(term, false))
                .collect();
            let index = synonyms.groups.len();
            for phrase in &phrases {
                let groups = synonyms.by_shape.entry(phrase.shape()).or_default();
                if !groups.contains(&index) {
                    groups.push(index);
                }
            }
            synonyms.groups.push(phrases);
        }
        synonyms
    }

    /// A skill's phrases: each keyword, then the terms of its synonym groups,
    /// without duplicates ([`Synonyms::phrases_for_in`] with no language).
    pub fn phrases_for(&self, keywords: &[Keyword]) -> Vec<Phrase> {
        self.phrases_for_in(keywords, None)
    }

    /// A skill's phrases in language `lang`: each keyword, then the terms
    /// of its synonym groups, without duplicates; every phrase's ordinary
    /// flag decided for `lang` as in [`Phrase::new_in`]. The groups
    /// themselves belong to no language: a site with synonyms per language
    /// makes one [`Synonyms`] per language from its groups.
    pub fn phrases_for_in(&self, keywords: &[Keyword], lang: Option<&str>) -> Vec<Phrase> {
        let mut phrases: Vec<Phrase> = Vec::new();
        let push = |phrase: Phrase, phrases: &mut Vec<Phrase>| {
            let duplicate = phrases.iter().any(|p| {
                p.keys == phrase.keys
                    && p.joins == phrase.joins
                    && p.case_sensitive == phrase.case_sensitive
            });
            if !duplicate {
                phrases.push(phrase);
            }
        };
        for keyword in keywords {
            let Some(own) = Phrase::of_keyword_in(keyword, lang) else {
                continue;
            };
            let shape = own.shape();
            push(own, &mut phrases);
            for &group in self.by_shape.get(&shape).into_iter().flatten() {
                for term in &self.groups[group] {
                    if term.shape() != shape {
                        let mut term = term.clone();
                        // Compiled for English; `lang` may add its words.
                        term.ordinary |=
                            term.keys.len() == 1 && is_ordinary_word_in(&term.keys[0], lang);
                        push(term, &mut phrases);
                    }
                }
            }
        }
        phrases
    }
}

/// Compiles the matching data of `roles` (in that order) with the site's
/// synonyms and settings ([`compile_site_in`] with no language).
pub fn compile_site(
    roles: &[&Role],
    synonyms: &BTreeMap<String, Vec<String>>,
    settings: &Settings,
) -> CheckerData {
    compile_site_in(roles, synonyms, settings, None)
}

/// Compiles the matching data of `roles` (in that order) with the
/// synonyms and settings of a site edition in language `lang`: ordinary
/// words are those of English and of `lang` ([`Phrase::new_in`]). The
/// language's negation terms are the settings' business
/// ([`super::languages::negation_terms_for`]).
pub fn compile_site_in(
    roles: &[&Role],
    synonyms: &BTreeMap<String, Vec<String>>,
    settings: &Settings,
    lang: Option<&str>,
) -> CheckerData {
    let synonyms = Synonyms::new(synonyms);
    CheckerData {
        settings: settings.clone(),
        roles: roles
            .par_iter()
            .map(|role| compile_role_in(role, &synonyms, lang))
            .collect(),
    }
}

/// Compiles one role ([`compile_role_in`] with no language).
pub fn compile_role(role: &Role, synonyms: &Synonyms) -> CheckRole {
    compile_role_in(role, synonyms, None)
}

/// Compiles one role of a site edition in language `lang`.
pub fn compile_role_in(role: &Role, synonyms: &Synonyms, lang: Option<&str>) -> CheckRole {
    let skills = role
        .skills
        .iter()
        .map(|skill| CheckSkill {
            id: skill.id.to_string(),
            name: skill.name.clone(),
            weight: skill.weight.get(),
            phrases: synonyms.phrases_for_in(&skill.keywords, lang),
            phase: role.phase_teaching(&skill.id).map(|phase| PhaseRef {
                number: phase.number,
                title: phase.title.clone(),
                start_month: phase.months.start,
                end_month: phase.months.end,
            }),
        })
        .collect();
    CheckRole {
        slug: role.slug.to_string(),
        title: role.title.clone(),
        url: role.page_path(),
        titles: title_phrases_in(std::iter::once(&role.title).chain(&role.titles), lang),
        skills,
    }
}

/// A role's title phrases: each term tokenised, not case-sensitive, the
/// first of equal phrases (same keys and joins) kept ([`title_phrases_in`]
/// with no language).
pub fn title_phrases<'t>(terms: impl IntoIterator<Item = &'t String>) -> Vec<Phrase> {
    title_phrases_in(terms, None)
}

/// A role's title phrases in language `lang`, as [`title_phrases`] makes
/// them, ordinary words decided as in [`Phrase::new_in`].
pub fn title_phrases_in<'t>(
    terms: impl IntoIterator<Item = &'t String>,
    lang: Option<&str>,
) -> Vec<Phrase> {
    let mut phrases: Vec<Phrase> = Vec::new();
    for phrase in terms
        .into_iter()
        .filter_map(|t| Phrase::new_in(t, false, lang))
    {
        if !phrases
            .iter()
            .any(|p| p.keys == phrase.keys && p.joins == phrase.joins)
        {
            phrases.push(phrase);
        }
    }
    phrases
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyword(term: &str, case_sensitive: bool) -> Keyword {
        Keyword {
            term: term.to_owned(),
            case_sensitive,
            unless: Vec::new(),
        }
    }

    #[test]
    fn phrases_keep_joins_and_case() {
        let phrase = Phrase::new("scikit-learn", false).unwrap();
        assert_eq!(
            (phrase.keys.clone(), phrase.joins.clone()),
            (vec!["scikit".into(), "learn".into()], vec![Join::Hyphen])
        );
        let go = Phrase::new("Go", true).unwrap();
        assert_eq!((go.keys[0].as_str(), go.ordinary), ("Go", true));
        assert!(Phrase::new("go", false).unwrap().ordinary);
        assert!(!Phrase::new("golang", false).unwrap().ordinary);
        assert!(Phrase::new(" - ", false).is_none());
    }

    #[test]
    fn synonyms_expand_by_name_and_member() {
        let groups = BTreeMap::from([
            ("kubernetes".to_owned(), vec!["k8s".to_owned()]),
            (
                "postgresql".to_owned(),
                vec!["postgres".to_owned(), "psql".to_owned()],
            ),
        ]);
        let synonyms = Synonyms::new(&groups);
        let terms = |keywords: &[Keyword]| -> Vec<String> {
            synonyms
                .phrases_for(keywords)
                .into_iter()
                .map(|p| p.term)
                .collect()
        };
        assert_eq!(
            terms(&[keyword("Kubernetes", false)]),
            ["Kubernetes", "k8s"]
        );
        assert_eq!(
            terms(&[keyword("postgres", false)]),
            ["postgres", "postgresql", "psql"]
        );
        assert_eq!(terms(&[keyword("mysql", false)]), ["mysql"]);
    }

    #[test]
    fn a_language_decides_ordinary_words_too() {
        // German `Entwicklung` ("development"), French `développement`.
        for (term, lang) in [("Entwicklung", "de"), ("développement", "fr")] {
            assert!(Phrase::new_in(term, false, Some(lang)).unwrap().ordinary);
            assert!(!Phrase::new_in(term, false, None).unwrap().ordinary);
            assert!(!Phrase::new(term, false).unwrap().ordinary);
            assert!(is_ambiguous_keyword_in(&keyword(term, false), Some(lang)));
            assert!(!is_ambiguous_keyword(&keyword(term, false)));
        }
        for lang in [None, Some("de"), Some("fr"), Some("es")] {
            assert!(!Phrase::new_in("Kubernetes", false, lang).unwrap().ordinary);
            assert!(Phrase::new_in("go", false, lang).unwrap().ordinary);
            // Only one token can be an ordinary word.
            assert!(
                !Phrase::new_in("agile Entwicklung", false, lang)
                    .unwrap()
                    .ordinary
            );
        }
        let keyword_in = |term: &str, lang| {
            let keyword = keyword(term, false);
            Phrase::of_keyword_in(&keyword, lang).unwrap().ordinary
        };
        assert!(keyword_in("daten", Some("de")) && !keyword_in("daten", None));

        // Synonym terms get the language's flag too, whatever the groups.
        let groups = BTreeMap::from([(
            "datenbank".to_owned(),
            vec!["daten".to_owned(), "dbms".to_owned()],
        )]);
        let synonyms = Synonyms::new(&groups);
        let flags = |lang| -> Vec<(String, bool)> {
            synonyms
                .phrases_for_in(&[keyword("datenbank", false)], lang)
                .into_iter()
                .map(|p| (p.term, p.ordinary))
                .collect()
        };
        let row = |term: &str, ordinary| (term.to_owned(), ordinary);
        assert_eq!(
            flags(Some("de")),
            [
                row("datenbank", false),
                row("daten", true),
                row("dbms", false)
            ]
        );
        assert_eq!(
            flags(None),
            [
                row("datenbank", false),
                row("daten", false),
                row("dbms", false)
            ]
        );
        assert_eq!(
            synonyms.phrases_for(&[keyword("datenbank", false)]),
            synonyms.phrases_for_in(&[keyword("datenbank", false)], None)
        );

        let titles = ["Softwareentwickler".to_owned(), "Entwicklung".to_owned()];
        let ordinary: Vec<bool> = title_phrases_in(&titles, Some("de"))
            .iter()
            .map(|p| p.ordinary)
            .collect();
        assert_eq!(ordinary, [false, true]);
        assert!(title_phrases(&titles).iter().all(|p| !p.ordinary));
    }

    #[test]
    fn ordinary_words_without_case_are_ambiguous() {
        assert!(is_ambiguous_keyword(&keyword("Go", false)));
        assert!(!is_ambiguous_keyword(&keyword("Go", true)));
        assert!(!is_ambiguous_keyword(&keyword("go lang", false)));
    }
}
