//! Per-language negation vocabulary (docs/checker.md, section 8.5).
//!
//! The shared lists of [`super::compile`] (`DEFAULT_NEGATION_CUES` and the
//! rest) apply to every text whatever its language, since a CV does not
//! declare one: they hold English and the most common German, French,
//! Spanish and Portuguese terms. A page of a site edition in one of those
//! languages can afford more of that language: the longer expressions a
//! recruiter meets in its CVs ("lerne gerade", "en cours d'apprentissage",
//! "me gustaría aprender"), the fixed expressions that hold a cue without
//! negating ("pas à pas", "sans oublier", "sin problemas"), and more
//! contrast words and conjunctions.
//!
//! [`negation_terms_for`] gives those additions, none of them already in a
//! shared list. A page's lists are the site's lists extended with them
//! ([`NegationTerms::extended_with`]), so a site that replaces a shared
//! list in `rolemap.yaml` still gets the language's additions to that list
//! on the language's pages (but not the shared terms it replaced):
//!
//! ```
//! use rolemap::checker::compile::{NegationTerms, Settings};
//! use rolemap::checker::languages::negation_terms_for;
//!
//! let terms = NegationTerms::default().extended_with(&negation_terms_for("de"));
//! let settings = Settings::new(&terms, Settings::default_bands());
//! # assert!(settings.negation_cues.len() > NegationTerms::default().before.len());
//! ```
//!
//! The policy is the English one of section 8: limited or missing
//! experience and the wish to learn are cues ("wenig Erfahrung", "peu de
//! connaissances", "quiero aprender"); basic knowledge is still knowledge
//! claimed, so "Grundkenntnisse", "notions de", "nociones de" and "noções
//! de" are not cues, any more than "basic" is, and neither are "erste
//! Erfahrungen" or "premières expériences". A cue is only added when it
//! cannot negate an ordinary positive sentence of a CV: a bare German
//! "möchte" or "lerne" (in "möchte meine Java-Erfahrung einbringen", "lerne
//! schnell") or a bare Spanish "aprendiendo" is not one.

use super::compile::NegationTerms;
use super::words::primary_subtag;

/// The languages with a vocabulary of their own, as primary language
/// subtags (ISO 639-1).
pub const LANGUAGES: &[&str] = &["de", "fr", "es", "pt"];

/// A language's terms beyond the shared lists, as written (the fields of
/// [`NegationTerms`]); a unit test checks that none is shared.
struct Vocabulary {
    before: &'static [&'static str],
    after: &'static [&'static str],
    stops: &'static [&'static str],
    exceptions: &'static [&'static str],
    double: &'static [&'static str],
    conjunctions: &'static [&'static str],
}

/// German. Word order puts many negations after the verb at the end of a
/// clause ("Kafka kenne ich nicht"), beyond what a cue before a term
/// covers; the labelled form of CVs ("Kafka: keine Kenntnisse") is a cue
/// after.
const GERMAN: Vocabulary = Vocabulary {
    before: &[
        "wenig Kenntnisse",
        "wenige Kenntnisse",
        "geringe Erfahrung",
        "geringe Kenntnisse",
        "begrenzte Erfahrung",
        "begrenzte Kenntnisse",
        "kaum Erfahrung",
        "kaum Kenntnisse",
        "fehlende Erfahrung",
        "fehlende Kenntnisse",
        "mangelnde Erfahrung",
        "mangelnde Kenntnisse",
        "unerfahren in",
        "unerfahren mit",
        "Anfängerin in",
        "Einsteiger in",
        "Einsteigerin in",
        "lerne gerade",
        "lerne derzeit",
        "lerne aktuell",
        "lerne momentan",
    ],
    after: &[
        "keine Kenntnisse",
        "keinerlei",
        "keinerlei Erfahrung",
        "keinerlei Kenntnisse",
        "noch keine",
        "noch keine Erfahrung",
        "noch nie",
        "nie verwendet",
        "nie genutzt",
        "wenig Erfahrung",
        "lerne gerade",
        "am Lernen",
        "Anfängerin",
        "Einsteiger",
        "Einsteigerin",
    ],
    stops: &[
        "doch",
        "dafür",
        "stattdessen",
        "wohingegen",
        "während",
        "dennoch",
        "trotzdem",
        "ausgenommen",
        "abgesehen von",
    ],
    exceptions: &[
        "nicht allein",
        "nicht bloß",
        "nicht ausschließlich",
        "nicht zu vergessen",
        "nicht selten",
        "nicht mehr als",
        "nicht mehr",
        "nie verpasst",
        "ohne Weiteres",
        "ohne Ausfallzeit",
        "ohne Ausfallzeiten",
        "ohne Unterbrechung",
        "ohne Probleme",
        "ohne Schwierigkeiten",
    ],
    double: &[],
    conjunctions: &["und/oder", "beziehungsweise", "als auch"],
};

/// French. `ne` carries no negation of its own: the `pas`, `jamais`,
/// `aucun` or `ni` after it does.
const FRENCH: Vocabulary = Vocabulary {
    before: &[
        "ni",
        "peu de connaissances",
        "peu de pratique",
        "expérience limitée",
        "connaissances limitées",
        "débutant dans",
        "débutante dans",
        "novice en",
        "novice dans",
        "en cours d'apprentissage",
        "en train d'apprendre",
        "apprends actuellement",
        "aimerais apprendre",
        "voudrais apprendre",
        "souhaite apprendre",
        "veux apprendre",
        "envie d'apprendre",
        "désireux d'apprendre",
        "désireuse d'apprendre",
    ],
    after: &[
        "aucune connaissance",
        "pas encore utilisé",
        "jamais utilisé",
        "en cours d'apprentissage",
        "en apprentissage",
        "à apprendre",
        "novice",
    ],
    stops: &[
        "néanmoins",
        "par contre",
        "en revanche",
        "excepté",
        "hormis",
        "à part",
        "quoique",
        "même si",
    ],
    exceptions: &[
        "non seulement",
        "pas que",
        "pas plus de",
        "pas mal",
        "pas à pas",
        "pas hésité",
        "jamais manqué",
        "sans faille",
        "sans cesse",
        "sans relâche",
        "sans interruption",
        "sans temps d'arrêt",
        "sans exception",
        "sans compter",
        "sans oublier",
    ],
    double: &[],
    conjunctions: &["et/ou", "ou bien", "ainsi que", "voire"],
};

/// Spanish.
const SPANISH: Vocabulary = Vocabulary {
    before: &[
        "ni",
        "tampoco",
        "nada de",
        "desconozco",
        "pocos conocimientos",
        "poco conocimiento",
        "escasa experiencia",
        "escasos conocimientos",
        "experiencia limitada",
        "conocimientos limitados",
        "novato en",
        "novata en",
        "principiante con",
        "actualmente aprendiendo",
        "aprendiendo actualmente",
        "me gustaría aprender",
        "quisiera aprender",
        "deseo aprender",
        "planeo aprender",
        "ganas de aprender",
    ],
    after: &[
        "nada",
        "ninguna experiencia",
        "sin conocimientos",
        "en aprendizaje",
        "nunca usado",
        "nunca utilizado",
        "novato",
        "novata",
    ],
    stops: &[
        "en cambio",
        "si bien",
        "a pesar de",
        "aun así",
        "a excepción de",
    ],
    exceptions: &[
        "no menos que",
        "no más de",
        "no más que",
        "ya no",
        "no importa",
        "no cabe duda",
        "no hay duda",
        "nunca falla",
        "nunca falló",
        "sin lugar a dudas",
        "sin problemas",
        "sin interrupciones",
        "sin tiempo de inactividad",
        "sin excepción",
        "sin falta",
        "sin parar",
        "sin olvidar",
    ],
    double: &[],
    conjunctions: &["y/o", "o bien", "así como"],
};

/// Portuguese (Brazilian and European spellings where they differ).
const PORTUGUESE: Vocabulary = Vocabulary {
    before: &[
        "nem",
        "nada de",
        "desconheço",
        "pouco conhecimento",
        "poucos conhecimentos",
        "experiência limitada",
        "conhecimentos limitados",
        "novato em",
        "novata em",
        "iniciante com",
        "atualmente aprendendo",
        "aprendendo atualmente",
        "estou a aprender",
        "gostaria de aprender",
        "pretendo aprender",
        "desejo aprender",
        "vontade de aprender",
    ],
    after: &[
        "nada",
        "nenhuma experiência",
        "sem conhecimento",
        "sem conhecimentos",
        "em aprendizado",
        "a aprender",
        "nunca usado",
        "nunca utilizado",
        "novato",
        "novata",
    ],
    stops: &["apesar de", "ao passo que", "ainda assim", "senão"],
    exceptions: &[
        "não menos de",
        "não menos que",
        "não mais de",
        "não mais que",
        "já não",
        "não importa",
        "não há dúvida",
        "nunca falha",
        "nunca falhou",
        "sem problemas",
        "sem interrupções",
        "sem tempo de inatividade",
        "sem exceção",
        "sem falta",
        "sem parar",
        "sem esquecer",
    ],
    double: &[],
    conjunctions: &["nem", "e/ou", "bem como"],
};

fn vocabulary(lang: &str) -> Option<&'static Vocabulary> {
    match primary_subtag(lang).as_str() {
        "de" => Some(&GERMAN),
        "fr" => Some(&FRENCH),
        "es" => Some(&SPANISH),
        "pt" => Some(&PORTUGUESE),
        _ => None,
    }
}

/// A language's negation vocabulary (section 8.5), to extend the site's
/// lists with on that language's pages: all six lists, that language's
/// shared terms included. Empty for English (the shared lists are
/// English first) and for a language without a vocabulary of its own
/// (see [`LANGUAGES`]). `lang` is a language tag; only its primary subtag
/// counts (`de-CH` is `de`).
pub fn negation_terms_for(lang: &str) -> NegationTerms {
    let Some(v) = vocabulary(lang) else {
        return NegationTerms::empty();
    };
    let owned = |list: &[&str]| list.iter().map(|t| t.to_string()).collect();
    NegationTerms {
        before: owned(v.before),
        after: owned(v.after),
        stops: owned(v.stops),
        exceptions: owned(v.exceptions),
        double: owned(v.double),
        conjunctions: owned(v.conjunctions),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::compile::{
        CheckRole, CheckSkill, Phrase, Settings, DEFAULT_DOUBLE_NEGATION,
        DEFAULT_LIST_CONJUNCTIONS, DEFAULT_NEGATION_CUES, DEFAULT_NEGATION_CUES_AFTER,
        DEFAULT_NEGATION_EXCEPTIONS, DEFAULT_NEGATION_STOPS,
    };
    use crate::checker::score::score;

    fn fold(term: &str) -> String {
        term.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    }

    fn vocabularies() -> [(&'static str, &'static Vocabulary); 4] {
        [
            ("de", &GERMAN),
            ("fr", &FRENCH),
            ("es", &SPANISH),
            ("pt", &PORTUGUESE),
        ]
    }

    fn named(lists: &Vocabulary) -> [(&'static str, &'static [&'static str]); 6] {
        [
            ("before", lists.before),
            ("after", lists.after),
            ("stops", lists.stops),
            ("exceptions", lists.exceptions),
            ("double", lists.double),
            ("conjunctions", lists.conjunctions),
        ]
    }

    const DEFAULTS: [&[&str]; 6] = [
        DEFAULT_NEGATION_CUES,
        DEFAULT_NEGATION_CUES_AFTER,
        DEFAULT_NEGATION_STOPS,
        DEFAULT_NEGATION_EXCEPTIONS,
        DEFAULT_DOUBLE_NEGATION,
        DEFAULT_LIST_CONJUNCTIONS,
    ];

    #[test]
    fn the_shared_defaults_are_unchanged() {
        // The English evaluation depends on these lists: a language's terms
        // are added per page, never to the shared lists.
        let lengths = DEFAULTS.map(<[&str]>::len);
        assert_eq!(lengths, [74, 40, 40, 54, 5, 14]);
        let terms = NegationTerms::default();
        assert_eq!(terms.extended_with(&NegationTerms::empty()), terms);
        assert_eq!(terms.extended_with(&terms), terms);
        assert_eq!(negation_terms_for("en"), NegationTerms::empty());
        assert_eq!(negation_terms_for("en-GB"), NegationTerms::empty());
        assert_eq!(negation_terms_for("it"), NegationTerms::empty());
        assert_eq!(negation_terms_for(""), NegationTerms::empty());
    }

    #[test]
    fn no_language_term_is_shared_or_repeated() {
        for (lang, v) in vocabularies() {
            for ((name, own), defaults) in named(v).into_iter().zip(DEFAULTS) {
                let defaults: Vec<String> = defaults.iter().map(|t| fold(t)).collect();
                for term in own {
                    assert!(
                        !defaults.contains(&fold(term)),
                        "{lang} {name}: {term} is shared"
                    );
                }
                let mut all: Vec<String> = own.iter().map(|t| fold(t)).collect();
                let count = all.len();
                all.sort();
                all.dedup();
                assert_eq!(all.len(), count, "{lang} {name} repeats a term");
            }
        }
    }

    #[test]
    fn every_term_has_tokens() {
        for (lang, v) in vocabularies() {
            for (name, list) in named(v) {
                for term in list {
                    assert!(Phrase::new(term, false).is_some(), "{lang} {name}: {term}");
                }
            }
        }
    }

    #[test]
    fn extending_appends_the_new_terms_only() {
        let defaults = NegationTerms::default();
        for lang in LANGUAGES {
            let own = negation_terms_for(lang);
            let extended = defaults.extended_with(&own);
            let appended = |list: &[String], base: &[String], more: &[String]| {
                list[..base.len()] == *base && list[base.len()..] == *more
            };
            assert!(appended(&extended.before, &defaults.before, &own.before));
            assert!(appended(&extended.after, &defaults.after, &own.after));
            assert!(appended(&extended.stops, &defaults.stops, &own.stops));
            assert!(appended(
                &extended.exceptions,
                &defaults.exceptions,
                &own.exceptions
            ));
            assert!(appended(&extended.double, &defaults.double, &own.double));
            assert!(appended(
                &extended.conjunctions,
                &defaults.conjunctions,
                &own.conjunctions
            ));
        }
        // A site that replaced a list still gets the language's additions,
        // those it already holds (case-folded) once.
        let site = NegationTerms {
            before: vec!["no".to_owned(), "Kaum  ERFAHRUNG".to_owned()],
            ..NegationTerms::empty()
        };
        let german = negation_terms_for("de");
        let extended = site.extended_with(&german);
        let mut want = site.before.clone();
        want.extend(
            german
                .before
                .iter()
                .filter(|t| *t != "kaum Erfahrung")
                .cloned(),
        );
        assert_eq!(extended.before, want);
        assert_eq!(extended.stops, german.stops);
        assert_eq!(negation_terms_for("DE_at"), german);
    }

    /// One skill a term, its id the term lower-cased.
    fn role(terms: &[&str]) -> CheckRole {
        CheckRole {
            slug: "role".to_owned(),
            title: "Role".to_owned(),
            url: "role/".to_owned(),
            titles: Vec::new(),
            skills: terms
                .iter()
                .map(|term| CheckSkill {
                    id: term.to_lowercase(),
                    name: term.to_string(),
                    weight: 1,
                    phrases: vec![Phrase::new(term, false).unwrap()],
                    phase: None,
                })
                .collect(),
        }
    }

    fn settings(lang: &str) -> Settings {
        let terms = NegationTerms::default().extended_with(&negation_terms_for(lang));
        Settings::new(&terms, Settings::default_bands())
    }

    /// The skills `text` meets and those it mentions only negated, on a
    /// page in `lang`.
    fn read(text: &str, lang: &str, terms: &[&str]) -> (Vec<String>, Vec<String>) {
        let fit = score(text, &role(terms), &settings(lang));
        (
            fit.met.into_iter().map(|m| m.id).collect(),
            fit.negated.into_iter().map(|n| n.id).collect(),
        )
    }

    /// Checks cases of (text, met, negated), each term of either list a
    /// skill; `only` says a case reads differently with the shared lists
    /// alone.
    fn check(lang: &str, cases: &[(&str, &[&str], &[&str], bool)]) {
        for &(text, met, negated, only) in cases {
            let terms: Vec<&str> = met.iter().chain(negated).copied().collect();
            let lower = |list: &[&str]| list.iter().map(|t| t.to_lowercase()).collect::<Vec<_>>();
            let want = (lower(met), lower(negated));
            let mut got = read(text, lang, &terms);
            got.0.sort();
            got.1.sort();
            let mut want_sorted = want.clone();
            want_sorted.0.sort();
            want_sorted.1.sort();
            assert_eq!(got, want_sorted, "{lang}: {text}");
            let mut shared = read(text, "en", &terms);
            shared.0.sort();
            shared.1.sort();
            assert_eq!(
                shared != want_sorted,
                only,
                "{lang}, shared lists only: {text}"
            );
        }
    }

    #[test]
    fn german_pages() {
        check(
            "de",
            &[
                ("Keine Kenntnisse in Kafka.", &[], &["Kafka"], false),
                ("Kafka: keine Erfahrung", &[], &["Kafka"], false),
                ("Kafka: keine Kenntnisse", &[], &["Kafka"], true),
                (
                    "Kein Docker, aber Kubernetes",
                    &["Kubernetes"],
                    &["Docker"],
                    false,
                ),
                (
                    "Kein Docker, dafür Kubernetes",
                    &["Kubernetes"],
                    &["Docker"],
                    false,
                ),
                (
                    "Nicht nur Java, sondern auch Kotlin",
                    &["Java", "Kotlin"],
                    &[],
                    false,
                ),
                ("Lerne gerade Rust.", &[], &["Rust"], true),
                ("Kaum Erfahrung mit Terraform", &[], &["Terraform"], true),
                (
                    "Ohne Ausfallzeiten auf Kubernetes migriert",
                    &["Kubernetes"],
                    &[],
                    true,
                ),
                ("Grundkenntnisse in Terraform", &["Terraform"], &[], false),
                (
                    "Erste Erfahrungen mit Terraform",
                    &["Terraform"],
                    &[],
                    false,
                ),
                ("Ich deploye nie ohne Terraform", &["Terraform"], &[], false),
            ],
        );
    }

    #[test]
    fn french_pages() {
        check(
            "fr",
            &[
                ("Aucune expérience en Kafka", &[], &["Kafka"], false),
                (
                    "Je ne connais ni Docker ni Kubernetes.",
                    &[],
                    &["Docker", "Kubernetes"],
                    true,
                ),
                (
                    "Pas de Docker, mais Kubernetes",
                    &["Kubernetes"],
                    &["Docker"],
                    false,
                ),
                (
                    "Pas de Docker, par contre Kubernetes",
                    &["Kubernetes"],
                    &["Docker"],
                    false,
                ),
                (
                    "Non seulement Java, mais aussi Kotlin",
                    &["Java", "Kotlin"],
                    &[],
                    false,
                ),
                (
                    "Formation pas à pas sur Kubernetes",
                    &["Kubernetes"],
                    &[],
                    true,
                ),
                ("Kafka (en cours d'apprentissage)", &[], &["Kafka"], true),
                ("J'aimerais apprendre Rust", &[], &["Rust"], true),
                ("Notions de Terraform", &["Terraform"], &[], false),
                ("Java, sans oublier Kotlin", &["Java", "Kotlin"], &[], true),
            ],
        );
    }

    #[test]
    fn spanish_pages() {
        check(
            "es",
            &[
                ("Sin experiencia en Kafka", &[], &["Kafka"], false),
                (
                    "No Docker, pero sí Kubernetes",
                    &["Kubernetes"],
                    &["Docker"],
                    false,
                ),
                (
                    "No solo Java, sino también Kotlin",
                    &["Java", "Kotlin"],
                    &[],
                    false,
                ),
                ("Me gustaría aprender Rust", &[], &["Rust"], true),
                ("Kafka: nada", &[], &["Kafka"], true),
                (
                    "Desplegué sin problemas en Kubernetes",
                    &["Kubernetes"],
                    &[],
                    true,
                ),
                ("Tampoco Terraform", &[], &["Terraform"], true),
                ("Nociones de Terraform", &["Terraform"], &[], false),
            ],
        );
    }

    #[test]
    fn portuguese_pages() {
        check(
            "pt",
            &[
                ("Sem experiência em Kafka", &[], &["Kafka"], false),
                ("Gostaria de aprender Rust", &[], &["Rust"], true),
                (
                    "Não só Java, mas também Kotlin",
                    &["Java", "Kotlin"],
                    &[],
                    false,
                ),
                (
                    "Implantei sem problemas em Kubernetes",
                    &["Kubernetes"],
                    &[],
                    true,
                ),
                ("Noções de Terraform", &["Terraform"], &[], false),
            ],
        );
    }
}
