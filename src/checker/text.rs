//! Normalising and tokenising text (docs/checker.md, sections 1 and 2).
//!
//! The visitor's text and every keyword go through the same two steps, so a
//! keyword matches exactly the token sequences it would itself produce. All
//! offsets are in Unicode code points, which is what the JS side counts too.

use unicode_normalization::UnicodeNormalization;

/// A hash map with a fast hasher, for the matcher's indexes of one text:
/// the keys are short, and a visitor who crafted colliding words would
/// only slow their own page.
pub type FastMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// How a token is connected to the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Join {
    /// Any other gap (spaces, punctuation, nothing).
    #[serde(rename = " ")]
    Space,
    /// Exactly one `-`.
    #[serde(rename = "-")]
    Hyphen,
    /// Exactly one `/`.
    #[serde(rename = "/")]
    Slash,
    /// A *break hyphen*: `-` and then only whitespace, as a word hyphenated
    /// across a line break ("Elastic-\nsearch") or pasted with a stray
    /// space ("Java- Script") leaves it. Phrases never hold it: a term's
    /// break hyphen compiles to [`Join::Hyphen`].
    #[serde(rename = "- ")]
    Break,
}

impl Join {
    /// The join as written in data: `" "`, `"-"`, `"/"` or `"- "`.
    pub fn as_str(self) -> &'static str {
        match self {
            Join::Space => " ",
            Join::Hyphen => "-",
            Join::Slash => "/",
            Join::Break => "- ",
        }
    }
}

/// One token of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The token as written (after normalisation).
    pub text: String,
    /// The token lower-cased, for case-insensitive comparison.
    pub key: String,
    /// First code point, as an offset in the display text.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
    /// Connection to the previous token.
    pub join: Join,
    /// First token of a sentence (or of the text).
    pub sentence_start: bool,
    /// First token after a line break (not one right after a break hyphen:
    /// a word hyphenated across lines continues its line).
    pub line_start: bool,
}

/// The display text (invisible characters removed, NFKC, soft hyphens
/// resolved, typographic punctuation folded) as code points.
pub fn normalise(text: &str) -> Vec<char> {
    // Removed before NFKC, so a combining mark after one still composes.
    let visible = text.chars().filter(|c| !is_invisible(*c));
    let mut chars: Vec<char> = visible.collect::<String>().nfkc().collect();
    // A soft hyphen before whitespace marks where a line was broken: it
    // becomes a break hyphen; anywhere else it only hints where to break.
    let mut kept = 0;
    for i in 0..chars.len() {
        let c = match chars[i] {
            '\u{AD}' if chars.get(i + 1).is_some_and(|c| c.is_whitespace()) => '-',
            '\u{AD}' => continue,
            other => fold_punctuation(other),
        };
        chars[kept] = c;
        kept += 1;
    }
    chars.truncate(kept);
    chars
}

/// Zero-width space, non-joiner and joiner, word joiner, zero-width
/// no-break space (byte-order mark): invisible, they split pasted words.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}')
}

fn fold_punctuation(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        other => other,
    }
}

/// Letters and digits in any script (Alphabetic or Numeric).
pub fn is_word(c: char) -> bool {
    c.is_alphanumeric()
}

/// Splits display text into tokens.
pub fn tokenize(chars: &[char]) -> Vec<Token> {
    let mut tokens: Vec<Token> = Vec::new();
    let mut previous_end = 0;
    let mut i = 0;
    while i < chars.len() {
        let starts_dotted = chars[i] == '.'
            && chars.get(i + 1).copied().is_some_and(is_word)
            && !(i > 0 && is_word(chars[i - 1]));
        if !is_word(chars[i]) && !starts_dotted {
            i += 1;
            continue;
        }
        let start = i;
        i += 1;
        while i < chars.len() {
            let joins_next = matches!(chars[i], '.' | '&' | '_')
                && chars.get(i + 1).copied().is_some_and(is_word);
            if is_word(chars[i]) || joins_next {
                i += 1;
            } else {
                break;
            }
        }
        while i < chars.len() && matches!(chars[i], '+' | '#') {
            i += 1;
        }
        let gap = &chars[previous_end..start];
        let text: String = chars[start..i].iter().collect();
        // The first token follows nothing, whatever text precedes it.
        let join = if tokens.is_empty() {
            Join::Space
        } else {
            join_of(gap)
        };
        tokens.push(Token {
            key: text.to_lowercase(),
            text,
            start,
            end: i,
            join,
            sentence_start: tokens.is_empty() || ends_sentence(gap),
            line_start: join != Join::Break && gap.contains(&'\n'),
        });
        previous_end = i;
    }
    tokens
}

fn join_of(gap: &[char]) -> Join {
    match gap {
        ['-'] => Join::Hyphen,
        ['/'] => Join::Slash,
        ['-', rest @ ..] if rest.iter().all(|c| c.is_whitespace()) => Join::Break,
        _ => Join::Space,
    }
}

/// A gap that holds `.`, `!` or `?` and ends in whitespace closes a sentence.
fn ends_sentence(gap: &[char]) -> bool {
    gap.last().is_some_and(|c| c.is_whitespace())
        && gap.iter().any(|c| matches!(c, '.' | '!' | '?'))
}

/// What the rules of section 4 need to know about a token beyond its text,
/// worked out once per text (section 2, "Token facts") so that matching a
/// phrase never scans the text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Starts inside an e-mail address or the host of a URL.
    pub address: bool,
    /// On an all-caps line.
    pub caps: bool,
    /// A list item may start at this token.
    pub opens: bool,
    /// A list item may end at this token.
    pub closes: bool,
    /// Directly follows the previous token: joined by `-` or a break
    /// hyphen, or by whitespace without a line feed.
    pub follows: bool,
    /// Four ASCII digits from 1900 to 2099.
    pub year: bool,
    /// This token and the next read as one word across a break hyphen:
    /// the concatenation of their keys, and of their texts (boxed: rare,
    /// and the facts of every token stay small).
    pub fused: Option<Box<(String, String)>>,
}

/// Code points that may end the gap before a list item (section 2).
const OPENING_MARKS: &[char] = &[
    ',', ';', ':', '|', '/', '&', '(', '[', '*', '-', '•', '·', '▪', '‣', '◦', '●', '■',
];

/// Code points that may start the gap after a list item (section 2).
const CLOSING_MARKS: &[char] = &[
    ',', ';', '|', '/', ')', ']', '•', '·', '▪', '‣', '◦', '●', '■',
];

/// Words after a break hyphen that mark a suspended hyphen ("front- and
/// back-end"), not a broken word: the pair is not read as one.
const CONJUNCTIONS: &[&str] = &["and", "or", "nor", "und", "oder", "et", "ou", "y", "e", "o"];

/// The facts of every token of `tokens`, cut from `chars`.
pub fn facts(chars: &[char], tokens: &[Token]) -> Vec<Facts> {
    let in_address = addresses(chars);
    let gap = |i: usize| &chars[if i == 0 { 0 } else { tokens[i - 1].end }..tokens[i].start];
    let listed = |i: usize| matches!(tokens[i].join, Join::Space | Join::Slash);
    let mut facts: Vec<Facts> = (0..tokens.len())
        .map(|i| {
            let token = &tokens[i];
            let next = tokens.get(i + 1);
            let before = gap(i).iter().rev().find(|c| !c.is_whitespace());
            let after = next.and_then(|_| gap(i + 1).iter().find(|c| !c.is_whitespace()));
            let spaced = i > 0 && !gap(i).is_empty() && gap(i).iter().all(|c| c.is_whitespace());
            Facts {
                address: in_address[token.start],
                caps: false,
                opens: i == 0
                    || token.line_start
                    || token.sentence_start
                    || (listed(i) && before.is_some_and(|c| OPENING_MARKS.contains(c))),
                closes: next.is_none_or(|next| next.line_start)
                    || (listed(i + 1) && after.is_some_and(|c| CLOSING_MARKS.contains(c))),
                follows: matches!(token.join, Join::Hyphen | Join::Break)
                    || (spaced && !token.line_start),
                year: token.text.len() == 4
                    && (token.text.starts_with("19") || token.text.starts_with("20"))
                    && token.text.bytes().all(|b| b.is_ascii_digit()),
                fused: next
                    .filter(|next| {
                        next.join == Join::Break && !CONJUNCTIONS.contains(&next.key.as_str())
                    })
                    .map(|next| {
                        Box::new((
                            format!("{}{}", token.key, next.key),
                            format!("{}{}", token.text, next.text),
                        ))
                    }),
            }
        })
        .collect();
    // All-caps lines: no token with a lower-case letter, one with a cased one.
    let mut line = 0;
    while line < tokens.len() {
        let end = (line + 1..tokens.len())
            .find(|&i| tokens[i].line_start)
            .unwrap_or(tokens.len());
        let line_tokens = &tokens[line..end];
        let caps = line_tokens
            .iter()
            .all(|t| !t.text.chars().any(char::is_lowercase))
            && line_tokens.iter().any(|t| t.key != t.text);
        for fact in &mut facts[line..end] {
            fact.caps = caps;
        }
        line = end;
    }
    facts
}

/// Which code points lie in an address: in each run of non-whitespace, an
/// e-mail address (the whole run) or the host of a URL.
fn addresses(chars: &[char]) -> Vec<bool> {
    let mut inside = vec![false; chars.len()];
    let mut start = 0;
    while start < chars.len() {
        let end = (start..chars.len())
            .find(|&k| chars[k].is_whitespace())
            .unwrap_or(chars.len());
        if let Some((a, b)) = address_in(&chars[start..end]) {
            inside[start + a..start + b].fill(true);
        }
        start = end + 1;
    }
    inside
}

/// The address in a run, as a range of the run (section 2).
fn address_in(run: &[char]) -> Option<(usize, usize)> {
    let after_scheme = run
        .windows(3)
        .position(|w| w == [':', '/', '/'])
        .map(|k| k + 3);
    let host = match after_scheme {
        Some(host) => host,
        None => {
            let email = (1..run.len().saturating_sub(1))
                .any(|k| run[k] == '@' && is_word(run[k - 1]) && is_word(run[k + 1]));
            if email {
                return Some((0, run.len()));
            }
            (0..run.len()).find(|&k| {
                (k == 0 || !is_word(run[k - 1]))
                    && run[k..]
                        .iter()
                        .take(4)
                        .map(char::to_ascii_lowercase)
                        .eq("www.".chars())
            })?
        }
    };
    let end = (host..run.len())
        .find(|&k| matches!(run[k], '/' | '?' | '#'))
        .unwrap_or(run.len());
    Some((host, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        tokenize(&normalise(text))
            .into_iter()
            .map(|t| t.key)
            .collect()
    }

    #[test]
    fn technology_names_survive() {
        assert_eq!(
            keys("Node.js, C++ and C#."),
            ["node.js", "c++", "and", "c#"]
        );
        assert_eq!(
            keys("ASP.NET and .NET (F#), R&D"),
            ["asp.net", "and", ".net", "f#", "r&d"]
        );
        assert_eq!(
            keys("python3 / Python 3.12; k8s html5"),
            ["python3", "python", "3.12", "k8s", "html5"]
        );
        assert_eq!(keys("Python's don't"), ["python", "s", "don", "t"]);
    }

    #[test]
    fn joins_and_boundaries() {
        let tokens = tokenize(&normalise("CI/CD and scikit-learn. Go\nRust"));
        let joins: Vec<Join> = tokens.iter().map(|t| t.join).collect();
        assert_eq!(
            joins,
            [
                Join::Space,
                Join::Slash,
                Join::Space,
                Join::Space,
                Join::Hyphen,
                Join::Space,
                Join::Space
            ]
        );
        let sentence: Vec<bool> = tokens.iter().map(|t| t.sentence_start).collect();
        assert_eq!(sentence, [true, false, false, false, false, true, false]);
        assert!(tokens[6].line_start && !tokens[5].line_start);
    }

    #[test]
    fn normalisation_folds_width_and_dashes() {
        assert_eq!(
            keys("ＰＹＴＨＯＮ go–to‑market ﬁle"),
            ["python", "go", "to", "market", "file"]
        );
        let tokens = tokenize(&normalise("go–to"));
        assert_eq!(tokens[1].join, Join::Hyphen);
    }

    #[test]
    fn pasted_text_is_repaired() {
        assert_eq!(
            keys("Kuber\u{AD}netes Dock\u{200B}er \u{FEFF}Type\u{2060}Script"),
            ["kubernetes", "docker", "typescript"]
        );
        let tokens = tokenize(&normalise(
            "Elastic-\n  search, Kuber\u{AD}\nnetes, Go - Rust",
        ));
        let joins: Vec<Join> = tokens.iter().map(|t| t.join).collect();
        use Join::{Break, Space};
        assert_eq!(joins, [Space, Break, Space, Break, Space, Space]);
        // A word broken across lines continues its line.
        assert!(!tokens[1].line_start && !tokens[3].line_start);
    }

    #[test]
    fn facts_of_a_list_and_an_address() {
        let chars = normalise(
            "SKILLS: RUST, GO\njane@python-jobs.example front- and back-end Elastic-\nsearch 2020",
        );
        let tokens = tokenize(&chars);
        let facts = facts(&chars, &tokens);
        let at = |key: &str| tokens.iter().position(|t| t.key == key).unwrap();
        let (rust, go) = (at("rust"), at("go"));
        assert!(facts[rust].caps && facts[rust].opens && facts[rust].closes);
        assert!(facts[go].opens && facts[go].closes && !facts[at("jane")].caps);
        assert!(facts[at("jane")].address && facts[at("python")].address);
        assert!(!facts[at("front")].address && facts[at("front")].fused.is_none());
        assert_eq!(
            facts[at("elastic")].fused.as_deref(),
            Some(&("elasticsearch".to_owned(), "Elasticsearch".to_owned()))
        );
        assert!(facts[at("2020")].year && facts[at("2020")].follows);
    }

    #[test]
    fn addresses_are_hosts_and_mail_not_paths() {
        let host = |run: &str| {
            let run: Vec<char> = run.chars().collect();
            address_in(&run).map(|(a, b)| run[a..b].iter().collect::<String>())
        };
        assert_eq!(
            host("https://a-b.example/kafka").as_deref(),
            Some("a-b.example")
        );
        assert_eq!(
            host("(www.x.example?q=1)").as_deref(),
            Some("www.x.example")
        );
        assert_eq!(host("jane@x.example").as_deref(), Some("jane@x.example"));
        assert_eq!(host("github.com/jane/kafka"), None);
        assert_eq!(host("@kubernetes"), None);
        assert_eq!(host("Node.js"), None);
    }

    #[test]
    fn offsets_are_code_points() {
        let tokens = tokenize(&normalise("😀 Rust"));
        assert_eq!((tokens[0].start, tokens[0].end), (2, 6));
    }
}
