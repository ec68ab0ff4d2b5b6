//! The theme's interface text in one language: its strings table.
//!
//! Every word a page shows that is not the author's content (headings,
//! buttons, labels, the scripts' messages, dates and numbers) comes from a
//! flat table of keys (`nav_all_roles`, `checker_summary`, ...). The
//! default theme ships one table per language under `themes/default/i18n/`
//! (English, German, French, Spanish), embedded in the binary; a site's
//! theme may override keys in `themes/<theme>/i18n/<lang>.yaml`, and the
//! site itself in `i18n/<lang>.yaml` (under `strings:`, beside the site's
//! title, description and checker synonyms in that language). English is
//! the reference: every table has its keys, with its placeholders; a key
//! left out falls back to English with one warning.
//!
//! A value is a string with `{name}` placeholders, a plural
//! (`{one: ..., other: ...}`, chosen by the language's rule) or, for
//! `months` and `months_short`, a list of twelve names. [`Strings`] gives
//! them to Rust ([`Strings::text`], [`Strings::count`], [`Strings::fill`])
//! and to templates: [`Strings::context`] is the `t` of every page, and
//! [`Strings::register`] adds the `fill`, `num` and `date` filters.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

use saphyr_parser::{Event, Parser};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::diagnostics::{did_you_mean, Diagnostic, LineCol, SourceFile};
use crate::layout::{self, I18N_DIR};
use crate::load::config::Config;
use crate::load::{walk, yaml};
use crate::theme::{escape_html, EMBEDDED_THEME};

/// The language every table is checked against, and the fallback.
pub const ENGLISH: &str = "en";

/// Most characters of one value of a table.
pub const MAX_VALUE_CHARS: usize = 1000;

/// Keys a site's `i18n/<lang>.yaml` accepts at its top level.
const SITE_KEYS: &[&str] = &["title", "description", "synonyms", "strings"];

/// The labels of the default score bands, in rising order
/// ([`crate::checker::Settings::default_bands`]).
const BAND_KEYS: [&str; 4] = [
    "checker_band_starting_out",
    "checker_band_building",
    "checker_band_nearly_ready",
    "checker_band_ready",
];

/// The key of a language's name in itself (`Deutsch`), for the language
/// switcher; a table without it names the language by its tag.
pub const LANGUAGE_NAME: &str = "language_name";

/// The keys whose value is a list of twelve month names.
const MONTH_LISTS: [&str; 2] = ["months", "months_short"];

/// One value of a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A text with `{name}` placeholders.
    Text(String),
    /// A text by count: `one` for a count of one (and, in French, zero).
    Plural {
        /// The singular form.
        one: String,
        /// Every other count.
        other: String,
    },
    /// The twelve month names.
    List(Vec<String>),
}

impl Entry {
    /// The texts it holds.
    fn texts(&self) -> Vec<&str> {
        match self {
            Entry::Text(text) => vec![text],
            Entry::Plural { one, other } => vec![one, other],
            Entry::List(names) => names.iter().map(String::as_str).collect(),
        }
    }

    /// The placeholders of its texts.
    pub fn placeholders(&self) -> BTreeSet<&str> {
        self.texts().into_iter().flat_map(placeholders).collect()
    }

    fn shape(&self) -> &'static str {
        match self {
            Entry::Text(_) => "a text",
            Entry::Plural { .. } => "a plural ({one: ..., other: ...})",
            Entry::List(_) => "a list of 12 month names",
        }
    }

    fn to_json(&self) -> Value {
        match self {
            Entry::Text(text) => Value::String(text.clone()),
            Entry::Plural { one, other } => json!({ "one": one, "other": other }),
            Entry::List(names) => json!(names),
        }
    }
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|rest| {
        let name = rest.split('}').next()?;
        let word = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        (word && rest.len() > name.len()).then_some(name)
    })
}

/// A table: key to value.
pub type Table = BTreeMap<String, Entry>;

/// The interface text of one language, after layering.
#[derive(Debug, Clone)]
pub struct Strings {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    lang: String,
    entries: Table,
}

/// A language's strings and what the site's `i18n/<lang>.yaml` says
/// besides them.
#[derive(Debug, Clone)]
pub struct Localised {
    /// The interface text.
    pub strings: Strings,
    /// The site's title in this language, if given.
    pub title: Option<String>,
    /// The site's description in this language, if given.
    pub description: Option<String>,
    /// Readiness checker synonym groups in this language: name → other terms.
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Problems that do not stop a build (missing keys).
    pub warnings: Vec<Diagnostic>,
}

/// A site's `i18n/<lang>.yaml` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping with title, description, synonyms or strings"
)]
struct RawSiteTable {
    title: Option<String>,
    description: Option<String>,
    synonyms: Option<BTreeMap<String, Vec<String>>>,
    strings: Option<serde_yaml::Mapping>,
}

impl Strings {
    /// The strings of language `lang` for the site at `root` with theme
    /// `theme`: the built-in table of `lang` (when rolemap ships one), the
    /// theme's `themes/<theme>/i18n/<lang>.yaml` and the site's
    /// `i18n/<lang>.yaml` laid over it in that order, English for any key
    /// still missing (with one warning).
    pub fn load(root: &Path, theme: &str, lang: &str) -> Result<Localised, Vec<Diagnostic>> {
        let english = english().map_err(|problem| vec![problem.clone()])?;
        let mut errors = Vec::new();
        let mut given: Table = Table::new();
        let mut shipped = false;
        if let Some((name, text)) = built_in(lang).filter(|_| lang != ENGLISH) {
            shipped = true;
            given.extend(table_file(&embedded(name, text), english, &mut errors));
        }
        let usable = is_language_tag(lang);
        let theme_file = layout::theme_dir(root, theme)
            .join(I18N_DIR)
            .join(format!("{lang}.yaml"));
        let mut theme_table = false;
        if usable && theme_file.is_file() {
            theme_table = true;
            match read(root, &theme_file) {
                Ok(source) => given.extend(table_file(&source, english, &mut errors)),
                Err(problem) => errors.push(problem),
            }
        }
        let site_file = root.join(I18N_DIR).join(format!("{lang}.yaml"));
        let mut site = SiteTable::default();
        let mut site_table = false;
        if usable && site_file.is_file() {
            site_table = true;
            match read(root, &site_file) {
                Ok(source) => {
                    site = site_table_file(&source, english, &mut errors);
                    given.extend(std::mem::take(&mut site.strings));
                }
                Err(problem) => errors.push(problem),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let mut warnings = Vec::new();
        if lang != ENGLISH {
            let shown = Path::new(I18N_DIR).join(format!("{lang}.yaml"));
            let missing: Vec<&str> = english
                .keys()
                .filter(|key| !given.contains_key(*key))
                .map(String::as_str)
                .collect();
            if !shipped && !theme_table && !site_table {
                warnings.push(
                    Diagnostic::for_path(
                        &shown,
                        format!("rolemap has no interface text in '{lang}': the pages' interface is in English"),
                    )
                    .warning()
                    .with_hint(format!(
                        "translate it in {} under `strings:`, with the keys of the English table (themes/default/i18n/en.yaml)",
                        shown.display()
                    )),
                );
            } else if !missing.is_empty() {
                warnings.push(
                    Diagnostic::for_path(
                        &shown,
                        format!(
                            "the interface text in '{lang}' lacks {} key(s), shown in English: {}",
                            missing.len(),
                            listed(&missing)
                        ),
                    )
                    .warning()
                    .with_hint(format!("add them under `strings:` in {}", shown.display())),
                );
            }
        }
        let mut entries = english.clone();
        if lang != ENGLISH {
            // A language without its own name is called by its tag, not "English".
            entries.insert(LANGUAGE_NAME.to_owned(), Entry::Text(lang.to_owned()));
        }
        entries.extend(given);
        Ok(Localised {
            strings: Strings {
                inner: Arc::new(Inner {
                    lang: lang.to_owned(),
                    entries,
                }),
            },
            title: site.title,
            description: site.description,
            synonyms: site.synonyms,
            warnings,
        })
    }

    /// The English strings, built in (for tests that need a table without a site).
    #[cfg(test)]
    fn english() -> Strings {
        Strings {
            inner: Arc::new(Inner {
                lang: ENGLISH.to_owned(),
                entries: english().cloned().unwrap_or_default(),
            }),
        }
    }

    /// The language tag these strings are for.
    pub fn lang(&self) -> &str {
        &self.inner.lang
    }

    /// The value of `key`, if the table has it.
    pub fn entry(&self, key: &str) -> Option<&Entry> {
        self.inner.entries.get(key)
    }

    /// The text of `key` (a plural's `other` form); the key itself when
    /// the table has no such text.
    pub fn text<'s>(&'s self, key: &'s str) -> &'s str {
        match self.entry(key) {
            Some(Entry::Text(text) | Entry::Plural { other: text, .. }) => text,
            _ => key,
        }
    }

    /// The form of `key` for a count of `n`, with `{n}` the grouped number.
    pub fn count(&self, key: &str, n: usize) -> String {
        let form = match self.entry(key) {
            Some(Entry::Plural { one, other }) => {
                if self.is_one(n as f64) {
                    one.as_str()
                } else {
                    other
                }
            }
            _ => self.text(key),
        };
        let number = self.number(n);
        fill_in(form, |name| (name == "n").then(|| number.clone()))
    }

    /// The text of `key` with each `{name}` replaced by its value.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        self.fill_in(self.text(key), values)
    }

    /// `text` (a form already chosen) with each `{name}` replaced by its value.
    pub fn fill_in(&self, text: &str, values: &[(&str, &str)]) -> String {
        fill_in(text, |name| {
            values
                .iter()
                .find(|(given, _)| *given == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    /// A whole number with the language's thousands separator.
    pub fn number(&self, n: usize) -> String {
        // Spanish writes 1000 but 10.000 (CLDR's minimum grouping digits),
        // as the browser's Intl.NumberFormat does.
        let shortest = self.text("number_group_from").parse().unwrap_or(4);
        group(&n.to_string(), self.text("number_group"), shortest)
    }

    /// An ISO date (`2026-11-01`) as the language writes it (`1 Nov 2026`,
    /// `1. Nov. 2026`); anything else as it is.
    pub fn date(&self, iso: &str) -> String {
        let mut parts = iso.splitn(3, '-');
        let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next())
        else {
            return iso.to_owned();
        };
        let (Ok(month), Ok(day)) = (month.parse::<usize>(), day.parse::<u32>()) else {
            return iso.to_owned();
        };
        let name = match self.entry("months_short") {
            Some(Entry::List(names)) => month.checked_sub(1).and_then(|i| names.get(i)),
            _ => None,
        };
        let Some(name) = name else {
            return iso.to_owned();
        };
        let day = day.to_string();
        fill_in(self.text("date_format"), |key| match key {
            "day" => Some(day.clone()),
            "month" => Some(name.clone()),
            "year" => Some(year.to_owned()),
            _ => None,
        })
    }

    /// Whether a count of `n` takes the `one` form: n = 1, and in French
    /// also 0 (and the fractions between).
    fn is_one(&self, n: f64) -> bool {
        let primary = self.lang().split(['-', '_']).next().unwrap_or("");
        if primary.eq_ignore_ascii_case("fr") {
            (0.0..2.0).contains(&n)
        } else {
            n == 1.0
        }
    }

    /// Gives the default score bands of `config` (when `checker.bands` is
    /// not written) this language's labels; bands a site writes stay as
    /// written. Labels are display only: scores and band limits are kept.
    pub fn localise_bands(&self, config: &mut Config) {
        if config.bands_written {
            return;
        }
        for (band, key) in config.checker.bands.iter_mut().zip(BAND_KEYS) {
            band.label = self.text(key).to_owned();
        }
    }

    /// Every value, for templates: `{{ t.nav_all_roles }}`; plurals stay
    /// `{one, other}` maps for the `fill` filter to choose from.
    pub fn context(&self) -> Value {
        Value::Object(
            self.inner
                .entries
                .iter()
                .map(|(key, entry)| (key.clone(), entry.to_json()))
                .collect(),
        )
    }

    /// Registers the language's filters on `tera` (a theme's, cloned per
    /// language): `fill` (`{{ t.list_all_in | fill(n=c.count, name=c.name) }}`,
    /// a plural chosen by `n`, numbers grouped; with `html=true` the text
    /// and every value are escaped except `<name>_html` ones, which fill
    /// `{name}` as they are), `num` (`{{ role_count | num }}`) and `date`
    /// (`{{ role.updated | date }}`).
    pub fn register(&self, tera: &mut tera::Tera) {
        tera.register_filter("fill", Filter(self.clone(), Kind::Fill));
        tera.register_filter("num", Filter(self.clone(), Kind::Number));
        tera.register_filter("date", Filter(self.clone(), Kind::Date));
    }
}

/// Which of the language's filters.
enum Kind {
    Fill,
    Number,
    Date,
}

struct Filter(Strings, Kind);

impl tera::Filter for Filter {
    fn filter(&self, value: &Value, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let strings = &self.0;
        let shown = |value: &Value| match value {
            Value::String(text) => Some(text.clone()),
            Value::Number(number) => Some(match number.as_u64() {
                Some(n) => strings.number(n as usize),
                None => number.to_string(),
            }),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        match self.1 {
            Kind::Number => shown(value)
                .map(Value::String)
                .ok_or_else(|| tera::Error::msg(format!("num needs a number, got {value}"))),
            Kind::Date => match value {
                Value::String(iso) => Ok(Value::String(strings.date(iso))),
                other => Err(tera::Error::msg(format!(
                    "date needs an ISO date, got {other}"
                ))),
            },
            Kind::Fill => {
                let text = match value {
                    Value::String(text) => text.as_str(),
                    Value::Object(forms) => {
                        let n = args.get("n").and_then(Value::as_f64).ok_or_else(|| {
                            tera::Error::msg("fill needs a number `n` to choose a plural form")
                        })?;
                        let form = if strings.is_one(n) { "one" } else { "other" };
                        forms.get(form).and_then(Value::as_str).unwrap_or("")
                    }
                    other => {
                        return Err(tera::Error::msg(format!(
                            "fill needs a text of the strings table, got {other}"
                        )))
                    }
                };
                let html = args.get("html").and_then(Value::as_bool).unwrap_or(false);
                let escaped = |text: String| if html { escape_html(&text) } else { text };
                let template = escaped(text.to_owned());
                Ok(Value::String(fill_in(&template, |name| {
                    if html {
                        if let Some(raw) = args.get(&format!("{name}_html")).and_then(shown) {
                            return Some(raw);
                        }
                    }
                    args.get(name).and_then(shown).map(escaped)
                })))
            }
        }
    }
}

/// `text` with each `{name}` that `value` knows replaced; others stay.
fn fill_in(text: &str, value: impl Fn(&str) -> Option<String>) -> String {
    let mut filled = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        filled.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let replaced = after.find('}').and_then(|close| {
            let name = &after[..close];
            value(name).map(|v| (v, close))
        });
        match replaced {
            Some((v, close)) => {
                filled.push_str(&v);
                rest = &after[close + 1..];
            }
            None => {
                filled.push('{');
                rest = after;
            }
        }
    }
    filled.push_str(rest);
    filled
}

/// Digits with `separator` between groups of three.
/// `digits` with `separator` between groups of three, when there are at
/// least `shortest` of them.
fn group(digits: &str, separator: &str, shortest: usize) -> String {
    if digits.len() < shortest.max(4) || separator.is_empty() {
        return digits.to_owned();
    }
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(c);
    }
    grouped
}

/// Some keys of a long list, for a one-line message.
fn listed(keys: &[&str]) -> String {
    const SHOWN: usize = 12;
    let mut text = keys
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if keys.len() > SHOWN {
        text.push_str(&format!(" and {} more", keys.len() - SHOWN));
    }
    text
}

/// A language tag that can name a file: letters, digits and hyphens.
fn is_language_tag(lang: &str) -> bool {
    !lang.is_empty()
        && lang.len() <= 35
        && lang
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// The built-in table of `lang` (or of its primary subtag: `de` for
/// `de-AT`): its language and text.
fn built_in(lang: &str) -> Option<(&'static str, &'static [u8])> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    [lang, primary].into_iter().find_map(|wanted| {
        EMBEDDED_THEME.iter().find_map(|(path, bytes)| {
            let name = table_language(path)?;
            (name == wanted).then_some((name, *bytes))
        })
    })
}

/// The language of an embedded theme file that is a strings table
/// (`i18n/de.yaml` is `de`).
fn table_language(path: &str) -> Option<&str> {
    path.strip_prefix(I18N_DIR)?
        .strip_prefix('/')?
        .strip_suffix(".yaml")
}

/// A built-in table as a file diagnostics can quote.
fn embedded(lang: &str, text: &[u8]) -> Arc<SourceFile> {
    SourceFile::new(
        format!("<embedded theme>/{I18N_DIR}/{lang}.yaml"),
        String::from_utf8_lossy(text),
    )
}

/// Every language rolemap ships a table for.
pub fn shipped_languages() -> Vec<&'static str> {
    EMBEDDED_THEME
        .iter()
        .filter_map(|(path, _)| table_language(path))
        .collect()
}

/// The built-in table of a shipped language, parsed and checked against
/// English.
pub fn shipped_table(lang: &str) -> Result<Table, Vec<Diagnostic>> {
    let english = english().map_err(|problem| vec![problem.clone()])?;
    let (name, text) = built_in(lang).ok_or_else(|| {
        vec![Diagnostic::for_path(
            Path::new(I18N_DIR),
            format!("no built-in table for '{lang}'"),
        )]
    })?;
    let mut errors = Vec::new();
    let table = table_file(&embedded(name, text), english, &mut errors);
    if errors.is_empty() {
        Ok(table)
    } else {
        Err(errors)
    }
}

/// The English table, parsed once.
fn english() -> Result<&'static Table, &'static Diagnostic> {
    static TABLE: OnceLock<Result<Table, Diagnostic>> = OnceLock::new();
    TABLE
        .get_or_init(|| {
            let (_, text) = built_in(ENGLISH).ok_or_else(|| {
                Diagnostic::for_path(Path::new(I18N_DIR), "the English strings table is missing")
            })?;
            let mut errors = Vec::new();
            let table = parse_table(&embedded(ENGLISH, text), None, None, &mut errors);
            match errors.into_iter().next() {
                Some(problem) => Err(problem),
                None => Ok(table),
            }
        })
        .as_ref()
}

fn read(root: &Path, path: &Path) -> Result<Arc<SourceFile>, Diagnostic> {
    let shown = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    let text = walk::read_text(path, &shown)?;
    Ok(SourceFile::new(shown, text))
}

/// What a site's `i18n/<lang>.yaml` holds.
#[derive(Debug, Default)]
struct SiteTable {
    title: Option<String>,
    description: Option<String>,
    synonyms: BTreeMap<String, Vec<String>>,
    strings: Table,
}

/// A theme's or the built-in table of a language: keys at the top level.
fn table_file(source: &Arc<SourceFile>, english: &Table, errors: &mut Vec<Diagnostic>) -> Table {
    parse_table(source, None, Some(english), errors)
}

/// A site's table: `strings:` beside `title`, `description` and `synonyms`.
fn site_table_file(
    source: &Arc<SourceFile>,
    english: &Table,
    errors: &mut Vec<Diagnostic>,
) -> SiteTable {
    if let Some(problem) = yaml::expansion_problem(source) {
        errors.push(problem);
        return SiteTable::default();
    }
    let raw: RawSiteTable = if source.text.trim().is_empty() {
        RawSiteTable::default()
    } else {
        match serde_yaml::from_str(&source.text) {
            Ok(raw) => raw,
            Err(err) => {
                errors.push(yaml::yaml_error(source, &err, SITE_KEYS));
                return SiteTable::default();
            }
        }
    };
    let strings = match raw.strings {
        Some(mapping) => check_table(source, mapping, Some("strings"), Some(english), errors),
        None => Table::new(),
    };
    let long = [("title", &raw.title), ("description", &raw.description)]
        .into_iter()
        .find(|(_, text)| {
            text.as_ref()
                .is_some_and(|t| t.chars().count() > MAX_VALUE_CHARS)
        });
    if let Some((key, _)) = long {
        let at = key_positions(&source.text, None).get(key).copied();
        errors.push(Diagnostic::error(
            source,
            at,
            format!("{key} is longer than {MAX_VALUE_CHARS} characters"),
        ));
    }
    SiteTable {
        title: raw.title,
        description: raw.description,
        synonyms: raw.synonyms.unwrap_or_default(),
        strings,
    }
}

/// Parses a table file whose keys are at the top level.
fn parse_table(
    source: &Arc<SourceFile>,
    under: Option<&str>,
    english: Option<&Table>,
    errors: &mut Vec<Diagnostic>,
) -> Table {
    if let Some(problem) = yaml::expansion_problem(source) {
        errors.push(problem);
        return Table::new();
    }
    if source.text.trim().is_empty() {
        return Table::new();
    }
    match serde_yaml::from_str::<serde_yaml::Mapping>(&source.text) {
        Ok(mapping) => check_table(source, mapping, under, english, errors),
        Err(err) => {
            errors.push(yaml::yaml_error(source, &err, &[]));
            Table::new()
        }
    }
}

/// Checks each key and value of a table against English (none: this is
/// English), each problem an error at its key.
fn check_table(
    source: &Arc<SourceFile>,
    mapping: serde_yaml::Mapping,
    under: Option<&str>,
    english: Option<&Table>,
    errors: &mut Vec<Diagnostic>,
) -> Table {
    let positions = OnceLock::new();
    let at = |key: &str| {
        positions
            .get_or_init(|| key_positions(&source.text, under))
            .get(key)
            .copied()
    };
    let mut table = Table::new();
    for (key, value) in mapping {
        let Some(key) = key.as_str().map(str::to_owned) else {
            errors.push(Diagnostic::error(
                source,
                None,
                "a key of the strings table is not text",
            ));
            continue;
        };
        let expected = english.map(|english| english.get(&key));
        if let Some(None) = expected {
            let known = english
                .into_iter()
                .flat_map(|english| english.keys().map(String::as_str));
            let hint = match did_you_mean(&key, known) {
                Some(best) => format!("unknown key '{key}': did you mean '{best}'?"),
                None => "the keys are those of the English table, themes/default/i18n/en.yaml"
                    .to_owned(),
            };
            errors.push(
                Diagnostic::error(
                    source,
                    at(&key),
                    format!("'{key}' is not a key of the strings table"),
                )
                .with_hint(hint),
            );
            continue;
        }
        let entry = match entry_of(&key, value) {
            Ok(entry) => entry,
            Err(problem) => {
                errors.push(Diagnostic::error(
                    source,
                    at(&key),
                    format!("'{key}' {problem}"),
                ));
                continue;
            }
        };
        if let Some(Some(english)) = expected {
            if let Some(problem) = mismatch(&entry, english) {
                errors.push(Diagnostic::error(
                    source,
                    at(&key),
                    format!("'{key}' {problem}"),
                ));
                continue;
            }
        }
        table.insert(key, entry);
    }
    table
}

/// A YAML value as an entry, bounded.
fn entry_of(key: &str, value: serde_yaml::Value) -> Result<Entry, String> {
    let text = |value: &serde_yaml::Value| -> Result<String, String> {
        let text = value
            .as_str()
            .ok_or_else(|| "must be text (put numbers and symbols in quotes)".to_owned())?;
        if text.chars().count() > MAX_VALUE_CHARS {
            return Err(format!("is longer than {MAX_VALUE_CHARS} characters"));
        }
        Ok(text.to_owned())
    };
    match &value {
        serde_yaml::Value::Sequence(items) => {
            if !MONTH_LISTS.contains(&key) {
                return Err("is a list; only months and months_short are".to_owned());
            }
            if items.len() != 12 {
                return Err(format!(
                    "lists {} names; it needs the 12 months",
                    items.len()
                ));
            }
            Ok(Entry::List(
                items.iter().map(text).collect::<Result<_, _>>()?,
            ))
        }
        serde_yaml::Value::Mapping(forms) => {
            let form = |name: &str| forms.get(name).map(text).transpose();
            let unknown = forms
                .keys()
                .find(|form| !matches!(form.as_str(), Some("one" | "other")));
            match (form("one")?, form("other")?, unknown) {
                (Some(one), Some(other), None) => Ok(Entry::Plural { one, other }),
                _ => Err("is a plural, which needs exactly `one` and `other`, e.g. {one: \"{n} role\", other: \"{n} roles\"}".to_owned()),
            }
        }
        _ => Ok(Entry::Text(text(&value)?)),
    }
}

/// What makes a translation unfit for its English entry, if anything.
fn mismatch(entry: &Entry, english: &Entry) -> Option<String> {
    if std::mem::discriminant(entry) != std::mem::discriminant(english) {
        return Some(format!(
            "must be {}, not {}",
            english.shape(),
            entry.shape()
        ));
    }
    let allowed = english.placeholders();
    let unknown: Vec<&str> = entry
        .placeholders()
        .into_iter()
        .filter(|name| !allowed.contains(name))
        .collect();
    if unknown.is_empty() {
        return None;
    }
    let braced = |names: &mut dyn Iterator<Item = &str>| {
        names
            .map(|name| format!("{{{name}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Some(format!(
        "has the placeholder(s) {}, which the English text does not ({})",
        braced(&mut unknown.into_iter()),
        if allowed.is_empty() {
            "it has none".to_owned()
        } else {
            format!("it has {}", braced(&mut allowed.into_iter()))
        }
    ))
}

/// Where each key of the table starts: the top-level keys, or the keys of
/// the mapping under top-level key `under`. One walk of the parser's events.
fn key_positions(text: &str, under: Option<&str>) -> HashMap<String, LineCol> {
    struct Frame {
        mapping: bool,
        expect_key: bool,
        key: Option<String>,
    }
    let value_done = |frames: &mut Vec<Frame>| {
        if let Some(top) = frames.last_mut() {
            if top.mapping {
                top.expect_key = true;
            }
        }
    };
    let mut frames: Vec<Frame> = Vec::new();
    let mut positions = HashMap::new();
    for event in Parser::new_from_str(text) {
        let Ok((event, span)) = event else { break };
        match event {
            Event::Scalar(value, ..) => {
                let in_table = match under {
                    None => frames.len() == 1,
                    Some(name) => frames.len() == 2 && frames[0].key.as_deref() == Some(name),
                };
                if let Some(top) = frames
                    .last_mut()
                    .filter(|top| top.mapping && top.expect_key)
                {
                    if in_table {
                        let here = LineCol {
                            line: span.start.line(),
                            column: span.start.col() + 1,
                        };
                        positions.entry(value.to_string()).or_insert(here);
                    }
                    top.key = Some(value.to_string());
                    top.expect_key = false;
                    continue;
                }
                value_done(&mut frames);
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => frames.push(Frame {
                mapping: matches!(event, Event::MappingStart(..)),
                expect_key: true,
                key: None,
            }),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                value_done(&mut frames);
            }
            Event::Alias(..) => value_done(&mut frames),
            _ => {}
        }
    }
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(lang: &str) -> Strings {
        let root = std::env::temp_dir().join("rolemap-i18n-unit-none");
        Strings::load(&root, "default", lang)
            .map(|localised| localised.strings)
            .unwrap_or_else(|_| Strings::english())
    }

    #[test]
    fn plural_rules_follow_the_language() {
        let en = strings("en");
        assert_eq!(en.count("count_roles", 0), "0 roles");
        assert_eq!(en.count("count_roles", 1), "1 role");
        assert_eq!(en.count("count_roles", 2), "2 roles");
        let fr = strings("fr");
        assert_eq!(fr.count("count_roles", 0), "0 métier");
        assert_eq!(fr.count("count_roles", 1), "1 métier");
        assert_eq!(fr.count("count_roles", 2), "2 métiers");
        let de = strings("de");
        assert_eq!(de.count("count_roles", 0), "0 Berufe");
        assert_eq!(de.count("count_roles", 1), "1 Beruf");
    }

    #[test]
    fn numbers_are_grouped_as_the_language_groups_them() {
        assert_eq!(strings("en").number(1234567), "1,234,567");
        assert_eq!(strings("en").number(999), "999");
        assert_eq!(strings("de").number(1234), "1.234");
        assert_eq!(strings("fr").number(12345), "12\u{202f}345");
        assert_eq!(strings("es").count("count_roles", 1000), "1000 profesiones");
        assert_eq!(strings("es").number(10000), "10.000");
    }

    #[test]
    fn dates_are_written_as_the_language_writes_them() {
        assert_eq!(strings("en").date("2026-11-01"), "1 Nov 2026");
        assert_eq!(strings("de").date("2026-11-01"), "1. Nov. 2026");
        assert_eq!(strings("fr").date("2026-03-09"), "9 mars 2026");
        assert_eq!(strings("es").date("2026-12-24"), "24 dic 2026");
        assert_eq!(strings("en").date("not a date"), "not a date");
        assert_eq!(strings("en").date("2026-13-01"), "2026-13-01");
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_kept() {
        assert_eq!(
            fill_in("{a} and {b} {", |n| (n == "a").then(|| "x".into())),
            "x and {b} {"
        );
        let en = strings("en");
        assert_eq!(
            en.fill("list_all_in", &[("n", "7"), ("name", "Data")]),
            "All 7 roles in Data"
        );
        assert_eq!(
            placeholders("{a} {b_c} {} {x y}").collect::<Vec<_>>(),
            ["a", "b_c"]
        );
    }

    #[test]
    fn every_shipped_table_has_the_english_keys_and_placeholders() {
        let english = english().cloned().unwrap_or_default();
        let languages = shipped_languages();
        for lang in ["en", "de", "fr", "es"] {
            assert!(languages.contains(&lang), "{lang} is not shipped");
        }
        for lang in languages {
            let table = shipped_table(lang).unwrap_or_else(|errors| {
                panic!(
                    "{lang}: {}",
                    errors
                        .iter()
                        .map(|e| e.to_string())
                        .collect::<Vec<_>>()
                        .join("; ")
                )
            });
            let keys: Vec<&String> = table.keys().collect();
            assert_eq!(
                keys,
                english.keys().collect::<Vec<_>>(),
                "{lang} has other keys"
            );
            for (key, entry) in &table {
                assert_eq!(
                    entry.placeholders(),
                    english[key].placeholders(),
                    "{lang}: {key} has other placeholders"
                );
            }
        }
    }

    #[test]
    fn keys_are_found_where_they_are_written() {
        let text = "title: x\nstrings:\n  nav_home: Start\n  count_roles:\n    one: a\n    other: b\n  \"quoted\": c\n";
        let positions = key_positions(text, Some("strings"));
        assert_eq!(
            positions.get("nav_home"),
            Some(&LineCol { line: 3, column: 3 })
        );
        assert_eq!(positions.get("count_roles").map(|at| at.line), Some(4));
        assert_eq!(positions.get("quoted").map(|at| at.line), Some(7));
        assert!(!positions.contains_key("one") && !positions.contains_key("title"));
        assert_eq!(
            key_positions(text, None).get("title").map(|at| at.line),
            Some(1)
        );
    }
}
