//! The site configuration, `rolemap.yaml` at the site root.
//!
//! Every key is optional, so a folder holding only `roles/` is a site. The
//! file is parsed strictly (unknown keys are errors with a did-you-mean hint)
//! and `base_url` is normalised once here, so templates and the sitemap never
//! have to think about trailing slashes.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::locate;
use super::raw::WholeNumber;
use super::yaml::yaml_error;
use crate::checker::compile::{is_ordinary_word, Band, NegationTerms, Phrase};
use crate::checker::languages::negation_terms_for;
use crate::checker::Settings;
use crate::diagnostics::{Diagnostic, SourceFile};
use crate::layout::{CONFIG_FILE, DEFAULT_OUTPUT, DEFAULT_THEME};

/// rolemap's site configuration (`rolemap.yaml`); every key is optional.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "a mapping of settings such as title and base_url"
)]
#[schemars(title = "rolemap site configuration")]
struct RawConfig {
    /// Site name shown in headers and titles.
    title: Option<String>,
    /// Where the site is published, e.g. https://example.org/careers/.
    base_url: Option<String>,
    /// One line for the index page and search results.
    description: Option<String>,
    /// <html lang>, default en; with `languages`, the first of them.
    language: Option<String>,
    /// The site's languages as BCP 47 tags, the first the default, e.g. [en, de, fr]: a role's translation is roles/<name>.<lang>.yaml, its pages are under <lang>/.
    #[schemars(length(min = 1, max = 32))]
    languages: Option<Vec<String>>,
    /// Theme whose files under themes/<theme>/ override the built-in ones: a name, not a path.
    #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
    theme: Option<String>,
    /// Output folder, relative to this file; default dist.
    output: Option<PathBuf>,
    /// Readiness checker synonym groups: name → other terms.
    synonyms: Option<BTreeMap<String, Vec<String>>>,
    /// Readiness checker settings.
    checker: Option<RawChecker>,
    /// The study pace the roadmaps' month ranges assume.
    pace: Option<RawPace>,
}

/// The study pace the roadmaps' month ranges assume.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPace {
    /// Weekly study hours the phases' durations assume, 1 to 80; default 10.
    #[schemars(range(min = 1, max = 80))]
    hours_per_week: Option<WholeNumber>,
}

/// Readiness checker settings. Every negation list replaces its default
/// list (docs/checker.md, section 8) and holds at most 500 terms, each of
/// at most 100 characters and 8 words.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawChecker {
    /// Cues that make the mentions after them not count ("no experience with"); replaces the default list.
    #[schemars(length(max = 500))]
    negation_cues: Option<Vec<String>>,
    /// Cues that make the mention before them not count when they end a short note on it ("Kafka: none", "Terraform (not yet)"); replaces the default list.
    #[schemars(length(max = 500))]
    negation_cues_after: Option<Vec<String>>,
    /// Contrast words that end a cue's scope ("no Terraform but Ansible"); replaces the default list.
    #[schemars(length(max = 500))]
    negation_stops: Option<Vec<String>>,
    /// Fixed expressions holding a cue that are not negation ("not limited to"); replaces the default list.
    #[schemars(length(max = 500))]
    negation_exceptions: Option<Vec<String>>,
    /// Words that undo a cue whose scope they are in ("never deploy without"); replaces the default list.
    #[schemars(length(max = 500))]
    double_negation: Option<Vec<String>>,
    /// Words that join list items, so one cue covers "Kafka, Spark or Flink"; replaces the default list.
    #[schemars(length(max = 500))]
    list_conjunctions: Option<Vec<String>>,
    /// Score bands in rising order, the first from 0.
    bands: Option<Vec<RawBand>>,
}

/// A score band as written.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawBand {
    /// Lowest score of the band, 0 to 100.
    #[schemars(range(min = 0, max = 100))]
    from: WholeNumber,
    /// What the band is called.
    label: String,
}

/// JSON Schema (draft 2020-12) of `rolemap.yaml`, from the type it is parsed into.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(RawConfig)
}

/// Keys `rolemap.yaml` accepts, for did-you-mean hints.
pub const CONFIG_KEYS: &[&str] = &[
    "title",
    "base_url",
    "description",
    "language",
    "languages",
    "theme",
    "output",
    "synonyms",
    "checker",
    "pace",
];

/// Weekly study hours the roadmaps assume when `pace.hours_per_week` is not set.
pub const DEFAULT_HOURS_PER_WEEK: u8 = 10;

/// Most weekly study hours a site or a visitor may state: two full-time jobs.
pub const MAX_HOURS_PER_WEEK: u8 = 80;

/// The site's settings, with defaults filled in.
#[derive(Debug, Clone)]
pub struct Config {
    /// Site name shown in headers and titles.
    pub title: String,
    /// Where the site is published.
    pub base_url: BaseUrl,
    /// One-line description for the index page and meta tags.
    pub description: String,
    /// BCP 47 language tag for `<html lang>`: the default language.
    pub language: String,
    /// Every language of the site, the default first; translations of the
    /// others are `roles/<name>.<lang>.yaml`.
    pub languages: Vec<String>,
    /// Whether `rolemap.yaml` gives `title` and `description` (else they are
    /// the strings table's, in each page's language).
    pub title_written: bool,
    /// See `title_written`.
    pub description_written: bool,
    /// Theme name: files under `themes/<theme>/` override the embedded default.
    pub theme: String,
    /// Output folder, relative to the site root unless absolute.
    pub output: PathBuf,
    /// Synonym groups for the readiness checker: name → other terms.
    pub synonyms: BTreeMap<String, Vec<String>>,
    /// Negation cues and score bands for the readiness checker, compiled.
    pub checker: Settings,
    /// The negation terms `checker` was compiled from, for each language's
    /// own additions ([`Config::localised`]).
    pub negation: NegationTerms,
    /// Whether `checker.bands` is written: else the bands are the default
    /// ones, whose labels are interface text ([`crate::i18n`]).
    pub bands_written: bool,
    /// Weekly study hours the phases' durations assume (1 to [`MAX_HOURS_PER_WEEK`]).
    pub hours_per_week: u8,
    /// Problems in the file that do not stop a build.
    pub warnings: Vec<Diagnostic>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            title: "Career roadmaps".to_owned(),
            base_url: BaseUrl::root(),
            description:
                "How to become the professional you want to be: the skills employers look for, \
                          a realistic learning roadmap and answers to common questions."
                    .to_owned(),
            language: "en".to_owned(),
            languages: vec!["en".to_owned()],
            title_written: false,
            description_written: false,
            theme: DEFAULT_THEME.to_owned(),
            output: PathBuf::from(DEFAULT_OUTPUT),
            synonyms: BTreeMap::new(),
            hours_per_week: DEFAULT_HOURS_PER_WEEK,
            checker: Settings::default(),
            negation: NegationTerms::default(),
            bands_written: false,
            warnings: Vec::new(),
        }
    }
}

impl Config {
    /// Reads `rolemap.yaml` from `root`, or the defaults when there is none.
    pub fn load(root: &Path) -> Result<Config, Diagnostic> {
        let path = root.join(CONFIG_FILE);
        if !path.exists() {
            return Ok(Config::default());
        }
        let text = super::walk::read_text(&path, Path::new(CONFIG_FILE))?;
        Config::parse(SourceFile::new(CONFIG_FILE, text))
    }

    /// Parses the text of a configuration file.
    pub fn parse(source: Arc<SourceFile>) -> Result<Config, Diagnostic> {
        if let Some(problem) = super::yaml::expansion_problem(&source) {
            return Err(problem);
        }
        let source = locate::YamlSource::new(source);
        let raw: RawConfig = if source.text.trim().is_empty() {
            RawConfig::default()
        } else {
            serde_yaml::from_str(&source.text)
                .map_err(|err| yaml_error(&source, &err, CONFIG_KEYS))?
        };
        let defaults = Config::default();
        let base_url = match raw.base_url {
            Some(url) => BaseUrl::parse(&url).map_err(|hint| {
                let at = source.locate(&locate::YamlPath::root().key("base_url"));
                Diagnostic::error(&source, at, format!("base_url '{url}' is not a usable URL"))
                    .with_hint(hint)
            })?,
            None => defaults.base_url,
        };
        let theme = match raw.theme {
            Some(name) if !is_theme_name(&name) => {
                let at = source.locate(&locate::YamlPath::root().key("theme"));
                return Err(Diagnostic::error(
                    &source,
                    at,
                    format!("theme '{name}' is not a theme name"),
                )
                .with_hint("a theme is a folder under themes/ named with lower-case letters, digits and hyphens, e.g. `theme: careers`"));
            }
            Some(name) => name,
            None => defaults.theme,
        };
        let (checker, synonyms) = (
            raw.checker.unwrap_or_default(),
            raw.synonyms.unwrap_or_default(),
        );
        let negation = negation_terms(&checker, &source)?;
        let bands_written = checker.bands.is_some();
        let bands = match checker.bands {
            Some(bands) => check_bands(bands, &source)?,
            None => Settings::default_bands(),
        };
        let hours_per_week = match raw.pace.and_then(|pace| pace.hours_per_week) {
            Some(hours) => check_hours(hours, &source)?,
            None => defaults.hours_per_week,
        };
        let warnings = synonym_warnings(&synonyms, &source);
        let languages = check_languages(raw.language, raw.languages, &source)?;
        Ok(Config {
            title_written: raw.title.is_some(),
            description_written: raw.description.is_some(),
            title: raw.title.unwrap_or(defaults.title),
            base_url,
            description: raw.description.unwrap_or(defaults.description),
            language: languages[0].clone(),
            languages,
            theme,
            output: raw.output.unwrap_or(defaults.output),
            synonyms,
            checker: Settings::new(&negation, bands),
            negation,
            bands_written,
            hours_per_week,
            warnings,
        })
    }
}

impl Config {
    /// The settings as the pages of `language` use them: its tag as the
    /// language, the base URL of its folder (`prefix`, `""` for the
    /// default language).
    /// The checker's negation terms are the site's with the language's own
    /// additions (docs/checker.md, section 8.5).
    pub fn localised(&self, language: &str, prefix: &str) -> Config {
        let additions = negation_terms_for(language);
        let checker = if additions == NegationTerms::empty() {
            self.checker.clone()
        } else {
            Settings::new(
                &self.negation.extended_with(&additions),
                self.checker.bands.clone(),
            )
        };
        Config {
            language: language.to_owned(),
            checker,
            base_url: self.base_url.within(prefix),
            warnings: Vec::new(),
            ..self.clone()
        }
    }
}

/// A theme is named, never a path: `themes/<name>/` of the site is the only
/// place templates (and with them scripts) come from.
fn is_theme_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Most languages a site may have.
pub const MAX_LANGUAGES: usize = 32;

/// Whether `tag` is a BCP 47 language tag as rolemap takes them: a
/// primary language of 2–3 lower-case letters, then subtags of 2–8
/// letters or digits (`en`, `pt-BR`, `zh-Hant`). They name folders and
/// file suffixes, so nothing else is accepted.
pub fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let primary = parts.next().unwrap_or_default();
    (2..=3).contains(&primary.len())
        && primary.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|part| {
            (2..=8).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_alphanumeric())
        })
        && tag.len() <= 35
}

/// The site's languages, default first: `languages`, else `language`,
/// else English. Both given must agree on the default.
fn check_languages(
    language: Option<String>,
    languages: Option<Vec<String>>,
    source: &locate::YamlSource,
) -> Result<Vec<String>, Diagnostic> {
    let located = |path: locate::YamlPath, message: String, hint: &str| {
        Diagnostic::error(source, source.locate(&path), message).with_hint(hint)
    };
    let root = locate::YamlPath::root();
    if let Some(tag) = &language {
        if !is_language_tag(tag) {
            return Err(located(
                root.key("language"),
                format!("language '{tag}' is not a language tag"),
                "a BCP 47 tag such as `en`, `de` or `pt-BR`",
            ));
        }
    }
    let Some(languages) = languages else {
        return Ok(vec![language.unwrap_or_else(|| "en".to_owned())]);
    };
    let list = root.key("languages");
    if languages.is_empty() || languages.len() > MAX_LANGUAGES {
        return Err(located(
            list,
            format!(
                "languages lists {} languages; give 1 to {MAX_LANGUAGES}",
                languages.len()
            ),
            "e.g. `languages: [en, de]`: the first is the default",
        ));
    }
    for (index, tag) in languages.iter().enumerate() {
        let problem = if !is_language_tag(tag) {
            format!("'{tag}' is not a language tag")
        } else if languages[..index].contains(tag) {
            format!("'{tag}' is listed twice")
        } else {
            continue;
        };
        return Err(located(
            list.index(index),
            problem,
            "languages are BCP 47 tags such as `en`, `de` or `pt-BR`, each once",
        ));
    }
    if let Some(tag) = language.filter(|tag| *tag != languages[0]) {
        return Err(located(
            root.key("language"),
            format!(
                "language is '{tag}' but languages starts with '{}'",
                languages[0]
            ),
            "the first of `languages` is the default language; remove `language`",
        ));
    }
    Ok(languages)
}

/// Most terms a negation list may hold.
pub const MAX_NEGATION_TERMS: usize = 500;
/// Most characters of one negation term.
pub const MAX_TERM_CHARS: usize = 100;
/// Most words (tokens) of one negation term: longer ones could never be
/// worth their matching cost.
pub const MAX_TERM_TOKENS: usize = 8;

/// The negation lists of `checker:`, each written one replacing its
/// default, every term checked.
fn negation_terms(
    checker: &RawChecker,
    source: &locate::YamlSource,
) -> Result<NegationTerms, Diagnostic> {
    let defaults = NegationTerms::default();
    let pick =
        |key: &'static str, written: &Option<Vec<String>>, default: Vec<String>| match written {
            Some(terms) => check_terms(key, terms, source).map(|()| terms.clone()),
            None => Ok(default),
        };
    Ok(NegationTerms {
        before: pick("negation_cues", &checker.negation_cues, defaults.before)?,
        after: pick(
            "negation_cues_after",
            &checker.negation_cues_after,
            defaults.after,
        )?,
        stops: pick("negation_stops", &checker.negation_stops, defaults.stops)?,
        exceptions: pick(
            "negation_exceptions",
            &checker.negation_exceptions,
            defaults.exceptions,
        )?,
        double: pick("double_negation", &checker.double_negation, defaults.double)?,
        conjunctions: pick(
            "list_conjunctions",
            &checker.list_conjunctions,
            defaults.conjunctions,
        )?,
    })
}

/// A negation list is bounded, and each of its terms has words, not too many.
fn check_terms(
    key: &'static str,
    terms: &[String],
    source: &locate::YamlSource,
) -> Result<(), Diagnostic> {
    let list = locate::YamlPath::root().key("checker").key(key);
    if terms.len() > MAX_NEGATION_TERMS {
        let at = source.locate(&list);
        return Err(Diagnostic::error(
            source,
            at,
            format!(
                "{key} has {} terms; at most {MAX_NEGATION_TERMS} are allowed",
                terms.len()
            ),
        )
        .with_hint("keep the words that really occur in CVs"));
    }
    for (index, term) in terms.iter().enumerate() {
        let tokens = Phrase::new(term, false).map_or(0, |p| p.keys.len());
        let problem = if term.chars().count() > MAX_TERM_CHARS {
            format!("a {key} term is longer than {MAX_TERM_CHARS} characters")
        } else if tokens == 0 {
            format!("the {key} term '{term}' has no letters or digits")
        } else if tokens > MAX_TERM_TOKENS {
            format!("the {key} term '{term}' has more than {MAX_TERM_TOKENS} words")
        } else {
            continue;
        };
        let at = source.locate(&list.index(index));
        return Err(Diagnostic::error(source, at, problem)
            .with_hint("a term is a word or a short phrase, e.g. `no experience`"));
    }
    Ok(())
}

/// `pace.hours_per_week` is a whole number of hours a person can study in a week.
fn check_hours(hours: WholeNumber, source: &locate::YamlSource) -> Result<u8, Diagnostic> {
    let WholeNumber(hours) = hours;
    match u8::try_from(hours) {
        Ok(hours) if (1..=MAX_HOURS_PER_WEEK).contains(&hours) => Ok(hours),
        _ => {
            let at = source.locate(&locate::YamlPath::root().key("pace").key("hours_per_week"));
            Err(Diagnostic::error(
                source,
                at,
                format!("pace.hours_per_week is {hours}, not 1 to {MAX_HOURS_PER_WEEK} hours"),
            )
            .with_hint(format!(
                "the weekly study hours your roadmaps' months assume, e.g. `hours_per_week: {DEFAULT_HOURS_PER_WEEK}`"
            )))
        }
    }
}

/// Bands must start at 0, rise strictly and stay within 0..=100.
fn check_bands(bands: Vec<RawBand>, source: &locate::YamlSource) -> Result<Vec<Band>, Diagnostic> {
    let list = locate::YamlPath::root().key("checker").key("bands");
    let mut previous: Option<i64> = None;
    let mut checked = Vec::with_capacity(bands.len());
    for (index, band) in bands.into_iter().enumerate() {
        let WholeNumber(from) = band.from;
        let problem = match previous {
            _ if !(0..=100).contains(&from) => Some("a band starts at a score from 0 to 100"),
            None if from != 0 => Some("the first band must start at 0"),
            Some(before) if from <= before => Some("bands must be in rising order of `from`"),
            _ if band.label.trim().is_empty() => Some("a band needs a label"),
            _ => None,
        };
        if let Some(message) = problem {
            let at = source.locate(&list.index(index).key("from"));
            return Err(Diagnostic::error(source, at, message).with_hint(
                "e.g. bands: [{from: 0, label: starting out}, {from: 40, label: building}]",
            ));
        }
        previous = Some(from);
        checked.push(Band {
            from: u8::try_from(from).unwrap_or(100),
            label: band.label,
        });
    }
    if checked.is_empty() {
        let at = source.locate(&list);
        return Err(Diagnostic::error(source, at, "bands is empty")
            .with_hint("give at least one band, from 0"));
    }
    Ok(checked)
}

/// Synonym terms that are ordinary words (they would match everyday text)
/// or that stand in two groups (which then merge unexpectedly).
fn synonym_warnings(
    groups: &BTreeMap<String, Vec<String>>,
    source: &locate::YamlSource,
) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut seen: HashMap<Vec<String>, &str> = HashMap::new();
    let at = source.locate(&locate::YamlPath::root().key("synonyms"));
    for (name, members) in groups {
        for term in std::iter::once(name).chain(members) {
            let Some(phrase) = Phrase::new(term, false) else {
                warnings.push(
                    Diagnostic::error(
                        source,
                        at,
                        format!("synonym '{term}' in group '{name}' has no letters or digits"),
                    )
                    .warning(),
                );
                continue;
            };
            if phrase.keys.len() == 1 && is_ordinary_word(&phrase.keys[0]) {
                warnings.push(
                    Diagnostic::error(
                        source,
                        at,
                        format!("synonym '{term}' in group '{name}' is an ordinary word"),
                    )
                    .with_hint("it would match everyday text; leave it out of synonym groups")
                    .warning(),
                );
            }
            if let Some(other) = seen.insert(phrase.keys.clone(), name) {
                if other != name {
                    warnings.push(
                        Diagnostic::error(
                            source,
                            at,
                            format!("synonym '{term}' is in groups '{other}' and '{name}'"),
                        )
                        .with_hint("keep each term in one group")
                        .warning(),
                    );
                }
            }
        }
    }
    warnings
}

/// Where the site lives: an absolute `http(s)://host/path/` URL, or just a
/// path such as `/` or `/careers/` when the host is not known yet. Always
/// ends with `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    path_start: usize,
}

impl BaseUrl {
    /// The site root of an unknown host: `/`.
    pub fn root() -> Self {
        BaseUrl {
            url: "/".to_owned(),
            path_start: 0,
        }
    }

    /// Parses and normalises a base URL; the error is a hint for the author.
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let hint =
            "use an absolute URL such as https://example.org/careers/ or a path such as /careers/";
        if text
            .chars()
            .any(|c| c.is_whitespace() || c == '?' || c == '#')
        {
            return Err(format!(
                "a base URL has no spaces, query or fragment; {hint}"
            ));
        }
        let path_start = if text.starts_with('/') && !text.starts_with("//") {
            0
        } else {
            let after_scheme = ["https://", "http://"]
                .iter()
                .find_map(|scheme| text.strip_prefix(scheme))
                .ok_or_else(|| hint.to_owned())?;
            let host_len = after_scheme.find('/').unwrap_or(after_scheme.len());
            if host_len == 0 {
                return Err(format!("the URL has no host; {hint}"));
            }
            text.len() - after_scheme.len() + host_len
        };
        let mut url = text.to_owned();
        if !url.ends_with('/') {
            url.push('/');
        }
        Ok(BaseUrl { url, path_start })
    }

    /// The whole base URL, ending with `/`.
    pub fn as_str(&self) -> &str {
        &self.url
    }

    /// Whether the URL names a host, so canonical links can be absolute.
    pub fn is_absolute(&self) -> bool {
        self.path_start > 0
    }

    /// The path part, e.g. `/careers/`; links on pages served at any URL
    /// (the 404 page) start with it.
    pub fn path(&self) -> &str {
        &self.url[self.path_start..]
    }

    /// The base URL of a folder of the site, `prefix` ending with `/`:
    /// where the pages of a language other than the default live.
    pub fn within(&self, prefix: &str) -> BaseUrl {
        BaseUrl {
            url: self.join(prefix),
            path_start: self.path_start,
        }
    }

    /// The absolute (or root-relative) URL of a site-relative path.
    pub fn join(&self, site_path: &str) -> String {
        format!("{}{}", self.url, site_path.trim_start_matches('/'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_normalised() {
        let url = BaseUrl::parse("https://example.org/careers").unwrap();
        assert_eq!(url.as_str(), "https://example.org/careers/");
        assert_eq!(url.path(), "/careers/");
        assert_eq!(url.join("roles/x/"), "https://example.org/careers/roles/x/");
        let host_only = BaseUrl::parse("http://localhost:1111").unwrap();
        assert_eq!(host_only.path(), "/");
        assert!(host_only.is_absolute());
        let path_only = BaseUrl::parse("/docs").unwrap();
        assert_eq!(
            (path_only.path(), path_only.is_absolute()),
            ("/docs/", false)
        );
        for bad in [
            "example.org",
            "ftp://x/",
            "https:///x",
            "//cdn/x",
            "https://a b/",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn empty_config_gives_defaults() {
        let config = Config::parse(SourceFile::new(CONFIG_FILE, "# nothing yet\n")).unwrap();
        assert_eq!(
            (config.language.as_str(), config.theme.as_str()),
            ("en", "default")
        );
    }

    #[test]
    fn unknown_keys_get_a_suggestion() {
        let err =
            Config::parse(SourceFile::new(CONFIG_FILE, "title: X\nbase_ulr: /\n")).unwrap_err();
        assert_eq!(err.at.map(|at| at.line), Some(2));
        assert!(err.hint.unwrap_or_default().contains("base_url"));
    }
}
