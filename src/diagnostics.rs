//! Located problems in an author's files.
//!
//! Every mistake rolemap finds in a site (a YAML syntax error, an unknown key,
//! a phase naming a skill that does not exist) becomes a [`Diagnostic`]: a
//! severity, a message, an optional hint and, where known, the file, line and
//! column of the offending value. The library only builds them; the binary
//! renders them once, at the edge, through miette so the author sees the
//! source line with the problem underlined.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use miette::{LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing, but the site still builds.
    Warning,
    /// The site cannot be built until this is fixed.
    Error,
}

/// A 1-based line and column (in characters) inside a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// Line number, starting at 1.
    pub line: usize,
    /// Column number in characters, starting at 1.
    pub column: usize,
}

/// A file the author wrote, kept whole so a diagnostic can quote it.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as shown to the author (relative to the site root where possible).
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    /// Where its lines start, found on first use: a file with thousands of
    /// diagnostics is scanned once, not once per diagnostic.
    lines: OnceLock<Lines>,
}

/// The byte offset of each line's start (after every `\n`, and 0).
#[derive(Debug)]
struct Lines {
    starts: Vec<usize>,
    /// Whether a `\r` ends a line on its own, where miette would count a
    /// line that `starts` does not.
    lone_cr: bool,
}

impl SourceFile {
    /// Wraps a file's path and text for sharing between diagnostics.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(SourceFile {
            path: path.into(),
            text: text.into(),
            lines: OnceLock::new(),
        })
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| {
            let starts = std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(at, _)| at + 1))
                .collect();
            let bytes = self.text.as_bytes();
            let lone_cr =
                (self.text.match_indices('\r')).any(|(at, _)| bytes.get(at + 1) != Some(&b'\n'));
            Lines { starts, lone_cr }
        })
    }

    /// The text of 0-based line `index` without its line ending (as
    /// [`str::lines`] gives it), or `None` past the end.
    fn line(&self, index: usize) -> Option<&str> {
        let starts = &self.lines().starts;
        let start = *starts
            .get(index)
            .filter(|start| **start < self.text.len())?;
        match starts.get(index + 1) {
            Some(next) => {
                let line = &self.text[start..next - 1];
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(&self.text[start..]),
        }
    }

    /// Whether the lines around `at` are short enough to quote: a snippet of
    /// a minified or generated line helps nobody and is slow to lay out.
    fn quotable_around(&self, at: LineCol) -> bool {
        const LONGEST: usize = 1000;
        let first = at.line.saturating_sub(2);
        (first..first + 3)
            .map_while(|index| self.line(index))
            .all(|line| line.len() <= LONGEST)
    }

    /// Byte offset of a line and column, clamped to the end of the text.
    fn byte_offset(&self, at: LineCol) -> usize {
        let line_start = self
            .lines()
            .starts
            .get(at.line.saturating_sub(1))
            .copied()
            .unwrap_or(self.text.len());
        let rest = &self.text[line_start..];
        let within: usize = rest
            .chars()
            .take_while(|c| *c != '\n')
            .take(at.column.saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        line_start + within
    }

    /// Length in bytes of the value starting at `offset`, for underlining:
    /// a quoted string whole, otherwise up to the end of the line, a comment
    /// or the end of a flow item.
    fn token_len(&self, offset: usize) -> usize {
        let line = self.text[offset..].split('\n').next().unwrap_or("");
        if let Some(quote @ ('"' | '\'')) = line.chars().next() {
            if let Some(close) = line[1..].find(quote) {
                return close + 2;
            }
        }
        let end = [line.find(" #"), line.find([',', ']', '}'])]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(line.len());
        // A whole long line underlined says nothing; point at its start.
        let token = line[..end].trim_end();
        token
            .char_indices()
            .nth(60)
            .map_or(token.len(), |(at, _)| at)
    }
}

/// The file as miette reads it, named by its path, so miette prints
/// `[roles/x.yaml:3:7]` above the snippet. miette's own reading of a text
/// counts lines from its start for every snippet; this one starts at the
/// first line the snippet shows, found in the line index, and gives the
/// same contents.
impl SourceCode for SourceFile {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let Lines { starts, lone_cr } = self.lines();
        // miette also breaks lines at a lone `\r`; such a rare file is read whole.
        let line = starts.partition_point(|start| *start <= span.offset()) - 1;
        let first = if *lone_cr {
            0
        } else {
            line.saturating_sub(context_lines_before)
        };
        let skipped = starts[first];
        let shifted = SourceSpan::new((span.offset() - skipped).into(), span.len());
        let inner =
            self.text[skipped..].read_span(&shifted, context_lines_before, context_lines_after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.path.display().to_string(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + skipped).into(), inner.span().len()),
            inner.line() + first,
            inner.column(),
            inner.line_count() + first,
        )))
    }
}

/// One problem found in the site, with where it is and how to fix it.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when there is something useful to say.
    pub hint: Option<String>,
    /// The file the problem is in, if it is in a file.
    pub file: Option<PathBuf>,
    /// Where in the file, when the position is known.
    pub at: Option<LineCol>,
    source: Option<Arc<SourceFile>>,
}

impl Diagnostic {
    /// An error in `source` at `at` (or somewhere in the file when `None`).
    pub fn error(
        source: &Arc<SourceFile>,
        at: Option<LineCol>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            file: Some(source.path.clone()),
            at,
            source: Some(Arc::clone(source)),
        }
    }

    /// An error about a path that has no text to quote (unreadable file, bad folder).
    pub fn for_path(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            hint: None,
            file: Some(path.to_path_buf()),
            at: None,
            source: None,
        }
    }

    /// Turns this diagnostic into a warning.
    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds a hint telling the author how to fix the problem.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this diagnostic stops a build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// One line: `path:line:col: message`, the form editors and grep understand.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(at) = self.at {
                write!(f, ":{}:{}", at.line, at.column)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)
    }
}

impl std::error::Error for Diagnostic {}

impl miette::Diagnostic for Diagnostic {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Warning => miette::Severity::Warning,
            Severity::Error => miette::Severity::Error,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.hint
            .as_ref()
            .map(|hint| Box::new(hint) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.at?;
        self.source.as_ref().map(|s| &s.text as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (source, at) = (self.source.as_ref()?, self.at?);
        let offset = source.byte_offset(at);
        let len = source.token_len(offset).max(1);
        let label = LabeledSpan::new(Some("here".to_owned()), offset, len);
        Some(Box::new(std::iter::once(label)))
    }
}

/// Diagnostics as JSON for editors and CI:
/// `{"errors": n, "warnings": n, "diagnostics": [{"severity", "file", "line",
/// "column", "message", "hint"}]}` (absent positions are `null`).
pub fn to_json(list: &[Diagnostic]) -> String {
    #[derive(serde::Serialize)]
    struct Entry<'d> {
        severity: Severity,
        file: Option<String>,
        line: Option<usize>,
        column: Option<usize>,
        message: &'d str,
        hint: Option<&'d str>,
    }
    #[derive(serde::Serialize)]
    struct Report<'d> {
        errors: usize,
        warnings: usize,
        diagnostics: Vec<Entry<'d>>,
    }
    let diagnostics = list
        .iter()
        .map(|d| Entry {
            severity: d.severity,
            file: d.file.as_ref().map(|f| f.display().to_string()),
            line: d.at.map(|at| at.line),
            column: d.at.map(|at| at.column),
            message: &d.message,
            hint: d.hint.as_deref(),
        })
        .collect();
    let errors = list.iter().filter(|d| d.is_error()).count();
    let report = Report {
        errors,
        warnings: list.len() - errors,
        diagnostics,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
}

/// Renders a diagnostic with its source snippet, as the binary prints it.
pub fn render(diagnostic: &Diagnostic, color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    if let (Some(source), Some(at)) = (&diagnostic.source, diagnostic.at) {
        if !source.quotable_around(at) {
            return plain(diagnostic, "the line is too long to show");
        }
    }
    let handler = miette::GraphicalReportHandler::new_themed(theme).with_context_lines(1);
    let mut out = String::new();
    let named;
    let report: &dyn miette::Diagnostic = match (&diagnostic.source, diagnostic.at) {
        (Some(source), Some(_)) => {
            named = Named {
                inner: diagnostic,
                source,
            };
            &named
        }
        _ => diagnostic,
    };
    if handler.render_report(&mut out, report).is_err() {
        return format!("{diagnostic}\n");
    }
    out
}

/// A diagnostic as text without a snippet.
fn plain(diagnostic: &Diagnostic, why: &str) -> String {
    let mut out = format!("  × {diagnostic} ({why})\n");
    if let Some(hint) = &diagnostic.hint {
        out.push_str(&format!("  help: {hint}\n"));
    }
    out
}

/// A diagnostic whose source carries the file name, so miette prints
/// `[roles/x.yaml:3:7]` above the snippet.
struct Named<'a> {
    inner: &'a Diagnostic,
    source: &'a SourceFile,
}

impl fmt::Debug for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.inner, f)
    }
}

impl fmt::Display for Named<'_> {
    /// The message alone: miette prints the file, line and column above the snippet.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.inner.message)
    }
}

impl std::error::Error for Named<'_> {}

impl miette::Diagnostic for Named<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        self.inner.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.help()
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.inner.labels()
    }
}

/// The closest of `candidates` to a misspelt `word`, if any is close enough
/// to be a plausible typo (a few edits, transpositions counting as one).
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let allowed = (word.chars().count() / 4).max(1);
    let candidates: Vec<&str> = candidates.into_iter().collect();
    let close = candidates
        .iter()
        .map(|candidate| (strsim::osa_distance(word, candidate), *candidate))
        .filter(|(distance, _)| *distance <= allowed)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate);
    // A shortened key (`negation` for `negation_cues`) is a typo too.
    close.or_else(|| {
        let shortened =
            |c: &&&str| word.len() >= 4 && (c.starts_with(word) || word.starts_with(**c));
        candidates.iter().find(shortened).copied()
    })
}

#[cfg(test)]
mod tests {
    use miette::NamedSource;

    use super::*;

    #[test]
    fn byte_offset_counts_characters_not_bytes() {
        let file = SourceFile::new("x.yaml", "a: 1\ntitle: Über café\n");
        let at = LineCol {
            line: 2,
            column: 13,
        };
        assert_eq!(&file.text[file.byte_offset(at)..], "café\n");
    }

    #[test]
    fn snippets_read_from_the_line_index_match_miettes_own_reading() {
        let handler =
            miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
                .with_context_lines(1);
        let texts = [
            "a: 1\ntitle: Über café\nskills:\n  - id: x\n",
            "a: 1\r\nb: [x, y]\r\nc: 3",
            "a: 1\rb: 2\nc: 3\n",
            "only: line",
        ];
        for text in texts {
            let file = SourceFile::new("roles/x.yaml", text);
            for line in 1..=5 {
                for column in [1, 4, 9] {
                    let at = LineCol { line, column };
                    let diagnostic = Diagnostic::error(&file, Some(at), "wrong");
                    let named = NamedSource::new("roles/x.yaml", text.to_owned());
                    let mut expected = String::new();
                    handler
                        .render_report(&mut expected, &WithSource(&diagnostic, named))
                        .unwrap();
                    assert_eq!(render(&diagnostic, false), expected, "{text:?} {at:?}");
                }
            }
        }
    }

    /// A diagnostic read through miette's `NamedSource<String>`, as render
    /// did before it had a line index.
    struct WithSource<'a>(&'a Diagnostic, NamedSource<String>);

    impl fmt::Debug for WithSource<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            fmt::Debug::fmt(self.0, f)
        }
    }

    impl fmt::Display for WithSource<'_> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0.message)
        }
    }

    impl std::error::Error for WithSource<'_> {}

    impl miette::Diagnostic for WithSource<'_> {
        fn severity(&self) -> Option<miette::Severity> {
            self.0.severity()
        }
        fn source_code(&self) -> Option<&dyn SourceCode> {
            Some(&self.1)
        }
        fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
            self.0.labels()
        }
    }

    #[test]
    fn suggestions_catch_typos_only() {
        let keys = ["skills", "phases", "summary"];
        assert_eq!(did_you_mean("skils", keys), Some("skills"));
        assert_eq!(did_you_mean("colour", keys), None);
        let roles = ["backend-developer", "data-engineer"];
        assert_eq!(did_you_mean("cloud-engineer", roles), None);
        assert_eq!(did_you_mean("frontend-developer", roles), None);
        assert_eq!(did_you_mean("data-enginer", roles), Some("data-engineer"));
        assert_eq!(
            did_you_mean("base_ulr", ["base_url", "title"]),
            Some("base_url")
        );
    }
}
