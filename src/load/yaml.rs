//! YAML errors as diagnostics, shared by both file kinds `load` reads.
//!
//! serde_yaml reports syntax and type errors with a position; this module
//! turns them into [`Diagnostic`]s placed where the author has to look (the
//! start of an unclosed collection, the second of two duplicate keys), with
//! a did-you-mean hint for unknown keys. It also bounds what the parser is
//! given: flow collections nested past [`MAX_NESTING`] levels are refused in
//! one linear pass before serde_yaml sees them.

use std::sync::Arc;

use crate::diagnostics::{did_you_mean, Diagnostic, LineCol, SourceFile};

/// Deepest flow nesting (`[[[...`) a file may have. serde_yaml would reject
/// anything past 128 levels anyway, but only after its parser has spent time
/// that grows with the square of the depth.
pub const MAX_NESTING: usize = 256;

/// Where flow collections first nest deeper than [`MAX_NESTING`], found in
/// one linear pass that skips quoted strings and comments.
pub fn too_deeply_nested(text: &str) -> Option<LineCol> {
    let mut depth = 0usize;
    for (index, line) in text.lines().enumerate() {
        let mut quote: Option<char> = None;
        for (column, c) in line.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '#') => break,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(LineCol {
                            line: index + 1,
                            column: column + 1,
                        });
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// Turns a serde_yaml error into a diagnostic at its line and column, with a
/// did-you-mean hint for unknown keys. `keys` lists the top-level keys the
/// file accepts.
pub fn yaml_error(source: &Arc<SourceFile>, err: &serde_yaml::Error, keys: &[&str]) -> Diagnostic {
    let mut message = without_first_position(&err.to_string());
    let mut at = err.location().map(|loc| LineCol {
        line: loc.line(),
        column: loc.column(),
    });
    // "found unexpected end of stream, while scanning a quoted scalar at line
    // 3 column 10", "did not find expected ',' or ']', while parsing a flow
    // sequence at line 9 column 15": something was never closed, and its
    // start is where the author has to look, not where parsing gave up.
    if message.contains("end of stream") || message.contains("while parsing a flow") {
        if let Some((context_at, rest)) = first_position(&message) {
            at = Some(context_at);
            message = rest;
        }
    }
    if let Some(key) = message
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.split('`').next())
    {
        // serde points at the mapping; the author needs the second key.
        at = second_top_level_key(&source.text, key).or(at);
    }
    let diagnostic = Diagnostic::error(source, at, message.as_str());
    match unknown_key_hint(&message, keys) {
        Some(hint) => diagnostic.with_hint(hint),
        None if message.contains("tab character") => {
            diagnostic.with_hint("indent with spaces: YAML does not allow tabs for indentation")
        }
        None if message.contains("missing field") => {
            diagnostic.with_hint("add the key; the role file reference in the README lists what each part needs")
        }
        None if at.is_some() && !message.contains("unknown field") && !message.contains("invalid") => {
            diagnostic.with_hint("check the indentation and quoting; strings containing ': ' or starting with '[', '{', '*' or '&' need quotes")
        }
        None => diagnostic,
    }
}

/// Drops the first " at line L column C" from a serde_yaml message: the
/// diagnostic shows the position itself.
fn without_first_position(message: &str) -> String {
    first_position(message).map_or_else(|| message.to_owned(), |(_, rest)| rest)
}

/// The first " at line L column C" in a message, and the message without it.
fn first_position(message: &str) -> Option<(LineCol, String)> {
    const LINE: &str = " at line ";
    const COLUMN: &str = " column ";
    let start = message.find(LINE)?;
    let number = |text: &str| -> Option<(usize, usize)> {
        let len = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        Some((text[..len].parse().ok()?, len))
    };
    let after_line = &message[start + LINE.len()..];
    let (line, line_len) = number(after_line)?;
    let after_column = after_line[line_len..].strip_prefix(COLUMN)?;
    let (column, column_len) = number(after_column)?;
    let end = message.len() - after_column.len() + column_len;
    Some((
        LineCol { line, column },
        format!("{}{}", &message[..start], &message[end..]),
    ))
}

/// The line of the second top-level `key:` in a YAML text.
fn second_top_level_key(text: &str, key: &str) -> Option<LineCol> {
    let prefix = format!("{key}:");
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| line.starts_with(&prefix));
    lines.nth(1).map(|(index, _)| LineCol {
        line: index + 1,
        column: 1,
    })
}

/// For serde's "unknown field `skils`, expected one of `title`, ..." message,
/// names the closest accepted key.
fn unknown_key_hint(message: &str, top_level_keys: &[&str]) -> Option<String> {
    let rest = message.split("unknown field `").nth(1)?;
    let (unknown, expected) = rest.split_once('`')?;
    let accepted: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let accepted = if accepted.is_empty() {
        top_level_keys.to_vec()
    } else {
        accepted
    };
    Some(match did_you_mean(unknown, accepted.iter().copied()) {
        Some(best) => format!("unknown key '{unknown}': did you mean '{best}'?"),
        None => format!(
            "unknown key '{unknown}'; accepted keys here: {}",
            accepted.join(", ")
        ),
    })
}
