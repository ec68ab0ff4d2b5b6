//! Finding where a value sits in a YAML file.
//!
//! serde_yaml reports positions for syntax and type errors, but a validated
//! value carries no span, so a semantic error ("this phase names an unknown
//! skill") would have no line. This module walks the file's event stream with
//! saphyr-parser and returns the position of the node at a path such as
//! `phases[2].skills[1]`. It runs only when there is an error to place, so
//! clean builds never parse a file twice.

use std::fmt;

use saphyr_parser::{Event, Parser};

use crate::diagnostics::LineCol;

/// One step of a path into a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A key of a mapping.
    Key(&'static str),
    /// An element of a sequence, from 0.
    Index(usize),
}

/// A path from the document root to a node, e.g. `phases[2].skills[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YamlPath(Vec<Step>);

impl YamlPath {
    /// The document root.
    pub fn root() -> Self {
        YamlPath(Vec::new())
    }

    /// This path extended by a mapping key.
    pub fn key(&self, key: &'static str) -> Self {
        self.with(Step::Key(key))
    }

    /// This path extended by a sequence index.
    pub fn index(&self, index: usize) -> Self {
        self.with(Step::Index(index))
    }

    fn with(&self, step: Step) -> Self {
        let mut steps = self.0.clone();
        steps.push(step);
        YamlPath(steps)
    }
}

impl fmt::Display for YamlPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Key(key) if i == 0 => write!(f, "{key}")?,
                Step::Key(key) => write!(f, ".{key}")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Where a node's parent is in the walk: inside a mapping (expecting a key
/// or a value) or inside a sequence (counting elements).
enum Frame {
    Mapping { key: Option<String> },
    Sequence { next: usize },
}

/// Position of the node at `path`, or of its nearest existing ancestor when
/// the node itself is absent (a missing key points at its mapping).
pub fn locate(text: &str, path: &YamlPath) -> Option<LineCol> {
    let mut frames: Vec<Frame> = Vec::new();
    // How many steps of `path` the current position matches.
    let mut matched = 0usize;
    let mut best: Option<LineCol> = None;

    for event in Parser::new_from_str(text) {
        let (event, span) = event.ok()?;
        let here = LineCol {
            line: span.start.line(),
            column: span.start.col() + 1,
        };
        let starts_node = matches!(
            event,
            Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(..)
        );
        if starts_node {
            // A scalar in key position is a key, not a node of the path.
            if let Some(Frame::Mapping { key }) = frames.last_mut() {
                if key.is_none() {
                    if let Event::Scalar(value, ..) = &event {
                        *key = Some(value.to_string());
                        continue;
                    }
                }
            }
            let depth = frames.len();
            let on_path = depth == 0
                || (matched == depth && step_matches(frames.last(), path.0.get(depth - 1)));
            if on_path {
                matched = depth;
                best = Some(here);
                if depth == path.0.len() {
                    return best;
                }
            }
            advance_parent(&mut frames);
            match event {
                Event::MappingStart(..) => frames.push(Frame::Mapping { key: None }),
                Event::SequenceStart(..) => frames.push(Frame::Sequence { next: 0 }),
                _ => {}
            }
            if on_path && frames.len() > depth {
                matched = frames.len();
            }
            continue;
        }
        if matches!(event, Event::MappingEnd | Event::SequenceEnd) {
            frames.pop();
            matched = matched.min(frames.len());
        }
    }
    best
}

fn step_matches(parent: Option<&Frame>, step: Option<&Step>) -> bool {
    match (parent, step) {
        (Some(Frame::Mapping { key: Some(key) }), Some(Step::Key(wanted))) => key == wanted,
        (Some(Frame::Sequence { next }), Some(Step::Index(wanted))) => next == wanted,
        _ => false,
    }
}

/// After a scalar value: the mapping waits for its next key, the sequence
/// moves to its next element.
fn advance_parent(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Mapping { key }) => *key = None,
        Some(Frame::Sequence { next }) => *next += 1,
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "title: A\nskills:\n  - id: one\n    name: One\n  - id: two\nphases:\n  - title: P\n    skills: [one, nope]\n";

    fn at(line: usize, column: usize) -> Option<LineCol> {
        Some(LineCol { line, column })
    }

    #[test]
    fn finds_scalars_in_block_and_flow_collections() {
        let root = YamlPath::root();
        assert_eq!(locate(DOC, &root.key("title")), at(1, 8));
        assert_eq!(
            locate(DOC, &root.key("skills").index(1).key("id")),
            at(5, 9)
        );
        let nope = root.key("phases").index(0).key("skills").index(1);
        assert_eq!(locate(DOC, &nope), at(8, 19));
        assert_eq!(nope.to_string(), "phases[0].skills[1]");
    }

    #[test]
    fn missing_nodes_fall_back_to_the_nearest_ancestor() {
        let path = YamlPath::root().key("skills").index(1).key("weight");
        assert_eq!(locate(DOC, &path), at(5, 5));
    }
}
