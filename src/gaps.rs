//! `rolemap fit --gaps`: the content-gap report for authors.
//!
//! Given a collection of CVs (a folder of files, or a CSV file with one CV
//! a row), every CV is ranked against the site's roles with the readiness
//! checker ([`crate::checker`]), and the terms it uses that the role it
//! ranks best does not know are counted. A term is reported for a role
//! when at least `min_cvs` of the CVs ranked to that role use it, most
//! frequent first, with the other roles that do have it as a keyword: a
//! sign of a missing keyword or synonym. A site owner tunes keywords
//! against their own applicants with it; the shipped roles were tuned with
//! it on the public labelled CV set.
//!
//! What counts as a term is deliberately narrow, so the report lists
//! vocabulary rather than prose:
//!
//! - a token that is not an ordinary word ([`crate::checker::words`]: the
//!   5,000 most frequent English words and the technology names that are
//!   also words), or a technology name that is also a word written
//!   capitalised inside a sentence (`Spring`, not `spring`);
//! - not a number, date or ordinal (no token that starts with a digit),
//!   not a single character, not part of an e-mail address, URL or host
//!   name;
//! - or two such tokens in a row, or one such token next to a less
//!   frequent English word (`sql server`, `spring boot`), separated only by
//!   spaces or one hyphen;
//! - not a word of the roles' job titles that no role has as a keyword
//!   (`Developer`, `Engineer`: they name roles, not skills);
//! - and not covered by a match of the best role (negated mentions
//!   included: the role knows the term).
//!
//! A term is reported for a role when at least `min_cvs` of its CVs use it
//! and, if the collection has CVs ranked elsewhere (or to no role), when
//! the role's CVs use it at least twice as often as those ([`LIFT`]): a
//! template heading, a city or a company every CV names says nothing about
//! one role. Inflections of listed English words (`databases`,
//! `configured`) count as English words. CVs whose text repeats an earlier
//! one exactly are counted once; CVs that meet no skill of any role have no
//! best role and only count as background.
//!
//! Everything the input controls is bounded: the number of CVs, the size
//! of each, the size of a CSV file after decompression, the depth of a
//! folder, and the number of distinct terms kept per role.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::checker::text::{Join, Token};
use crate::checker::words::{english_rank, is_ordinary_word, is_technology_word};
use crate::checker::{Analysis, CheckerData};
use crate::fit::site_checker_data;
use crate::load::Invalid;

/// Most CVs one report reads (files in a folder, or rows of a CSV file).
pub const MAX_CVS: usize = 20_000;
/// Largest CV text, in bytes (one CSV field; a file is read by
/// [`crate::cv::read`] within its own bounds).
pub const MAX_FIELD_BYTES: u64 = 1024 * 1024;
/// Largest CSV file, in bytes after decompression.
pub const MAX_CSV_BYTES: u64 = 256 * 1024 * 1024;
/// Deepest folder level searched for CV files.
pub const MAX_DEPTH: usize = 8;
/// Most distinct terms counted per role; later new terms are not counted.
pub const MAX_TERMS_PER_ROLE: usize = 100_000;

/// File extensions read as CVs in a folder, by [`crate::cv::read`], the
/// one place that knows file formats.
pub const CV_EXTENSIONS: &[&str] = &["txt", "md", "pdf", "docx"];

/// Column names taken as the CV text of a CSV file, compared without case
/// and without anything but letters and digits (`Resume_str` is `resumestr`).
const TEXT_COLUMNS: &[&str] = &[
    "resume",
    "resumetext",
    "resumestr",
    "cv",
    "cvtext",
    "text",
    "content",
];

/// English words this frequent (by rank) are never half of a two-token
/// term: `in java` and `python and` are not terms, `sql server` is.
const FUNCTION_WORDS: usize = 500;

/// Top-level domains whose host names are dropped as terms
/// (`gmail.com`); `.net` and `.io` are not among them (`asp.net`, `socket.io`).
const DOMAINS: &[&str] = &["com", "org", "edu", "gov", "co", "in", "uk", "info", "biz"];

/// What to report on.
#[derive(Debug, Clone)]
pub struct GapOptions {
    /// The site folder.
    pub root: PathBuf,
    /// A folder of CV files, or a `.csv` / `.csv.gz` file.
    pub source: PathBuf,
    /// The CSV column holding the CV text (default: the first column named
    /// like `resume`, `resume_text` or `text`).
    pub column: Option<String>,
    /// A term is reported when at least this many CVs of a role use it.
    pub min_cvs: usize,
    /// Most terms listed per role.
    pub top: usize,
}

/// Why the report could not be made.
#[derive(Debug, thiserror::Error)]
pub enum GapError {
    /// The site has errors.
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// A file or folder could not be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file or folder.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// A CV file of the folder could not be read as text.
    #[error(transparent)]
    Cv(#[from] crate::cv::CvError),
    /// The source is neither a folder nor a CSV file.
    #[error("{} is not a folder of CVs or a .csv or .csv.gz file", path.display())]
    NotACollection {
        /// What was given.
        path: PathBuf,
    },
    /// The CSV file could not be parsed.
    #[error("{}: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// What the CSV reader said.
        message: String,
    },
    /// No column holds the CV text.
    #[error("{} has no column {wanted}; its columns are {}", path.display(), columns.join(", "))]
    NoColumn {
        /// The file.
        path: PathBuf,
        /// The column asked for, or the names looked for.
        wanted: String,
        /// The columns the file has.
        columns: Vec<String>,
    },
    /// More CVs than [`MAX_CVS`].
    #[error("{} holds more than {MAX_CVS} CVs", path.display())]
    TooMany {
        /// The folder or file.
        path: PathBuf,
    },
    /// A CSV field larger than [`MAX_FIELD_BYTES`], or a CSV file larger than
    /// [`MAX_CSV_BYTES`].
    #[error("{what} is larger than {} MiB", limit / (1024 * 1024))]
    TooLarge {
        /// The file, or the file and row.
        what: String,
        /// The limit in bytes.
        limit: u64,
    },
}

impl GapError {
    /// How to proceed, for the message printed at the edge.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            GapError::NotACollection { .. } => Some(
                "give a folder of .txt, .md, .pdf or .docx CVs, or a CSV file with one CV a row (optionally gzipped)",
            ),
            GapError::NoColumn { .. } => Some("name the column of the CV text with --column"),
            GapError::TooMany { .. } => Some("split the collection and report on each part"),
            GapError::TooLarge { .. } => Some("a CV is a few pages of text; leave this one out"),
            GapError::Cv(err) => Some(err.hint()),
            _ => None,
        }
    }
}

/// One CV of the collection.
#[derive(Debug, Clone)]
pub struct Cv {
    /// Where it came from: a file path, or `row N` of a CSV file.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// A term the CVs of a role use and the role does not know.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapTerm {
    /// The term as the CVs most often write it.
    pub term: String,
    /// How many of the role's CVs use it.
    pub cvs: usize,
    /// Slugs of the other roles that have it as a keyword.
    pub keyword_of: Vec<String>,
}

/// The gaps of one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleGaps {
    /// Role slug.
    pub slug: String,
    /// Role title.
    pub title: String,
    /// How many CVs rank this role best.
    pub cvs: usize,
    /// Terms at least `min_cvs` of those CVs use, most frequent first.
    pub terms: Vec<GapTerm>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GapReport {
    /// CVs read, duplicates included.
    pub cvs: usize,
    /// CVs whose text repeats an earlier one exactly, left out.
    pub duplicates: usize,
    /// CVs that met no skill of any role, left out.
    pub unmatched: usize,
    /// The threshold used.
    pub min_cvs: usize,
    /// Whether some role had more than [`MAX_TERMS_PER_ROLE`] distinct
    /// terms, so later ones went uncounted.
    pub truncated: bool,
    /// Roles with at least one CV, most CVs first.
    pub roles: Vec<RoleGaps>,
}

/// Reads the collection at `options.source` and reports its gaps against
/// the site at `options.root`.
pub fn gaps(options: &GapOptions) -> Result<GapReport, GapError> {
    let data = site_checker_data(&options.root)?;
    let cvs = read_collection(&options.source, options.column.as_deref())?;
    Ok(report(&data, &cvs, options.min_cvs, options.top))
}

/// The CVs of a folder (every file with a [`CV_EXTENSIONS`] extension,
/// searched [`MAX_DEPTH`] levels deep, in path order) or a CSV file.
pub fn read_collection(source: &Path, column: Option<&str>) -> Result<Vec<Cv>, GapError> {
    let metadata = std::fs::metadata(source).map_err(|err| GapError::Read {
        path: source.to_path_buf(),
        source: err,
    })?;
    if metadata.is_dir() {
        return read_folder(source);
    }
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !metadata.is_file() || !(name.ends_with(".csv") || name.ends_with(".csv.gz")) {
        return Err(GapError::NotACollection {
            path: source.to_path_buf(),
        });
    }
    let file = File::open(source).map_err(|err| GapError::Read {
        path: source.to_path_buf(),
        source: err,
    })?;
    let reader: Box<dyn Read> = if name.ends_with(".gz") {
        Box::new(flate2::read::GzDecoder::new(BufReader::new(file)))
    } else {
        Box::new(file)
    };
    read_csv(source, reader.take(MAX_CSV_BYTES + 1), column)
}

fn read_folder(folder: &Path) -> Result<Vec<Cv>, GapError> {
    let mut paths = Vec::new();
    for entry in walkdir::WalkDir::new(folder)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name()
    {
        let entry = entry.map_err(|err| GapError::Read {
            path: err.path().unwrap_or(folder).to_path_buf(),
            source: err.into(),
        })?;
        let is_cv = entry.path().extension().is_some_and(|extension| {
            let extension = extension.to_string_lossy().to_lowercase();
            CV_EXTENSIONS.contains(&extension.as_str())
        });
        // Symbolic links are not followed: a regular file only.
        if entry.file_type().is_file() && is_cv {
            if paths.len() == MAX_CVS {
                return Err(GapError::TooMany {
                    path: folder.to_path_buf(),
                });
            }
            paths.push(entry.into_path());
        }
    }
    paths
        .par_iter()
        .map(|path| {
            Ok(Cv {
                name: path.display().to_string(),
                text: crate::cv::read(path)?,
            })
        })
        .collect()
}

fn read_csv(path: &Path, input: impl Read, column: Option<&str>) -> Result<Vec<Cv>, GapError> {
    let csv_error = |err: csv::Error| {
        // The reader stops one byte past the limit, which the CSV reader
        // sees as a truncated file.
        GapError::Csv {
            path: path.to_path_buf(),
            message: err.to_string(),
        }
    };
    let mut counted = Counted {
        inner: input,
        read: 0,
    };
    let mut reader = csv::Reader::from_reader(&mut counted);
    let headers: Vec<String> = reader
        .headers()
        .map_err(csv_error)?
        .iter()
        .map(str::to_owned)
        .collect();
    let squash = |name: &str| -> String {
        name.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let index = match column {
        Some(wanted) => headers.iter().position(|h| h == wanted),
        None => TEXT_COLUMNS
            .iter()
            .find_map(|name| headers.iter().position(|h| squash(h) == *name)),
    };
    let Some(index) = index else {
        return Err(GapError::NoColumn {
            path: path.to_path_buf(),
            wanted: column.map_or_else(
                || "named resume, resume_text, text or cv".to_owned(),
                |c| format!("'{c}'"),
            ),
            columns: headers,
        });
    };
    let mut cvs = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut row = 0;
    loop {
        let more = reader.read_record(&mut record);
        if reader.get_ref().read > MAX_CSV_BYTES {
            return Err(GapError::TooLarge {
                what: path.display().to_string(),
                limit: MAX_CSV_BYTES,
            });
        }
        if !more.map_err(csv_error)? {
            break;
        }
        row += 1;
        if row > MAX_CVS {
            return Err(GapError::TooMany {
                path: path.to_path_buf(),
            });
        }
        let text = record.get(index).unwrap_or_default();
        if text.len() as u64 > MAX_FIELD_BYTES {
            return Err(GapError::TooLarge {
                what: format!("{} row {row}", path.display()),
                limit: MAX_FIELD_BYTES,
            });
        }
        cvs.push(Cv {
            name: format!("row {row}"),
            text: text.to_owned(),
        });
    }
    Ok(cvs)
}

/// A reader that counts what it has read, to tell a CSV file cut at
/// [`MAX_CSV_BYTES`] from one that ends there.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// One CV's terms: every term it uses once (with its spelling), and the
/// role it ranks best with, for each term, whether that role knows it and
/// which roles do.
struct CvTerms {
    best: Option<usize>,
    terms: Vec<CvTerm>,
}

struct CvTerm {
    key: String,
    form: String,
    /// Known to the best role (so not a gap of it).
    known: bool,
    /// The roles whose keywords match it.
    keyword_of: Vec<usize>,
}

/// What the roles of the site say about words, computed once per report.
struct Vocabulary {
    /// Words of the roles' job titles that no role has as a one-word
    /// keyword (`developer`, `engineer`): they name roles, not skills.
    title_words: HashSet<String>,
}

impl Vocabulary {
    fn new(data: &CheckerData) -> Vocabulary {
        let keywords: HashSet<String> = data
            .roles
            .iter()
            .flat_map(|r| &r.skills)
            .flat_map(|s| &s.phrases)
            .filter(|p| p.keys.len() == 1)
            .map(|p| p.keys[0].to_lowercase())
            .collect();
        let title_words = data
            .roles
            .iter()
            .flat_map(|r| &r.titles)
            .flat_map(|p| &p.keys)
            .filter(|key| !keywords.contains(*key))
            .cloned()
            .collect();
        Vocabulary { title_words }
    }
}

/// How much more often a role's CVs must use a term than the other CVs of
/// the collection for it to be reported: a term every CV uses (a template
/// heading, a city) says nothing about one role.
const LIFT: usize = 2;

#[derive(Default)]
struct Count {
    /// CVs of the role that use the term and whose role does not know it.
    gaps: usize,
    /// CVs of the role that use the term at all.
    uses: usize,
    forms: HashMap<String, usize>,
    keyword_of: BTreeSet<usize>,
}

/// Counts the gaps of `cvs` against the roles of `data`.
pub fn report(data: &CheckerData, cvs: &[Cv], min_cvs: usize, top: usize) -> GapReport {
    let mut seen = HashSet::new();
    let unique: Vec<&Cv> = cvs.iter().filter(|cv| seen.insert(&cv.text)).collect();
    let vocabulary = Vocabulary::new(data);
    let per_cv: Vec<CvTerms> = unique
        .par_iter()
        .map(|cv| cv_terms(data, &vocabulary, cv))
        .collect();

    let mut ranked = vec![0usize; data.roles.len()];
    let mut counts: Vec<HashMap<String, Count>> =
        data.roles.iter().map(|_| HashMap::new()).collect();
    let mut everywhere: HashMap<String, usize> = HashMap::new();
    let mut truncated = false;
    for cv in &per_cv {
        for term in &cv.terms {
            if let Some(n) = everywhere.get_mut(&term.key) {
                *n += 1;
            } else if everywhere.len() < MAX_TERMS_PER_ROLE {
                everywhere.insert(term.key.clone(), 1);
            } else {
                truncated = true;
            }
        }
        let Some(role) = cv.best else {
            continue;
        };
        ranked[role] += 1;
        let counts = &mut counts[role];
        for term in &cv.terms {
            if !counts.contains_key(&term.key) && counts.len() == MAX_TERMS_PER_ROLE {
                truncated = true;
                continue;
            }
            let count = counts.entry(term.key.clone()).or_default();
            count.uses += 1;
            if term.known {
                continue;
            }
            count.gaps += 1;
            // A handful of spellings at most: a term with many is noise.
            if count.forms.len() < 8 || count.forms.contains_key(&term.form) {
                *count.forms.entry(term.form.clone()).or_default() += 1;
            }
            count.keyword_of.extend(&term.keyword_of);
        }
    }
    let total = per_cv.len();
    let mut roles: Vec<RoleGaps> = data
        .roles
        .iter()
        .zip(ranked)
        .zip(counts)
        .filter(|((_, cvs), _)| *cvs > 0)
        .map(|((role, cvs), counts)| {
            let rest = total - cvs;
            let mut terms: Vec<GapTerm> = counts
                .into_iter()
                .filter(|(key, count)| {
                    let elsewhere = everywhere.get(key).map_or(0, |n| n - count.uses);
                    count.gaps >= min_cvs
                        && (rest == 0 || count.gaps * rest >= LIFT * elsewhere * cvs)
                })
                .map(|(key, count)| GapTerm {
                    term: most_common(count.forms).unwrap_or(key),
                    cvs: count.gaps,
                    keyword_of: count
                        .keyword_of
                        .into_iter()
                        .map(|r| data.roles[r].slug.clone())
                        .collect(),
                })
                .collect();
            terms.sort_by(|a, b| b.cvs.cmp(&a.cvs).then_with(|| a.term.cmp(&b.term)));
            terms.truncate(top);
            RoleGaps {
                slug: role.slug.clone(),
                title: role.title.clone(),
                cvs,
                terms,
            }
        })
        .collect();
    roles.sort_by_key(|r| std::cmp::Reverse(r.cvs));
    GapReport {
        cvs: cvs.len(),
        duplicates: cvs.len() - unique.len(),
        unmatched: per_cv.iter().filter(|cv| cv.best.is_none()).count(),
        min_cvs,
        truncated,
        roles,
    }
}

/// The most frequent spelling, the first in order among equals.
fn most_common(forms: HashMap<String, usize>) -> Option<String> {
    let mut forms: Vec<(String, usize)> = forms.into_iter().collect();
    forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    forms.into_iter().next().map(|(form, _)| form)
}

/// The terms of one CV and its best role; no best role when the CV meets
/// no skill of any role (it would be arbitrary).
fn cv_terms(data: &CheckerData, vocabulary: &Vocabulary, cv: &Cv) -> CvTerms {
    let analysis = Analysis::new(&cv.text, &data.settings);
    let best = analysis
        .rank(&data.roles, &data.settings)
        .into_iter()
        .next()
        .filter(|fit| !fit.met.is_empty())
        .and_then(|fit| data.roles.iter().position(|r| r.slug == fit.slug));
    let tokens = analysis.tokens();
    // Which roles' matches (negated ones too) cover each token.
    let mut known: Vec<Vec<usize>> = vec![Vec::new(); tokens.len()];
    for (r, role) in data.roles.iter().enumerate() {
        for m in analysis.matches(role) {
            for slot in &mut known[m.first..m.first + m.len] {
                slot.push(r);
            }
        }
    }
    let addresses = address_chars(analysis.display());
    let candidate: Vec<bool> = tokens
        .iter()
        .map(|t| {
            is_candidate(t)
                && !vocabulary.title_words.contains(&t.key)
                && !addresses.get(t.start).copied().unwrap_or(false)
        })
        .collect();
    let mut terms: Vec<CvTerm> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut push = |key: String, form: String, known: bool, covering: Vec<usize>| {
        match seen.get(&key) {
            // A term is a gap of the CV when any of its mentions is.
            Some(&at) => terms[at].known &= known,
            None => {
                seen.insert(key.clone(), terms.len());
                terms.push(CvTerm {
                    key,
                    form,
                    known,
                    keyword_of: covering,
                });
            }
        }
    };
    for (i, token) in tokens.iter().enumerate() {
        let known_to_best = |i: usize| best.is_some_and(|role| known[i].contains(&role));
        if candidate[i] {
            push(
                token.key.clone(),
                token.text.clone(),
                known_to_best(i),
                known[i].clone(),
            );
        }
        let Some(next) = tokens.get(i + 1) else {
            continue;
        };
        // Two tokens, at least one a candidate, the other a candidate or a
        // less frequent English word.
        let side = |k: usize| candidate[k] || pair_word(&tokens[k]);
        let pair = (candidate[i] || candidate[i + 1])
            && side(i)
            && side(i + 1)
            && adjacent(analysis.display(), token, next);
        if pair {
            let join = if next.join == Join::Hyphen { "-" } else { " " };
            let covering: Vec<usize> = known[i]
                .iter()
                .filter(|r| known[i + 1].contains(r))
                .copied()
                .collect();
            push(
                format!("{}{join}{}", token.key, next.key),
                format!("{}{join}{}", token.text, next.text),
                // `PostgreSQL tuning` is no gap of a role that knows PostgreSQL.
                known_to_best(i) || known_to_best(i + 1),
                covering,
            );
        }
    }
    if let Some(role) = best {
        // The best role's own keywords are not "keyword of" another role.
        for term in &mut terms {
            term.keyword_of.retain(|&r| r != role);
        }
    }
    CvTerms { best, terms }
}

/// A token that may be a term on its own (see the module documentation).
fn is_candidate(token: &Token) -> bool {
    let key = &token.key;
    let mut chars = key.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if chars.next().is_none() || first.is_numeric() || !key.chars().any(char::is_alphabetic) {
        return false;
    }
    if let Some((_, domain)) = key.rsplit_once('.') {
        if DOMAINS.contains(&domain) {
            return false;
        }
    }
    if is_technology_word(key) {
        // `Spring` inside a sentence names the framework; `spring` is a season.
        return token.text.chars().next().is_some_and(char::is_uppercase) && !token.sentence_start;
    }
    !is_ordinary_word(key) && !is_inflected_english(key)
}

/// Whether a word is an inflection of a word on the English list:
/// `databases`, `queries`, `configured`, `executing`, `timely`.
fn is_inflected_english(key: &str) -> bool {
    let listed = |stem: &str| stem.chars().count() > 2 && english_rank(stem).is_some();
    let undoubled = |stem: &str| {
        let chars: Vec<char> = stem.chars().collect();
        chars.len() > 3 && chars[chars.len() - 1] == chars[chars.len() - 2] && {
            let shorter: String = chars[..chars.len() - 1].iter().collect();
            listed(&shorter)
        }
    };
    if let Some(stem) = key.strip_suffix("ies") {
        if listed(&format!("{stem}y")) {
            return true;
        }
    }
    if let Some(stem) = key.strip_suffix("es") {
        if listed(stem) {
            return true;
        }
    }
    if key.chars().count() > 3 {
        if let Some(stem) = key.strip_suffix('s') {
            if listed(stem) {
                return true;
            }
        }
    }
    for suffix in ["ing", "ed"] {
        if let Some(stem) = key.strip_suffix(suffix) {
            if listed(stem) || listed(&format!("{stem}e")) || undoubled(stem) {
                return true;
            }
        }
    }
    key.strip_suffix("ly").is_some_and(listed)
}

/// An English word that may stand beside a candidate in a two-token term:
/// not one of the most frequent (`in`, `and`, `with`), not a number.
fn pair_word(token: &Token) -> bool {
    english_rank(&token.key).is_some_and(|rank| rank >= FUNCTION_WORDS)
}

/// Whether two tokens are separated by spaces alone, on one line, or by
/// one hyphen.
fn adjacent(display: &[char], a: &Token, b: &Token) -> bool {
    let gap = &display[a.end..b.start];
    b.join == Join::Hyphen || (!gap.is_empty() && gap.iter().all(|&c| c == ' ' || c == '\t'))
}

/// For each code point of the display text, whether it belongs to an
/// e-mail address, a URL or a `www.` host: whitespace-separated chunks
/// holding `@` or `://`, or starting with `www.`.
fn address_chars(display: &[char]) -> Vec<bool> {
    let mut marked = vec![false; display.len()];
    let mut start = 0;
    while start < display.len() {
        let end = display[start..]
            .iter()
            .position(|c| c.is_whitespace())
            .map_or(display.len(), |n| start + n);
        let chunk = &display[start..end];
        let lower: String = chunk.iter().flat_map(|c| c.to_lowercase()).collect();
        let trimmed = lower.trim_start_matches(|c: char| !c.is_alphanumeric());
        if lower.contains('@') || lower.contains("://") || trimmed.starts_with("www.") {
            marked[start..end].fill(true);
        }
        start = end + 1;
    }
    marked
}

impl GapReport {
    /// The report as JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|err| format!("{{\"error\": \"{err}\"}}"))
    }

    /// A readable report: per role, its CVs and terms, then a summary line.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for role in &self.roles {
            let _ = writeln!(
                out,
                "{} ({}): best role of {}",
                role.title,
                role.slug,
                plural(role.cvs, "CV")
            );
            if role.terms.is_empty() {
                let _ = writeln!(out, "  no term is missing from {} of its CVs", self.min_cvs);
            }
            let width = role
                .terms
                .iter()
                .map(|t| t.term.chars().count())
                .max()
                .unwrap_or(0);
            for term in &role.terms {
                let _ = write!(out, "  {:>4}  {:<width$}", term.cvs, term.term);
                if !term.keyword_of.is_empty() {
                    let _ = write!(out, "  keyword of {}", term.keyword_of.join(", "));
                }
                out.truncate(out.trim_end().len());
                out.push('\n');
            }
            out.push('\n');
        }
        let terms: usize = self.roles.iter().map(|r| r.terms.len()).sum();
        let with_terms = self.roles.iter().filter(|r| !r.terms.is_empty()).count();
        let _ = write!(
            out,
            "{} read: {} ranked, {} matched no role",
            plural(self.cvs, "CV"),
            self.cvs - self.duplicates - self.unmatched,
            self.unmatched
        );
        if self.duplicates > 0 {
            let _ = write!(out, ", {} left out", plural(self.duplicates, "duplicate"));
        }
        let _ = writeln!(
            out,
            "; {} missing from {} (each used by at least {} of the role's CVs)",
            plural(terms, "term"),
            plural(with_terms, "role"),
            self.min_cvs
        );
        if self.truncated {
            let _ = writeln!(
                out,
                "(some roles had over {MAX_TERMS_PER_ROLE} distinct terms; later ones were not counted)"
            );
        }
        out
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::checker::text::{normalise, tokenize};

    fn candidates(text: &str) -> Vec<String> {
        tokenize(&normalise(text))
            .into_iter()
            .filter(is_candidate)
            .map(|t| t.key)
            .collect()
    }

    #[test]
    fn terms_are_vocabulary_not_prose_or_numbers() {
        assert_eq!(
            candidates("Worked with Kubernetes and the data in 2019, 1st place, v2 at gmail.com"),
            ["kubernetes", "v2"]
        );
        assert_eq!(
            candidates("Built it in Spring. Spring is nice; in spring we rest."),
            ["spring"]
        );
    }

    #[test]
    fn addresses_are_marked_whole() {
        let text: Vec<char> = "mail jane@python-jobs.example or https://x.org/a ok"
            .chars()
            .collect();
        let marked = address_chars(&text);
        let words: String = text
            .iter()
            .zip(&marked)
            .map(|(c, m)| if *m { '#' } else { *c })
            .collect();
        assert_eq!(words, "mail ######################## or ############### ok");
    }
}
