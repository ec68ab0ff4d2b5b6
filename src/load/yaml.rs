//! YAML errors as diagnostics, shared by both file kinds `load` reads.
//!
//! serde_yaml reports syntax and type errors with a position; this module
//! turns them into [`Diagnostic`]s placed where the author has to look (the
//! start of an unclosed collection, the second of two duplicate keys), with
//! a did-you-mean hint for unknown keys. It also bounds what the parser is
//! given: flow collections nested past [`MAX_NESTING`] levels are refused in
//! one linear pass before serde_yaml sees them, and so are files whose
//! aliases would expand past [`MAX_EXPANDED_BYTES`].

use std::collections::HashMap;
use std::sync::Arc;

use saphyr_parser::{Event, Parser};

use crate::diagnostics::{did_you_mean, Diagnostic, LineCol, SourceFile};

/// Largest size a file may reach with every alias expanded: sixteen times
/// the largest file, far more than sharing a few values needs, and far less
/// than the gigabytes a flat alias bomb asks for.
pub const MAX_EXPANDED_BYTES: usize = 16 * 1024 * 1024;

/// Refuses a file whose aliases would expand it past [`MAX_EXPANDED_BYTES`],
/// at the alias that crosses the line. One pass over the parser's events,
/// and only for files that have an anchor and an alias at all; syntax
/// errors are left to serde_yaml, which places them better.
pub fn expansion_problem(source: &Arc<SourceFile>) -> Option<Diagnostic> {
    let (at, size) = too_large_when_expanded(&source.text)?;
    let message = format!(
        "with its aliases expanded the file would be over {} MiB (at least {size} bytes)",
        MAX_EXPANDED_BYTES >> 20
    );
    let hint = "aliases (*name) repeat what an anchor (&name) marks; this many repeats looks like generated or malicious input";
    Some(Diagnostic::error(source, Some(at), message).with_hint(hint))
}

fn too_large_when_expanded(text: &str) -> Option<(LineCol, usize)> {
    if !(has_anchor(text) && text.contains('*')) {
        return None;
    }
    // Open collections: their anchor (0 for none) and expanded size so far.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut anchored: HashMap<usize, usize> = HashMap::new();
    let mut expanded = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let size = match event {
            Event::Scalar(value, _, anchor, _) => {
                let size = value.len() + 1;
                expanded += size;
                if anchor > 0 {
                    anchored.insert(anchor, size);
                }
                size
            }
            Event::Alias(anchor) => {
                let size = anchored.get(&anchor).copied().unwrap_or(0);
                expanded = expanded.saturating_add(size);
                if expanded > MAX_EXPANDED_BYTES {
                    let at = LineCol {
                        line: span.start.line(),
                        column: span.start.col() + 1,
                    };
                    return Some((at, expanded));
                }
                size
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                open.push((anchor, 0));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((anchor, size)) = open.pop() else {
                    continue;
                };
                if anchor > 0 {
                    anchored.insert(anchor, size);
                }
                size
            }
            _ => continue,
        };
        if let Some((_, parent)) = open.last_mut() {
            *parent = parent.saturating_add(size);
        }
    }
    None
}

/// Deepest flow nesting (`[[[...`) a file may have. serde_yaml would reject
/// anything past 128 levels anyway, but only after its parser has spent time
/// that grows with the square of the depth.
pub const MAX_NESTING: usize = 256;

/// Where flow collections first nest deeper than [`MAX_NESTING`], found in
/// one linear pass that skips quoted strings and comments.
pub fn too_deeply_nested(text: &str) -> Option<LineCol> {
    // Nesting never exceeds the number of openers: most files have a few
    // dozen, so one byte count settles it without the walk.
    if text.bytes().filter(|&b| b == b'[' || b == b'{').count() <= MAX_NESTING {
        return None;
    }
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

/// Whether `text` may hold an anchor: `&name` where a node starts (after
/// a space, a line break, `[`, `{` or `,`). "Data & AI", "R&D" and
/// markdown's `**bold**` do not count, so ordinary content skips the walk.
fn has_anchor(text: &str) -> bool {
    text.match_indices('&').any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + 1..].chars().next();
        before.is_none_or(|c| c.is_whitespace() || matches!(c, '[' | '{' | ','))
            && after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
    })
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
    // "could not find expected ':', while scanning a simple key at line 2
    // column 1": the key without its colon is on that line, not the next.
    let unclosed = message.contains("end of stream") || message.contains("while parsing a flow");
    if unclosed || message.contains("while scanning a simple key") {
        if let Some((context_at, rest)) = first_position(&message) {
            at = Some(context_at);
            message = rest;
        }
    }
    let duplicate = duplicate_key(&message);
    if let Some((mapping, key)) = &duplicate {
        // serde points at the mapping; the author needs the second key.
        at = second_key(&source.text, mapping, key).or(at);
    }
    let diagnostic = Diagnostic::error(source, at, message.as_str());
    match unknown_key_hint(&message, keys) {
        Some(hint) => diagnostic.with_hint(hint),
        None if duplicate.is_some() => diagnostic.with_hint(
            "a key appears once in each mapping; if this line starts the next list item, put `- ` before it",
        ),
        None if message.contains("could not find expected ':'") => diagnostic.with_hint(
            "a key needs a colon and a space after it, e.g. `category: Engineering`",
        ),
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

/// For serde's "skills[0]: duplicate field `id`", the mapping's path as
/// serde writes it (`skills[0]`, empty at the top) and the key.
fn duplicate_key(message: &str) -> Option<(String, String)> {
    let (mapping, rest) = match message.split_once(": duplicate field `") {
        Some((mapping, rest)) => (mapping, rest),
        None => ("", message.strip_prefix("duplicate field `")?),
    };
    let key = rest.split('`').next()?;
    Some((mapping.to_owned(), key.to_owned()))
}

/// Where a node sits while walking: inside a mapping (its path, and the key
/// of the value being read, if any) or a sequence (its path, the next index).
enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next: usize },
}

/// The position of the second `key` in the mapping at `mapping` (a path as
/// serde writes it), found in one walk of the parser's events.
fn second_key(text: &str, mapping: &str, key: &str) -> Option<LineCol> {
    let mut frames: Vec<Frame> = Vec::new();
    let mut seen = 0;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(..)
        );
        if !starts_node {
            if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
                frames.pop();
                if let Some(Frame::Mapping { key, .. }) = frames.last_mut() {
                    *key = None;
                }
            }
            continue;
        }
        let path = match frames.last_mut() {
            Some(Frame::Mapping {
                path,
                key: pending @ None,
            }) => {
                if let Event::Scalar(name, ..) = &event {
                    if path == mapping && name == key {
                        seen += 1;
                        if seen == 2 {
                            return Some(LineCol {
                                line: span.start.line(),
                                column: span.start.col() + 1,
                            });
                        }
                    }
                    *pending = Some(name.to_string());
                }
                continue;
            }
            Some(Frame::Mapping { path, key: pending }) => {
                let name = pending.take().unwrap_or_default();
                if path.is_empty() {
                    name
                } else {
                    format!("{path}.{name}")
                }
            }
            Some(Frame::Sequence { path, next }) => {
                *next += 1;
                format!("{path}[{}]", *next - 1)
            }
            None => String::new(),
        };
        match event {
            Event::MappingStart(..) => frames.push(Frame::Mapping { path, key: None }),
            Event::SequenceStart(..) => frames.push(Frame::Sequence { path, next: 0 }),
            _ => {}
        }
    }
    None
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_second_of_two_keys_is_found_at_any_depth() {
        let text =
            "title: A\nskills:\n  - id: one\n    name: One\n    id: two\n    name: Two\ntitle: B\n";
        let at = |mapping: &str, key: &str| {
            second_key(text, mapping, key).map(|at| (at.line, at.column))
        };
        assert_eq!(at("", "title"), Some((7, 1)));
        assert_eq!(at("skills[0]", "id"), Some((5, 5)));
        assert_eq!(at("skills[0]", "name"), Some((6, 5)));
        assert_eq!(at("skills[1]", "id"), None);
        assert_eq!(
            duplicate_key("skills[0]: duplicate field `id`"),
            Some(("skills[0]".to_owned(), "id".to_owned()))
        );
    }

    #[test]
    fn flat_and_nested_alias_bombs_are_measured() {
        let big = "x".repeat(200_000);
        let flat = format!("a: &a \"{big}\"\nb: [{}]\n", vec!["*a"; 100].join(", "));
        let (at, size) = too_large_when_expanded(&flat).expect("refused");
        assert!(size > MAX_EXPANDED_BYTES);
        assert_eq!(at.line, 2);
        let nested = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\nh: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n";
        assert!(too_large_when_expanded(nested).is_some());
        let shared = "base: &base {name: X}\none: *base\ntwo: *base\nnote: R&D *is* fine\n";
        assert_eq!(too_large_when_expanded(shared), None);
        assert!(has_anchor(shared));
        assert!(has_anchor("&a x"));
        assert!(!has_anchor("category: Data & AI\nsummary: R&D, **bold**\n"));
    }
}
