//! Negation scopes (docs/checker.md, section 8).
//!
//! Computed once per text, when it is analysed: which tokens a negation
//! cue covers. A match is then negated by a lookup at its first token, so
//! ranking a text against many roles never re-reads the cues.

use super::compile::{joins_agree, Cue, Settings};
use super::text::{FastMap, Join, Token};

/// How many tokens a cue covers, counted from the cue or from the start of
/// the list item that continues its scope.
pub const WINDOW: usize = 4;

/// How many tokens a cue before a term covers at most, however long the
/// list it introduces: bounds the work per cue.
pub const MAX_SCOPE: usize = 40;

/// The gap before a token ends a clause: a line break, `. ! ? ; : ( ) [ ]
/// { } | • ·`, or a dash that is not a hyphen.
const BOUNDARY: u8 = 1;
/// The gap before a token holds a comma.
const COMMA: u8 = 2;
/// The gap before a token introduces a note on what precedes it, on the
/// same line: `:`, `(`, `[`, `=` or a dash that is not a hyphen.
const LABEL: u8 = 4;

/// Whether a match starting at each token is negated.
pub fn negated_tokens(
    chars: &[char],
    tokens: &[Token],
    by_key: &FastMap<String, Vec<usize>>,
    settings: &Settings,
) -> Vec<bool> {
    let n = tokens.len();
    let mut negated = vec![false; n];
    let cues = settings.negation_cues.as_slice();
    if n == 0 || (cues.is_empty() && settings.negation_cues_after.is_empty()) {
        return negated;
    }
    let gaps = gap_kinds(chars, tokens);
    let find = |list: &[Cue]| occurrences(list, tokens, by_key);
    // The longest occurrence starting at each token, 0 for none.
    let starting = |found: &[(usize, usize)]| {
        let mut longest = vec![0; n];
        for &(start, len) in found {
            longest[start] = longest[start].max(len);
        }
        longest
    };
    let stops = find(&settings.negation_stops);
    let stop_len = starting(&stops);
    let conj_len = starting(&find(&settings.list_conjunctions));
    let undo_len = starting(&find(&settings.double_negation));
    // The longest exception or contrast word covering each token: a cue
    // inside one at least as long is part of a fixed expression.
    let mut shield = vec![0; n];
    let mut stop_cover = vec![false; n];
    for &(start, len) in &stops {
        stop_cover[start..start + len].fill(true);
    }
    for &(start, len) in stops.iter().chain(&find(&settings.negation_exceptions)) {
        for s in &mut shield[start..start + len] {
            *s = (*s).max(len);
        }
    }
    let is_cue =
        |&(start, len): &(usize, usize)| shield[start..start + len].iter().all(|&s| s < len);
    // A list item of one word (tokens joined by `-` or `/`) starting at `t`.
    let one_word = |t: usize| {
        if t >= n {
            return false;
        }
        let mut u = t + 1;
        while u < n && tokens[u].join != Join::Space {
            u += 1;
        }
        u == n || gaps[u] & (BOUNDARY | COMMA) != 0 || conj_len[u] > 0 || stop_len[u] > 0
    };

    let mut before: Vec<(usize, usize)> = find(cues).into_iter().filter(is_cue).collect();
    before.sort_unstable();
    let mut cancelled = vec![false; n];
    for (start, len) in before {
        if cancelled[start] {
            continue;
        }
        let last = start + len - 1;
        let mut base = last;
        let mut k = last + 1;
        while k < n && k - last <= MAX_SCOPE {
            if gaps[k] & BOUNDARY != 0 || stop_len[k] > 0 {
                break;
            }
            if gaps[k] & COMMA != 0 {
                // After a comma the scope goes on only over a one-word item.
                let item = k + conj_len[k];
                if !one_word(item) {
                    break;
                }
                base = item - 1;
            } else if conj_len[k] > 0 && one_word(k + conj_len[k]) {
                base = k + conj_len[k] - 1;
            }
            if k > base + WINDOW {
                break;
            }
            if undo_len[k] > 0 {
                // Two negations affirm: neither counts from here on.
                cancelled[k] = true;
                break;
            }
            negated[k] = true;
            k += 1;
        }
    }

    for (start, len) in find(&settings.negation_cues_after)
        .into_iter()
        .filter(is_cue)
    {
        let after = start + len;
        let ends_clause = after == n || gaps[after] & (BOUNDARY | COMMA) != 0;
        if start == 0 || gaps[start] & LABEL == 0 || !ends_clause {
            continue;
        }
        let mut k = start - 1;
        for _ in 0..WINDOW {
            if stop_cover[k] {
                break;
            }
            negated[k] = true;
            if k == 0 || gaps[k] & (BOUNDARY | COMMA) != 0 {
                break;
            }
            k -= 1;
        }
    }
    negated
}

/// What the gap before each token holds (`BOUNDARY`, `COMMA`, `LABEL`).
/// A break hyphen (a word hyphenated across a line break) holds nothing:
/// the word goes on.
fn gap_kinds(chars: &[char], tokens: &[Token]) -> Vec<u8> {
    let mut previous_end = None;
    tokens
        .iter()
        .map(|token| {
            let Some(from) = previous_end.replace(token.end) else {
                return BOUNDARY;
            };
            if token.join == Join::Break {
                return 0;
            }
            let gap = &chars[from..token.start];
            let dash = gap.contains(&'-') && gap != ['-'];
            let has = |set: &str| gap.iter().any(|&c| set.contains(c));
            let mut kind = 0;
            if dash || has("\n.!?;:()[]{}|•·") {
                kind |= BOUNDARY;
            }
            if gap.contains(&',') {
                kind |= COMMA;
            }
            if !gap.contains(&'\n') && (dash || has(":([=")) {
                kind |= LABEL;
            }
            kind
        })
        .collect()
}

/// Every occurrence, as (first token, number of tokens), of the terms of
/// `list`: keys equal, joins agreeing, and not part of a hyphenated word
/// (`no-code`, `sans-serif`).
fn occurrences(
    list: &[Cue],
    tokens: &[Token],
    by_key: &FastMap<String, Vec<usize>>,
) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for cue in list {
        let Some(first) = cue.keys.first() else {
            continue;
        };
        for &i in by_key.get(first).map_or(&[][..], Vec::as_slice) {
            let end = i + cue.keys.len();
            let fits = end <= tokens.len()
                && cue
                    .keys
                    .iter()
                    .zip(&tokens[i..end])
                    .all(|(key, token)| *key == token.key)
                && joins_agree(&cue.joins, &tokens[i + 1..end])
                && tokens[i].join != Join::Hyphen
                && tokens.get(end).is_none_or(|next| next.join != Join::Hyphen);
            if fits {
                found.push((i, cue.keys.len()));
            }
        }
    }
    found
}
