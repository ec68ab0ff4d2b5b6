//! Finding where a value sits in a YAML file.
//!
//! serde_yaml reports positions for syntax and type errors, but a validated
//! value carries no span, so a semantic error ("this phase names an unknown
//! skill") would have no line. This module walks the file's event stream with
//! saphyr-parser and returns the position of the node at a path such as
//! `phases[2].skills[1]`. It runs only when there is an error to place, so
//! clean builds never parse a file twice, and then indexes every node in one
//! walk ([`PositionIndex`], kept by a [`YamlSource`]), so a file with
//! thousands of diagnostics is parsed once, not once per diagnostic.

use std::collections::HashMap;
use std::fmt;
use std::ops::Deref;
use std::sync::{Arc, OnceLock};

use saphyr_parser::{Event, Parser};

use crate::diagnostics::{LineCol, SourceFile};

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
/// or a value) or inside a sequence (counting elements), with the path of
/// the collection itself (`None` when no path leads to it, e.g. the value
/// of a complex key).
enum Frame {
    Mapping {
        key: Option<String>,
        path: Option<u32>,
    },
    Sequence {
        next: usize,
        path: Option<u32>,
    },
}

/// One step of a path in the index: a key (by its number in
/// [`PositionIndex::keys`]) or a sequence index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    Key(u32),
    Index(usize),
}

/// Where the nodes at one path are: the first (the one a lookup finds) and
/// the last, with its number in document order (the one a missing
/// descendant falls back to, as the last on-path node the walk passed).
#[derive(Debug, Clone, Copy)]
struct Seen {
    first: LineCol,
    last: LineCol,
    last_order: usize,
}

/// The position of every node of a YAML file by its path, built in one walk
/// of saphyr-parser's events, so placing many diagnostics in one file parses
/// it once. Paths form a trie: path 0 is the root, and each edge leads from
/// a path to one of its children.
pub struct PositionIndex {
    /// Every mapping key in the file, numbered.
    keys: HashMap<String, u32>,
    /// `(parent path, step)` to child path.
    children: HashMap<(u32, Edge), u32>,
    /// The nodes at each path (`None` only for the root of an empty file).
    seen: Vec<Option<Seen>>,
    /// Whether the walk stopped at a syntax error: then a node it did not
    /// reach has no position, not its ancestor's.
    broken: bool,
}

impl fmt::Debug for PositionIndex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PositionIndex")
            .field("paths", &self.seen.len())
            .field("broken", &self.broken)
            .finish()
    }
}

impl PositionIndex {
    /// Indexes every node of `text`.
    pub fn new(text: &str) -> Self {
        let mut index = PositionIndex {
            keys: HashMap::new(),
            children: HashMap::new(),
            seen: vec![None],
            broken: false,
        };
        let mut frames: Vec<Frame> = Vec::new();
        let mut order = 0usize;
        for event in Parser::new_from_str(text) {
            let Ok((event, span)) = event else {
                index.broken = true;
                break;
            };
            let here = LineCol {
                line: span.start.line(),
                column: span.start.col() + 1,
            };
            match event {
                Event::Scalar(..)
                | Event::MappingStart(..)
                | Event::SequenceStart(..)
                | Event::Alias(..) => {}
                Event::MappingEnd | Event::SequenceEnd => {
                    frames.pop();
                    continue;
                }
                _ => continue,
            }
            // A scalar in key position is a key, not a node of a path.
            if let Some(Frame::Mapping {
                key: key @ None, ..
            }) = frames.last_mut()
            {
                if let Event::Scalar(value, ..) = &event {
                    *key = Some(value.to_string());
                    continue;
                }
            }
            let path = match frames.last() {
                None => Some(0),
                Some(Frame::Mapping { key: None, .. }) => None,
                Some(Frame::Mapping {
                    key: Some(key),
                    path,
                }) => path.map(|parent| {
                    let key = index.key_number(key);
                    index.child(parent, Edge::Key(key))
                }),
                Some(Frame::Sequence { next, path }) => {
                    path.map(|parent| index.child(parent, Edge::Index(*next)))
                }
            };
            if let Some(path) = path {
                index.record(path, here, order);
                order += 1;
            }
            advance_parent(&mut frames);
            match event {
                Event::MappingStart(..) => frames.push(Frame::Mapping { key: None, path }),
                Event::SequenceStart(..) => frames.push(Frame::Sequence { next: 0, path }),
                _ => {}
            }
        }
        index
    }

    /// Position of the node at `path`, or of its nearest existing ancestor
    /// when the node itself is absent (a missing key points at its
    /// mapping). `None` when the file has no nodes, or when the walk broke
    /// off at a syntax error before reaching the node.
    pub fn get(&self, path: &YamlPath) -> Option<LineCol> {
        let mut at = 0u32;
        // The last node the walk passed on the way to `path`.
        let mut fallback = self.seen[0];
        let mut found = true;
        for step in &path.0 {
            let edge = match step {
                Step::Key(key) => self.keys.get(*key).map(|&key| Edge::Key(key)),
                Step::Index(index) => Some(Edge::Index(*index)),
            };
            let Some(&child) = edge.and_then(|edge| self.children.get(&(at, edge))) else {
                found = false;
                break;
            };
            at = child;
            let seen = self.seen[at as usize];
            if seen.map(|s| s.last_order) > fallback.map(|s| s.last_order) {
                fallback = seen;
            }
        }
        match (found, self.seen[at as usize]) {
            (true, Some(seen)) => Some(seen.first),
            _ if self.broken => None,
            _ => fallback.map(|seen| seen.last),
        }
    }

    fn key_number(&mut self, key: &str) -> u32 {
        if let Some(&number) = self.keys.get(key) {
            return number;
        }
        let number = self.keys.len() as u32;
        self.keys.insert(key.to_owned(), number);
        number
    }

    fn child(&mut self, parent: u32, edge: Edge) -> u32 {
        let next = self.seen.len() as u32;
        let child = *self.children.entry((parent, edge)).or_insert(next);
        if child == next {
            self.seen.push(None);
        }
        child
    }

    fn record(&mut self, path: u32, here: LineCol, order: usize) {
        let seen = &mut self.seen[path as usize];
        match seen {
            Some(seen) => {
                seen.last = here;
                seen.last_order = order;
            }
            None => {
                *seen = Some(Seen {
                    first: here,
                    last: here,
                    last_order: order,
                })
            }
        }
    }
}

/// Position of the node at `path` in `text`, or of its nearest existing
/// ancestor when the node itself is absent. Parses the whole file: to place
/// more than one diagnostic, use a [`YamlSource`].
pub fn locate(text: &str, path: &YamlPath) -> Option<LineCol> {
    PositionIndex::new(text).get(path)
}

/// A YAML file the author wrote, with the position of its nodes indexed on
/// first use: a file without diagnostics is never parsed a second time, and
/// one with many is parsed once. Dereferences to its [`SourceFile`], so it
/// goes wherever a diagnostic wants its file.
#[derive(Debug)]
pub struct YamlSource {
    file: Arc<SourceFile>,
    index: OnceLock<PositionIndex>,
}

impl YamlSource {
    /// Wraps a file; nothing is parsed yet.
    pub fn new(file: Arc<SourceFile>) -> Self {
        YamlSource {
            file,
            index: OnceLock::new(),
        }
    }

    /// The file.
    pub fn file(&self) -> &Arc<SourceFile> {
        &self.file
    }

    /// Position of the node at `path`, as [`locate`] finds it, from the
    /// file's index (built by the first call).
    pub fn locate(&self, path: &YamlPath) -> Option<LineCol> {
        self.index
            .get_or_init(|| PositionIndex::new(&self.file.text))
            .get(path)
    }
}

impl Deref for YamlSource {
    type Target = Arc<SourceFile>;

    fn deref(&self) -> &Arc<SourceFile> {
        &self.file
    }
}

/// After a node: the mapping waits for its next key, the sequence moves to
/// its next element.
fn advance_parent(frames: &mut [Frame]) {
    match frames.last_mut() {
        Some(Frame::Mapping { key, .. }) => *key = None,
        Some(Frame::Sequence { next, .. }) => *next += 1,
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

    #[test]
    fn a_source_indexes_its_file_once_and_only_when_asked() {
        let source = YamlSource::new(SourceFile::new("x.yaml", DOC));
        assert!(source.index.get().is_none());
        let root = YamlPath::root();
        assert_eq!(source.locate(&root.key("title")), at(1, 8));
        let nope = root.key("phases").index(0).key("skills").index(1);
        assert_eq!(source.locate(&nope), at(8, 19));
        assert_eq!(source.locate(&root.key("faqs")), at(1, 1));
        assert!(source.index.get().is_some());
    }

    #[test]
    fn the_first_of_duplicate_nodes_is_found_and_the_last_passed_is_the_fallback() {
        let doc = "skills:\n  - id: a\nskills:\n  - id: b\n  - id: c\n";
        let skills = YamlPath::root().key("skills");
        assert_eq!(locate(doc, &skills.index(0).key("id")), at(2, 9));
        assert_eq!(locate(doc, &skills.index(1).key("id")), at(5, 9));
        // Not in either list: the walk last passed the second `skills`.
        assert_eq!(locate(doc, &skills.index(5)), at(4, 3));
    }

    #[test]
    fn after_a_syntax_error_only_nodes_before_it_have_a_position() {
        let doc = "title: A\nskills: [one\nphases: x\n";
        assert_eq!(locate(doc, &YamlPath::root().key("title")), at(1, 8));
        assert_eq!(locate(doc, &YamlPath::root().key("phases")), None);
        assert_eq!(locate("", &YamlPath::root()), None);
    }
}
