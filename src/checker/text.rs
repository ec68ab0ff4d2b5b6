//! Normalising and tokenising text (docs/checker.md, sections 1 and 2).
//!
//! The visitor's text and every keyword go through the same two steps, so a
//! keyword matches exactly the token sequences it would itself produce. All
//! offsets are in Unicode code points, which is what the JS side counts too.

use unicode_normalization::UnicodeNormalization;

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
    /// First token after a line break.
    pub line_start: bool,
}

/// The display text (NFKC, typographic punctuation folded) as code points.
pub fn normalise(text: &str) -> Vec<char> {
    text.nfkc().map(fold_punctuation).collect()
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
        tokens.push(Token {
            key: text.to_lowercase(),
            text,
            start,
            end: i,
            // The first token follows nothing, whatever text precedes it.
            join: if tokens.is_empty() {
                Join::Space
            } else {
                join_of(gap)
            },
            sentence_start: tokens.is_empty() || ends_sentence(gap),
            line_start: gap.contains(&'\n'),
        });
        previous_end = i;
    }
    tokens
}

fn join_of(gap: &[char]) -> Join {
    match gap {
        ['-'] => Join::Hyphen,
        ['/'] => Join::Slash,
        _ => Join::Space,
    }
}

/// A gap that holds `.`, `!` or `?` and ends in whitespace closes a sentence.
fn ends_sentence(gap: &[char]) -> bool {
    gap.last().is_some_and(|c| c.is_whitespace())
        && gap.iter().any(|c| matches!(c, '.' | '!' | '?'))
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
    fn offsets_are_code_points() {
        let tokens = tokenize(&normalise("😀 Rust"));
        assert_eq!((tokens[0].start, tokens[0].end), (2, 6));
    }
}
