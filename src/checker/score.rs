//! Scoring a text against roles (docs/checker.md, sections 4, 6, 8, 9 and 10).
//!
//! A text is analysed once ([`Analysis`]: tokens, an index from token keys
//! to positions, which tokens negation covers) and then scored against any number
//! of roles, so ranking a CV against a thousand roles costs a few hash
//! lookups per phrase rather than a scan of the text per phrase.

use std::collections::BTreeMap;
use std::sync::Mutex;

use rayon::prelude::*;

use serde::Serialize;

use super::compile::{join_accepts, CheckRole, CheckerData, Exclusion, Phrase, Settings};
use super::negation::negated_tokens;
use super::text::{facts, normalise, tokenize, Facts, FastMap, Join, Token};

/// Context code points on each side of a match in an evidence snippet.
const SNIPPET_CONTEXT: usize = 40;

/// What a mention that counts for one role only is worth in the relevance
/// (section 12); a mention that counts for `d` roles is worth `SPECIFICITY / d`.
pub const SPECIFICITY: u32 = 1000;

/// A stated job title counts as much as a skill of this weight (section 12).
pub const TITLE_WEIGHT: u32 = 5;

/// A met skill and the evidence for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Met {
    /// Skill id.
    pub id: String,
    /// The phrase that matched.
    pub term: String,
    /// The visitor's text around the match.
    pub snippet: String,
}

/// A skill still to learn: the text gives no evidence of it, or mentions
/// it only in negated form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// Skill id.
    pub id: String,
    /// Skill weight.
    pub weight: u8,
    /// Number of the phase that teaches it.
    pub phase: Option<u32>,
}

/// A skill the text mentions only in negated form, with the mention that
/// was discounted (its first in text order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Negated {
    /// Skill id.
    pub id: String,
    /// The phrase that matched.
    pub term: String,
    /// The visitor's text around the mention.
    pub snippet: String,
}

/// How well a text fits one role; the shape `rank` returns in both Rust and JS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleFit {
    /// Role slug.
    pub slug: String,
    /// Role title.
    pub title: String,
    /// Fit percentage, 0 to 100.
    pub score: u8,
    /// The band label for the score.
    pub band: String,
    /// Met skills in skill order.
    pub met: Vec<Met>,
    /// Skills to learn, heaviest first: negated skills included.
    pub missing: Vec<Missing>,
    /// The skills of `missing` mentioned only in negated form, in skill order.
    pub negated: Vec<Negated>,
    /// The number of the earliest phase that teaches a skill of `missing`.
    pub next_phase: Option<u32>,
    /// How strongly the text points to this role rather than the others
    /// ranked with it: what `rank` sorts by (section 12).
    pub relevance: u32,
}

/// One kept match of a phrase in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Match {
    /// Index of the skill in its role.
    pub skill: usize,
    /// Index of the phrase in its skill.
    pub phrase: usize,
    /// First token of the match.
    pub first: usize,
    /// Number of tokens.
    pub len: usize,
    /// Whether a negation cue precedes it.
    pub negated: bool,
}

/// A text prepared for scoring.
pub struct Analysis {
    chars: Vec<char>,
    tokens: Vec<Token>,
    /// What the rules of section 4 need to know about each token.
    facts: Vec<Facts>,
    /// Token positions by key (and by the key of a fused pair, at its first
    /// token).
    by_key: FastMap<String, Vec<usize>>,
    /// Token positions by the words they may be a folded form of: `python`
    /// for `python3`, `api` for `apis`, `library` for `libraries`.
    by_stem: FastMap<String, Vec<usize>>,
    /// Whether a match starting at each token is negated (section 8).
    negated: Vec<bool>,
    /// Snippets already cut, by match span: ranking scores the same
    /// mention for many roles.
    snippets: Mutex<FastMap<(usize, usize), String>>,
}

impl Analysis {
    /// Normalises, tokenises and indexes `text`.
    pub fn new(text: &str, settings: &Settings) -> Analysis {
        let chars = normalise(text);
        let tokens = tokenize(&chars);
        let facts = facts(&chars, &tokens);
        let mut by_key: FastMap<String, Vec<usize>> = FastMap::default();
        let mut by_stem: FastMap<String, Vec<usize>> = FastMap::default();
        let fused = facts.iter().map(|f| f.fused.as_deref().map(|(key, _)| key));
        for (i, (token, fused)) in tokens.iter().zip(fused).enumerate() {
            for key in std::iter::once(&token.key).chain(fused) {
                by_key.entry(key.clone()).or_default().push(i);
                for stem in fold_stems(key) {
                    by_stem.entry(stem).or_default().push(i);
                }
            }
        }
        let negated = negated_tokens(&chars, &tokens, &by_key, settings);
        Analysis {
            chars,
            tokens,
            facts,
            by_key,
            by_stem,
            negated,
            snippets: Mutex::default(),
        }
    }

    fn positions(&self, key: &str) -> &[usize] {
        self.by_key.get(key).map_or(&[], Vec::as_slice)
    }

    /// Token indices where `phrase` may start, before checking the whole
    /// phrase. May repeat an index; the overlap rule keeps one match.
    #[inline(always)]
    fn candidate_starts<'p>(&'p self, phrase: &'p Phrase) -> impl Iterator<Item = usize> + 'p {
        let first = phrase.keys.first().map_or("", String::as_str);
        let (exact, folded): (&[usize], &[usize]) = if phrase.case_sensitive {
            (self.positions(&first.to_lowercase()), &[])
        } else if phrase.keys.len() == 1 {
            // A one-token phrase's only key is also its last, so it folds.
            let folded = self.by_stem.get(first).map_or(&[][..], Vec::as_slice);
            (self.positions(first), folded)
        } else {
            (self.positions(first), &[])
        };
        exact.iter().chain(folded).copied()
    }

    /// Reads `keys` and `joins` from token `i` on (rules 1 and 2 of section
    /// 4): each key by one token or else by a fused pair. Gives the end of
    /// the tokens read and whether a key was read in its upper-case form.
    #[inline(always)]
    fn read(
        &self,
        keys: &[String],
        joins: &[Join],
        i: usize,
        case_sensitive: bool,
    ) -> Option<(usize, bool)> {
        let (mut at, mut upper) = (i, false);
        for (k, want) in keys.iter().enumerate() {
            let token = self.tokens.get(at)?;
            if k > 0 && !join_accepts(joins[k - 1], token.join) {
                return None;
            }
            let fold = !case_sensitive && k == keys.len() - 1;
            let facts = &self.facts[at];
            let (width, as_upper) =
                match key_reads(want, &token.key, &token.text, case_sensitive, fold, facts) {
                    Some(as_upper) => (1, as_upper),
                    None => {
                        let (key, text) = facts.fused.as_deref()?;
                        (2, key_reads(want, key, text, case_sensitive, fold, facts)?)
                    }
                };
            at += width;
            upper |= as_upper;
        }
        Some((at, upper))
    }

    /// Where a match of `phrase` at token `i` ends (section 4), if it matches.
    #[inline(always)]
    fn matches_at(&self, phrase: &Phrase, i: usize) -> Option<usize> {
        let (end, upper) = self.read(&phrase.keys, &phrase.joins, i, phrase.case_sensitive)?;
        let first = &self.tokens[i];
        let hyphen = |join: Join| matches!(join, Join::Hyphen | Join::Break);
        // Cheapest first: most candidates pass every rule. A hyphen never
        // joins the first token, so `i - 1` exists.
        if hyphen(first.join) && (phrase.ordinary || self.tokens[i - 1].key == "non") {
            return None;
        }
        if let Some(next) = self.tokens.get(end) {
            let after = &self.facts[end];
            if phrase.ordinary && (hyphen(next.join) || (after.year && after.follows)) {
                return None;
            }
            let excluded = |x: &Exclusion| self.read(&x.keys, &x.joins, end, false).is_some();
            if after.follows && phrase.unless.iter().any(excluded) {
                return None;
            }
        }
        let listed = || self.facts[i].opens && self.facts[end - 1].closes;
        if phrase.case_sensitive && (first.sentence_start || upper) && !listed() {
            return None;
        }
        (!self.facts[i..end].iter().any(|f| f.address)).then_some(end)
    }

    /// Whether a match starting at token `i` is negated (section 8).
    fn is_negated(&self, i: usize) -> bool {
        self.negated.get(i).copied().unwrap_or(false)
    }

    /// Every kept match of the role's phrases, in text order (section 6).
    pub fn matches(&self, role: &CheckRole) -> Vec<Match> {
        let found = self.phrase_matches(std::slice::from_ref(role));
        self.kept_matches(role, &found.ids[0], &found.spans)
    }

    /// Where every distinct phrase of `roles` matches (section 4), found
    /// once: ranking meets the same phrases in many roles (a thousand
    /// synthetic roles hold 36,000 phrases, 588 of them distinct).
    fn phrase_matches(&self, roles: &[CheckRole]) -> PhraseMatches {
        let mut table: FastMap<Shape<'_>, usize> = FastMap::default();
        let mut spans: Vec<Vec<(usize, usize)>> = Vec::new();
        let ids = roles
            .iter()
            .map(|role| {
                let phrases = role.skills.iter().flat_map(|skill| &skill.phrases);
                phrases
                    .map(|phrase| {
                        *table.entry(Shape::of(phrase)).or_insert_with(|| {
                            spans.push(self.phrase_spans(phrase));
                            spans.len() - 1
                        })
                    })
                    .collect()
            })
            .collect();
        PhraseMatches { ids, spans }
    }

    /// Every (first token, number of tokens) where `phrase` matches.
    fn phrase_spans(&self, phrase: &Phrase) -> Vec<(usize, usize)> {
        self.candidate_starts(phrase)
            .filter_map(|i| self.matches_at(phrase, i).map(|end| (i, end - i)))
            .collect()
    }

    /// The kept matches of one role (section 6) from where its phrases
    /// match: `ids` gives each phrase's entry in `spans`, skill by skill.
    fn kept_matches(
        &self,
        role: &CheckRole,
        ids: &[usize],
        spans: &[Vec<(usize, usize)>],
    ) -> Vec<Match> {
        let mut candidates = Vec::new();
        let mut ids = ids.iter();
        for (s, skill) in role.skills.iter().enumerate() {
            for p in 0..skill.phrases.len() {
                let Some(&id) = ids.next() else { break };
                candidates.extend(spans[id].iter().map(|&(i, len)| (len, i, s, p)));
            }
        }
        // The longest-first choice only matters within a run of
        // overlapping candidates: sweep them in order of start and resolve
        // each run on its own.
        candidates.sort_unstable_by_key(|&(_, first, _, _)| first);
        let mut matches: Vec<Match> = Vec::new();
        let mut run: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut run_end = 0;
        for candidate in candidates {
            if candidate.1 >= run_end {
                self.keep_run(&mut run, &mut matches);
            }
            run_end = run_end.max(candidate.1 + candidate.0);
            run.push(candidate);
        }
        self.keep_run(&mut run, &mut matches);
        matches
    }

    /// Section 6 within one run of overlapping candidates (len, first,
    /// skill, phrase): longest first, then start, skill and phrase; the
    /// winners are appended to `matches` in text order, and `run` emptied.
    fn keep_run(&self, run: &mut Vec<(usize, usize, usize, usize)>, matches: &mut Vec<Match>) {
        if run.len() > 1 {
            run.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2, a.3).cmp(&(b.1, b.2, b.3))));
            let mut kept = Intervals::default();
            run.retain(|&(len, first, _, _)| kept.insert(first, len));
            run.sort_unstable_by_key(|&(_, first, _, _)| first);
        }
        matches.extend(run.drain(..).map(|(len, first, skill, phrase)| Match {
            skill,
            phrase,
            first,
            len,
            negated: self.is_negated(first),
        }));
    }

    /// The text's tokens, in order; a [`Match`] counts in these.
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// The display text (section 1), which token offsets count in.
    pub fn display(&self) -> &[char] {
        &self.chars
    }

    /// Code-point range of a match in the display text.
    pub fn span(&self, m: &Match) -> (usize, usize) {
        (
            self.tokens[m.first].start,
            self.tokens[m.first + m.len - 1].end,
        )
    }

    /// The evidence snippet around a match (section 9).
    fn snippet(&self, m: &Match) -> String {
        let span = self.span(m);
        let cached = self
            .snippets
            .lock()
            .ok()
            .and_then(|cache| cache.get(&span).cloned());
        cached.unwrap_or_else(|| {
            let snippet = self.cut_snippet(span);
            if let Ok(mut cache) = self.snippets.lock() {
                cache.insert(span, snippet.clone());
            }
            snippet
        })
    }

    fn cut_snippet(&self, (start, end): (usize, usize)) -> String {
        let len = self.chars.len();
        let mut a = start.saturating_sub(SNIPPET_CONTEXT);
        let mut b = (end + SNIPPET_CONTEXT).min(len);
        if a > 0 {
            if let Some(k) = (a..start).find(|&k| self.chars[k].is_whitespace()) {
                a = k + 1;
            }
        }
        if b < len {
            if let Some(k) = (end..b).rev().find(|&k| self.chars[k].is_whitespace()) {
                b = k;
            }
        }
        let mut snippet = String::new();
        if a > 0 {
            snippet.push('…');
        }
        let body: String = self.chars[a..b].iter().collect();
        snippet.push_str(&body.split_whitespace().collect::<Vec<_>>().join(" "));
        if b < len {
            snippet.push('…');
        }
        snippet
    }

    /// Scores one role alone (sections 9 and 12), as `rank` of that role.
    pub fn score(&self, role: &CheckRole, settings: &Settings) -> RoleFit {
        self.rank(std::slice::from_ref(role), settings)
            .pop()
            .expect("one role")
    }

    /// Scores every role and sorts them by relevance (section 12).
    pub fn rank(&self, roles: &[CheckRole], settings: &Settings) -> Vec<RoleFit> {
        let found = self.phrase_matches(roles);
        let judged: Vec<(Vec<Match>, RoleFit)> = roles
            .par_iter()
            .zip(&found.ids)
            .map(|(role, ids)| {
                let matches = self.kept_matches(role, ids, &found.spans);
                let fit = self.judge(role, settings, &matches);
                (matches, fit)
            })
            .collect();
        // How many roles each counting mention (a span of tokens) counts
        // for: by first token, then by length (a handful at most).
        let mut counts: Vec<Vec<(usize, u32)>> = vec![Vec::new(); self.tokens.len()];
        for (matches, _) in &judged {
            for m in matches.iter().filter(|m| !m.negated) {
                let at = &mut counts[m.first];
                match at.iter_mut().find(|(len, _)| *len == m.len) {
                    Some((_, count)) => *count += 1,
                    None => at.push((m.len, 1)),
                }
            }
        }
        let roles_counting = |m: &Match| {
            counts[m.first]
                .iter()
                .find(|(len, _)| *len == m.len)
                .map_or(1, |&(_, count)| count)
        };
        let titles = self.title_values(roles);
        let mut ranked: Vec<(u32, usize, RoleFit)> = judged
            .into_par_iter()
            .zip(roles)
            .zip(titles)
            .enumerate()
            .map(|(index, (((matches, mut fit), role), title))| {
                // The largest value of each skill's counting matches.
                let mut best: Vec<Option<u32>> = vec![None; role.skills.len()];
                for m in matches.iter().filter(|m| !m.negated) {
                    let value = SPECIFICITY / roles_counting(m);
                    best[m.skill] = best[m.skill].max(Some(value));
                }
                let (mut met_weight, mut evidence) = (0, 0);
                for (skill, best) in role.skills.iter().zip(best) {
                    if let Some(best) = best {
                        met_weight += u32::from(skill.weight);
                        evidence += u32::from(skill.weight) * best;
                    }
                }
                fit.relevance = evidence + TITLE_WEIGHT * title;
                (met_weight, index, fit)
            })
            .collect();
        ranked.sort_by(|a, b| {
            (b.2.relevance, b.0, b.2.score)
                .cmp(&(a.2.relevance, a.0, a.2.score))
                .then(a.1.cmp(&b.1))
        });
        ranked.into_iter().map(|(_, _, fit)| fit).collect()
    }

    /// The value of each role's best stated job title (section 12): title
    /// phrases of every role matched in the text, longest first, a span
    /// shared by every role whose title matches exactly there.
    fn title_values(&self, roles: &[CheckRole]) -> Vec<u32> {
        let mut candidates = Vec::new();
        for (r, role) in roles.iter().enumerate() {
            for phrase in &role.titles {
                for i in self.candidate_starts(phrase) {
                    if let Some(end) = self.matches_at(phrase, i) {
                        candidates.push((end - i, i, r));
                    }
                }
            }
        }
        candidates.sort_unstable_by(|a, b| b.0.cmp(&a.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        // Kept spans by (first token, length), and the roles each names.
        let mut kept = Intervals::default();
        let mut spans: FastMap<(usize, usize), Vec<usize>> = FastMap::default();
        for (len, first, r) in candidates {
            if let Some(named) = spans.get_mut(&(first, len)) {
                if !named.contains(&r) {
                    named.push(r);
                }
            } else if kept.insert(first, len) {
                spans.insert((first, len), vec![r]);
            }
        }
        let mut values = vec![0; roles.len()];
        for ((first, _), named) in spans {
            if self.is_negated(first) {
                continue;
            }
            let value = SPECIFICITY / named.len() as u32;
            for r in named {
                values[r] = values[r].max(value);
            }
        }
        values
    }

    /// The fit of one role from its kept matches (section 9); its relevance
    /// is left at 0 for `rank` to set.
    fn judge(&self, role: &CheckRole, settings: &Settings, matches: &[Match]) -> RoleFit {
        let mut met = Vec::new();
        let mut missing = Vec::new();
        let mut negated = Vec::new();
        let (mut met_weight, mut total_weight) = (0u32, 0u32);
        for (s, skill) in role.skills.iter().enumerate() {
            total_weight += u32::from(skill.weight);
            let mut mentions = matches.iter().filter(|m| m.skill == s).peekable();
            let first_mention = mentions.peek().copied();
            let mention = |m: &Match| (skill.phrases[m.phrase].term.clone(), self.snippet(m));
            match (mentions.find(|m| !m.negated), first_mention) {
                (Some(evidence), _) => {
                    met_weight += u32::from(skill.weight);
                    let (term, snippet) = mention(evidence);
                    met.push(Met {
                        id: skill.id.clone(),
                        term,
                        snippet,
                    });
                    continue;
                }
                (None, Some(discounted)) => {
                    let (term, snippet) = mention(discounted);
                    negated.push(Negated {
                        id: skill.id.clone(),
                        term,
                        snippet,
                    });
                }
                (None, None) => {}
            }
            missing.push((s, skill));
        }
        missing.sort_by(|a, b| b.1.weight.cmp(&a.1.weight).then(a.0.cmp(&b.0)));
        let next_phase = missing
            .iter()
            .filter_map(|(_, skill)| skill.phase.as_ref().map(|p| p.number))
            .min();
        let score = fit(met_weight, total_weight);
        RoleFit {
            slug: role.slug.clone(),
            title: role.title.clone(),
            score,
            band: band(settings, score),
            met,
            missing: missing
                .into_iter()
                .map(|(_, skill)| Missing {
                    id: skill.id.clone(),
                    weight: skill.weight,
                    phase: skill.phase.as_ref().map(|p| p.number),
                })
                .collect(),
            negated,
            next_phase,
            relevance: 0,
        }
    }
}

/// A phrase as the rules of section 4 see it: all but its reported term.
#[derive(PartialEq, Eq, Hash)]
struct Shape<'p> {
    keys: &'p [String],
    joins: &'p [Join],
    case_sensitive: bool,
    ordinary: bool,
    unless: &'p [Exclusion],
}

impl<'p> Shape<'p> {
    fn of(phrase: &'p Phrase) -> Shape<'p> {
        Shape {
            keys: &phrase.keys,
            joins: &phrase.joins,
            case_sensitive: phrase.case_sensitive,
            ordinary: phrase.ordinary,
            unless: &phrase.unless,
        }
    }
}

/// Where the distinct phrases of some roles match: `spans[id]` for each
/// distinct phrase, and for each role the id of every phrase, skill by skill.
struct PhraseMatches {
    ids: Vec<Vec<usize>>,
    spans: Vec<Vec<(usize, usize)>>,
}

/// Disjoint token ranges, kept longest first (section 6): an overlap test
/// looks at one neighbour, so a text with thousands of mentions is not
/// quadratic.
#[derive(Default)]
struct Intervals {
    /// End (exclusive) by first token.
    by_first: BTreeMap<usize, usize>,
}

impl Intervals {
    /// Keeps `first .. first + len` unless it overlaps a kept range.
    fn insert(&mut self, first: usize, len: usize) -> bool {
        let end = first + len;
        // Kept ranges are disjoint, so the one starting last before `end`
        // also ends last among those.
        let overlaps = self
            .by_first
            .range(..end)
            .next_back()
            .is_some_and(|(_, &kept_end)| kept_end > first);
        if !overlaps {
            self.by_first.insert(first, end);
        }
        !overlaps
    }
}

/// round(100 × met ÷ total), halves up, in integers.
fn fit(met: u32, total: u32) -> u8 {
    if total == 0 {
        return 0;
    }
    let rounded = (200 * met + total) / (2 * total);
    rounded.min(100) as u8
}

fn band(settings: &Settings, score: u8) -> String {
    settings
        .bands
        .iter()
        .rev()
        .find(|band| band.from <= score)
        .map(|band| band.label.clone())
        .unwrap_or_default()
}

/// Rule 1 of section 4 for one key: whether a token (or fused pair) with
/// `key` and `text` reads as phrase key `want`, and if so whether in upper
/// case. `facts` are those of the (first) token.
#[inline(always)]
fn key_reads(
    want: &str,
    key: &str,
    text: &str,
    case_sensitive: bool,
    fold: bool,
    facts: &Facts,
) -> Option<bool> {
    if !case_sensitive {
        let reads = if fold {
            folds_to(want, key)
        } else {
            want == key
        };
        return reads.then_some(false);
    }
    if want == text {
        return Some(false);
    }
    // On an all-caps line `ANGULAR` reads as `Angular`.
    (facts.caps && text.chars().eq(want.chars().flat_map(char::to_uppercase))).then_some(true)
}

fn ends_with_letter(word: &str) -> bool {
    word.chars().last().is_some_and(char::is_alphabetic)
}

/// The word a token is a version of: `python` for `python3.12`, when the
/// part before the version ends with a letter.
fn version_stem(key: &str) -> Option<&str> {
    let trimmed = key.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
    let version = &key[trimmed.len()..];
    // The version starts with a digit: give back any dots it begins with.
    let version = version.trim_start_matches('.');
    let stem = &key[..key.len() - version.len()];
    let well_formed = !version.is_empty()
        && !version.ends_with('.')
        && version
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    (well_formed && ends_with_letter(stem)).then_some(stem)
}

/// Whether `token` is a plural of `word` that section 4 accepts.
fn is_plural_of(word: &str, token: &str) -> bool {
    let mut chars = word.chars().rev();
    let (Some(last), Some(before)) = (chars.next(), chars.next()) else {
        return false;
    };
    if !last.is_alphabetic() {
        return false;
    }
    let Some(suffix) = token.strip_prefix(word) else {
        return last == 'y'
            && before.is_alphabetic()
            && !"aeiou".contains(before)
            && token.strip_suffix("ies") == Some(&word[..word.len() - 1]);
    };
    suffix == "s"
        || (suffix == "es"
            && ["s", "x", "z", "ch", "sh"]
                .iter()
                .any(|end| word.ends_with(end)))
}

/// The words a text token may be a folded form of, for the index: its
/// version stem and its possible singulars. Each is checked again with
/// [`folds_to`] before a match counts.
fn fold_stems(key: &str) -> Vec<String> {
    let mut stems = Vec::new();
    if let Some(stem) = version_stem(key) {
        stems.push(stem.to_owned());
    }
    if let Some(stem) = key.strip_suffix("ies") {
        stems.push(format!("{stem}y"));
    }
    if let Some(stem) = key.strip_suffix("es") {
        stems.push(stem.to_owned());
    }
    if let Some(stem) = key.strip_suffix('s') {
        stems.push(stem.to_owned());
    }
    stems.retain(|stem| !stem.is_empty());
    stems
}

/// Whether text key `token` matches phrase key `word` with folding.
#[inline]
fn folds_to(word: &str, token: &str) -> bool {
    token == word
        || (ends_with_letter(word) && version_stem(token) == Some(word))
        || is_plural_of(word, token)
}

/// Scores `text` against one role.
pub fn score(text: &str, role: &CheckRole, settings: &Settings) -> RoleFit {
    Analysis::new(text, settings).score(role, settings)
}

/// Scores `text` against every role, most relevant first (section 12).
pub fn rank(text: &str, data: &CheckerData) -> Vec<RoleFit> {
    Analysis::new(text, &data.settings).rank(&data.roles, &data.settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_follows_the_keyword() {
        assert!(folds_to("python", "python3") && folds_to("python", "python3.12"));
        assert!(folds_to("html", "html5") && !folds_to("python3", "python31"));
        assert!(
            folds_to("api", "apis")
                && folds_to("class", "classes")
                && folds_to("library", "libraries")
        );
        assert!(folds_to("aw", "aws") && !folds_to("key", "keies"));
        assert!(!folds_to("aws", "aw") && !folds_to("a", "as") && !folds_to("key", "kies"));
        assert_eq!(version_stem("python3.12"), Some("python"));
        assert_eq!(version_stem("3.12"), None);
        assert_eq!(version_stem("k8s"), None);
    }

    #[test]
    fn fit_rounds_halves_up() {
        assert_eq!(fit(1, 8), 13); // 12.5
        assert_eq!(fit(1, 3), 33);
        assert_eq!(fit(2, 3), 67);
        assert_eq!(fit(0, 0), 0);
    }
}
