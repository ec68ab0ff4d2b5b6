//! Turning raw role files into validated [`Role`]s.
//!
//! Checks happen in two passes: [`role`] checks everything one file can know
//! about itself (slugs, ranges, skills named by phases), then
//! [`across_roles`] checks what needs the whole site (duplicate slugs,
//! `related` links). Each problem is placed at the line of the offending
//! value by looking its path up in the file ([`super::locate`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::lint;
use super::locate::{YamlPath, YamlSource};
use super::raw::{FaqEntry, PhaseEntry, ResourceEntry, RoleFile, SkillEntry, WholeNumber};
use crate::checker::compile::{is_ambiguous_keyword_in, Phrase};
use crate::checker::words::{is_ordinary_word_in, is_technology_word_in};
use crate::diagnostics::{did_you_mean, Diagnostic, SourceFile};
use crate::layout;
use crate::model::{
    Date, Faq, Keyword, MonthRange, Phase, Resource, Role, Skill, Slug, Weight, MAX_PHASE_MONTHS,
    MAX_ROADMAP_MONTHS, MAX_UNLESS, MAX_UNLESS_CHARS,
};

/// A role that passed its own checks, with its file for placing later errors.
#[derive(Debug, Clone)]
pub struct Checked {
    /// Shared, so assembling the site again after one file changed does not
    /// copy every other role.
    role: Arc<Role>,
    /// Whether the slug came from a `slug:` key (else from the file name).
    slug_written: bool,
    /// Problems that do not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// What the checks across roles need.
    refs: CrossRefs,
}

/// A role file that failed its own checks: every problem, warnings and
/// lints included, and what the checks across roles still need of it, so
/// an error in one field does not hide a broken `related` link.
#[derive(Debug, Clone)]
pub struct Rejected {
    /// Errors and warnings, as found.
    pub diagnostics: Vec<Diagnostic>,
    refs: Option<CrossRefs>,
}

impl Rejected {
    /// A file with one problem and nothing to check across roles.
    pub fn one(problem: Diagnostic) -> Rejected {
        Rejected {
            diagnostics: vec![problem],
            refs: None,
        }
    }
}

/// What a role refers to outside itself, with its file for placing errors.
#[derive(Debug, Clone)]
struct CrossRefs {
    source: Arc<YamlSource>,
    /// Related slugs, each with its index in the file's `related:` list.
    related: Vec<(usize, Slug)>,
    /// Links in its markdown to pages of the site.
    links: Vec<lint::SiteLink>,
}

impl CrossRefs {
    fn new(role: &Role, related: Vec<(usize, Slug)>, source: &Arc<YamlSource>) -> CrossRefs {
        CrossRefs {
            source: Arc::clone(source),
            related,
            links: lint::site_links(role),
        }
    }
}

impl Checked {
    /// The validated role.
    pub fn role(&self) -> Arc<Role> {
        Arc::clone(&self.role)
    }

    /// The file the role was read from, for placing later diagnostics.
    pub fn source(&self) -> &Arc<YamlSource> {
        &self.refs.source
    }
}

/// Collects the problems of one file, placing each at its YAML path.
struct Problems<'a> {
    source: &'a Arc<YamlSource>,
    /// The language of a translation, whose ordinary words count too.
    language: Option<&'a str>,
    found: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn error(
        &mut self,
        path: &YamlPath,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.found.push(located(self.source, path, message, hint));
    }

    fn warning(
        &mut self,
        path: &YamlPath,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.warnings
            .push(located(self.source, path, message, hint).warning());
    }
}

fn located(
    source: &YamlSource,
    path: &YamlPath,
    message: impl Into<String>,
    hint: impl Into<Option<String>>,
) -> Diagnostic {
    let at = source.locate(path);
    let diagnostic = Diagnostic::error(source, at, message);
    match hint.into() {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

/// Validates one role file. `stem` is the file name without extension, the
/// default slug.
pub fn role(
    raw: RoleFile,
    stem: &str,
    source: &Arc<SourceFile>,
    language: Option<&str>,
) -> Result<Checked, Rejected> {
    let source = &Arc::new(YamlSource::new(Arc::clone(source)));
    let mut problems = Problems {
        source,
        language,
        found: Vec::new(),
        warnings: Vec::new(),
    };
    let root = YamlPath::root();
    let slug_written = raw.slug.is_some();
    let slug = role_slug(raw.slug.as_deref(), stem, &mut problems);
    let title = required_text(raw.title, &root.key("title"), "title", &mut problems);
    let summary = required_text(raw.summary, &root.key("summary"), "summary", &mut problems);
    let updated = raw.updated.as_deref().and_then(|text| {
        let date = Date::parse(text.trim());
        if date.is_none() {
            problems.error(
                &root.key("updated"),
                format!("'{text}' is not a date"),
                "write the date as YYYY-MM-DD, e.g. 2026-11-01".to_owned(),
            );
        }
        date
    });
    // Phases are checked against every declared id, valid or not, so one
    // bad skill does not also make each phase naming it an error.
    let mut declared: Vec<String> = raw.skills.iter().map(|s| s.id.clone()).collect();
    declared.dedup();
    let declared: Vec<&str> = declared.iter().map(String::as_str).collect();
    let phases = phases(raw.phases, &declared, &mut problems);
    let skills = skills(raw.skills, &mut problems);
    let faqs = faqs(raw.faqs, &mut problems);
    let related_at = related(raw.related, slug.as_ref(), &mut problems);
    let titles = titles(&title, raw.titles, &mut problems);
    // The role is assembled even when a field has errors, from what is
    // valid, so lints and the checks across roles still run on the rest.
    let role = Role {
        slug: slug.clone().unwrap_or_else(|| Slug::fallback(stem)),
        title,
        category: raw
            .category
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty()),
        summary,
        description: raw.description.filter(|d| !d.trim().is_empty()),
        titles,
        draft: raw.draft,
        updated,
        skills,
        phases,
        faqs,
        related: related_at.iter().map(|(_, slug)| slug.clone()).collect(),
    };
    let mut warnings = problems.warnings;
    warnings.extend(lint::role_warnings(&role, source));
    let refs = CrossRefs::new(&role, related_at, source);
    match slug {
        Some(_) if problems.found.is_empty() => Ok(Checked {
            role: Arc::new(role),
            slug_written,
            warnings,
            refs,
        }),
        _ => {
            problems.found.append(&mut warnings);
            Err(Rejected {
                diagnostics: problems.found,
                refs: Some(refs),
            })
        }
    }
}

fn role_slug(written: Option<&str>, stem: &str, problems: &mut Problems) -> Option<Slug> {
    let path = YamlPath::root().key("slug");
    let slug = parsed_slug(written, stem, problems)?;
    // The slug names the role's folder in the output.
    if slug.as_str().len() > layout::MAX_NAME_BYTES {
        let message = format!(
            "the slug is {} characters long; file systems accept names of up to {}",
            slug.as_str().len(),
            layout::MAX_NAME_BYTES
        );
        let hint = "choose a shorter slug: it is the role's folder and URL".to_owned();
        match written {
            Some(_) => problems.error(&path, message, hint),
            None => problems
                .found
                .push(Diagnostic::error(problems.source, None, message).with_hint(hint)),
        }
        return None;
    }
    Some(slug)
}

fn parsed_slug(written: Option<&str>, stem: &str, problems: &mut Problems) -> Option<Slug> {
    let path = YamlPath::root().key("slug");
    match written {
        Some(text) => Slug::parse(text)
            .map_err(|err| {
                let hint = slug_hint(err.suggestion);
                problems.error(&path, format!("slug '{text}' is not valid"), hint);
            })
            .ok(),
        None => Slug::parse(stem)
            .map_err(|err| {
                let hint = match err.suggestion {
                    Some(good) => format!("rename the file to {good}.yaml or add `slug: {good}`"),
                    None => "rename the file, or add a `slug:` of lower-case letters, digits and hyphens".to_owned(),
                };
                let message = format!("the file name gives the slug '{stem}', which is not valid");
                problems.found.push(Diagnostic::error(problems.source, None, message).with_hint(hint));
            })
            .ok(),
    }
}

fn slug_hint(suggestion: Option<String>) -> String {
    let rule = "use lower-case letters, digits and single hyphens";
    match suggestion {
        Some(good) => format!("{rule}, e.g. '{good}'"),
        None => rule.to_owned(),
    }
}

fn required_text(text: String, path: &YamlPath, what: &str, problems: &mut Problems) -> String {
    if text.trim().is_empty() {
        problems.error(path, format!("{what} is empty"), None);
    }
    text.trim().to_owned()
}

fn skills(entries: Vec<SkillEntry>, problems: &mut Problems) -> Vec<Skill> {
    let list = YamlPath::root().key("skills");
    if entries.is_empty() {
        problems.error(&list, "a role needs at least one skill", None);
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut skills = Vec::with_capacity(entries.len());
    for (index, entry) in entries.into_iter().enumerate() {
        let here = list.index(index);
        if let Some(first) = seen.insert(entry.id.clone(), index) {
            problems.error(
                &here.key("id"),
                format!(
                    "skill id '{}' is used twice (first by skill {})",
                    entry.id,
                    first + 1
                ),
                "give every skill of a role its own id".to_owned(),
            );
        }
        let id = Slug::parse(&entry.id)
            .map_err(|err| {
                problems.error(
                    &here.key("id"),
                    format!("skill id '{}' is not valid", entry.id),
                    slug_hint(err.suggestion),
                )
            })
            .ok();
        let name = required_text(entry.name, &here.key("name"), "skill name", problems);
        let weight = match entry.weight {
            None => Some(Weight::DEFAULT),
            Some(WholeNumber(value)) => {
                u8::try_from(value).ok().and_then(Weight::new).or_else(|| {
                    let hint = "weights run from 1 (nice to have) to 5 (core)".to_owned();
                    problems.error(
                        &here.key("weight"),
                        format!("weight {value} is out of range"),
                        hint,
                    );
                    None
                })
            }
        };
        let keywords = entry
            .keywords
            .into_iter()
            .enumerate()
            .filter_map(|(k, keyword)| {
                let term = keyword.term.trim();
                if term.is_empty() {
                    problems.error(&here.key("keywords").index(k), "keyword is empty", None);
                    return None;
                }
                let at = here.key("keywords").index(k);
                let keyword = Keyword {
                    term: term.to_owned(),
                    case_sensitive: keyword.case_sensitive,
                    unless: false_friends(keyword.unless, &at, problems),
                };
                if is_ambiguous_keyword_in(&keyword, problems.language) {
                    let (message, hint) = ordinary_word_warning(term, problems.language);
                    problems.warning(&here.key("keywords").index(k), message, hint);
                }
                Some(keyword)
            })
            .collect();
        if let (Some(id), Some(weight)) = (id, weight) {
            skills.push(Skill {
                id,
                name,
                detail: entry.detail.filter(|d| !d.trim().is_empty()),
                weight,
                keywords,
            });
        }
    }
    skills
}

/// The warning about a keyword that is an ordinary word (docs/checker.md,
/// section 7), and its hint: a technology name's fix is usually its
/// capitalised form, any other word's a longer phrase.
fn ordinary_word_warning(term: &str, language: Option<&str>) -> (String, String) {
    let proper = proper_case(term);
    let key = Phrase::new(term, false).and_then(|p| p.keys.into_iter().next());
    // Named after the language whose word it is: English, else the translation's.
    let ordinary = match (language, &key) {
        (Some(tag), Some(key)) if !is_ordinary_word_in(key, None) => {
            format!("an ordinary word in '{tag}'")
        }
        _ => "an ordinary English word".to_owned(),
    };
    if key.is_some_and(|key| is_technology_word_in(&key, language)) {
        (
            format!("keyword '{term}' is also {ordinary}"),
            format!("write {{term: {proper}, case_sensitive: true}} so it only counts with that capitalisation, or use a longer phrase that cannot be misread"),
        )
    } else {
        (
            format!("keyword '{term}' is {ordinary}, so most CVs would meet this skill"),
            format!("use a longer phrase that names the skill as a CV writes it (e.g. 'unit testing', not 'testing'), or {{term: {proper}, case_sensitive: true}} if the capitalised word is a product's name"),
        )
    }
}

/// A keyword's `unless` list: trimmed, bounded, every term with words.
fn false_friends(terms: Vec<String>, keyword: &YamlPath, problems: &mut Problems) -> Vec<String> {
    let list = keyword.key("unless");
    if terms.len() > MAX_UNLESS {
        problems.error(
            &list,
            format!(
                "a keyword lists at most {MAX_UNLESS} false friends; this one lists {}",
                terms.len()
            ),
            "keep the false friends that really follow the term in CVs".to_owned(),
        );
        return Vec::new();
    }
    let hint =
        "list what follows the term in the false friend, e.g. {term: Oracle, unless: [VirtualBox]}";
    terms
        .into_iter()
        .enumerate()
        .filter_map(|(u, term)| {
            let term = term.trim();
            let length = term.chars().count();
            let problem = if term.is_empty() {
                "false friend is empty".to_owned()
            } else if length > MAX_UNLESS_CHARS {
                format!("false friend is {length} characters long; at most {MAX_UNLESS_CHARS}")
            } else if Phrase::new(term, false).is_none() {
                format!("false friend '{term}' has no words to match")
            } else {
                return Some(term.to_owned());
            };
            problems.error(&list.index(u), problem, hint.to_owned());
            None
        })
        .collect()
}

/// `go` → `Go`, for the case-sensitive form suggested in a hint.
fn proper_case(term: &str) -> String {
    let mut chars = term.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn phases(entries: Vec<PhaseEntry>, skill_ids: &[&str], problems: &mut Problems) -> Vec<Phase> {
    let list = YamlPath::root().key("phases");
    if entries.is_empty() {
        problems.error(&list, "a role needs at least one phase", None);
    }
    let durations: Vec<u32> = entries
        .iter()
        .enumerate()
        .map(|(index, entry)| {
            let WholeNumber(months) = entry.duration_months;
            let problem = if months < 1 {
                Some("a phase lasts at least one month")
            } else if months > i64::from(MAX_PHASE_MONTHS) {
                Some("a phase lasts at most 120 months")
            } else {
                None
            };
            if let Some(message) = problem {
                problems.error(
                    &list.index(index).key("duration_months"),
                    message,
                    format!("set duration_months to a whole number from 1 to {MAX_PHASE_MONTHS}"),
                );
            }
            u32::try_from(months.clamp(1, i64::from(MAX_PHASE_MONTHS))).unwrap_or(1)
        })
        .collect();
    let months = MonthRange::sequence(durations);
    if let Some(index) = months.iter().position(|m| m.end > MAX_ROADMAP_MONTHS) {
        problems.error(
            &list.index(index).key("duration_months"),
            format!(
                "the roadmap runs to month {} here; a roadmap lasts at most {MAX_ROADMAP_MONTHS} months",
                months[index].end
            ),
            "shorten the phases, or split the path into two roles".to_owned(),
        );
    }
    entries
        .into_iter()
        .zip(months)
        .enumerate()
        .map(|(index, (entry, months))| {
            let here = list.index(index);
            let title = required_text(entry.title, &here.key("title"), "phase title", problems);
            let skills = entry
                .skills
                .into_iter()
                .enumerate()
                .filter_map(|(k, id)| {
                    if skill_ids.contains(&id.as_str()) {
                        return Slug::parse(&id).ok();
                    }
                    let hint = match did_you_mean(&id, skill_ids.iter().copied()) {
                        Some(best) => format!("did you mean '{best}'?"),
                        None => format!("the role's skill ids are: {}", skill_ids.join(", ")),
                    };
                    problems.error(
                        &here.key("skills").index(k),
                        format!("unknown skill '{id}'"),
                        hint,
                    );
                    None
                })
                .collect();
            let resources = resources(entry.resources, &here.key("resources"), problems);
            Phase {
                number: index as u32 + 1,
                title,
                months,
                summary: entry.summary.filter(|s| !s.trim().is_empty()),
                skills,
                milestones: entry.milestones,
                resources,
            }
        })
        .collect()
}

fn resources(
    entries: Vec<ResourceEntry>,
    list: &YamlPath,
    problems: &mut Problems,
) -> Vec<Resource> {
    entries
        .into_iter()
        .enumerate()
        .filter_map(|(index, entry)| {
            let url = entry.url.trim().to_owned();
            if !is_allowed_link(&url) {
                let hint = "use an http:// or https:// URL, or a path within the site written with forward slashes".to_owned();
                problems.error(
                    &list.index(index).key("url"),
                    format!("resource URL '{url}' is not allowed"),
                    hint,
                );
                return None;
            }
            let title = required_text(
                entry.title,
                &list.index(index).key("title"),
                "resource title",
                problems,
            );
            Some(Resource { title, url })
        })
        .collect()
}

/// http(s) or a relative URL: anything with another scheme (javascript:,
/// data:, file:) could run code or leak out of the site. Backslashes are
/// refused outright: browsers read them as slashes, so `/\evil.example/`
/// would be a link to another host dressed as a site path.
fn is_allowed_link(url: &str) -> bool {
    if url.is_empty() || url.chars().any(|c| c.is_control() || c == '\\') {
        return false;
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return true;
    }
    let before_path = lower.split(['/', '?', '#']).next().unwrap_or("");
    !before_path.contains(':') && !lower.starts_with("//")
}

fn faqs(entries: Vec<FaqEntry>, problems: &mut Problems) -> Vec<Faq> {
    let list = YamlPath::root().key("faqs");
    entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| Faq {
            question: required_text(
                entry.question,
                &list.index(index).key("question"),
                "question",
                problems,
            ),
            answer: required_text(
                entry.answer,
                &list.index(index).key("answer"),
                "answer",
                problems,
            ),
        })
        .collect()
}

fn related(
    entries: Vec<String>,
    own: Option<&Slug>,
    problems: &mut Problems,
) -> Vec<(usize, Slug)> {
    let list = YamlPath::root().key("related");
    let mut seen = HashSet::new();
    entries
        .into_iter()
        .enumerate()
        .filter_map(|(index, text)| match Slug::parse(&text) {
            Ok(slug) if Some(&slug) == own => {
                problems.error(
                    &list.index(index),
                    "a role cannot be related to itself",
                    None,
                );
                None
            }
            Ok(slug) if !seen.insert(slug.clone()) => {
                problems.warning(
                    &list.index(index),
                    format!("related role '{slug}' is listed twice"),
                    "list each related role once; it is shown once".to_owned(),
                );
                None
            }
            Ok(slug) => Some((index, slug)),
            Err(err) => {
                problems.error(
                    &list.index(index),
                    format!("'{text}' is not a role slug"),
                    slug_hint(err.suggestion),
                );
                None
            }
        })
        .collect()
}

/// Other job titles, each once and none the role's own title.
fn titles(title: &str, entries: Vec<String>, problems: &mut Problems) -> Vec<String> {
    let list = YamlPath::root().key("titles");
    let mut seen = HashSet::from([title.to_lowercase()]);
    entries
        .into_iter()
        .enumerate()
        .filter_map(|(index, text)| {
            let text = text.trim().to_owned();
            if seen.insert(text.to_lowercase()) {
                return Some(text);
            }
            problems.warning(
                &list.index(index),
                format!("the title '{text}' is given twice"),
                "list each other title once, and not the role's own title; it is shown once"
                    .to_owned(),
            );
            None
        })
        .collect()
}

/// Checks what needs every role of the default language: no slug twice,
/// `related` names existing roles, links to site pages lead somewhere.
/// Returns the roles, sorted by slug, and the problems.
pub fn across_roles(
    mut checked: Vec<Checked>,
    rejected: &[(&str, &Rejected)],
    root: &std::path::Path,
) -> (Vec<Arc<Role>>, Vec<Diagnostic>) {
    sort_by_slug(&mut checked);
    let mut problems = duplicate_slugs(&checked);
    // Other roles may refer to a broken one: that is not a second error.
    let slugs: HashSet<&str> = checked
        .iter()
        .map(|c| c.role.slug.as_str())
        .chain(rejected.iter().map(|(slug, _)| *slug))
        .collect();
    problems.extend(references(&checked, rejected, &slugs, root));
    (checked.into_iter().map(|c| c.role).collect(), problems)
}

/// Checks the translations into `language` against the default
/// language's `originals` (and the slugs of its files that failed their
/// own checks, `broken`): each translates one role, once, with the same
/// skill ids; `related` and site links as [`across_roles`] checks them.
/// Returns the translations by slug, and the problems.
pub fn translations(
    language: &str,
    mut checked: Vec<Checked>,
    rejected: &[(&str, &Rejected)],
    originals: &[Arc<Role>],
    broken: &[&str],
    root: &std::path::Path,
) -> (HashMap<Slug, Arc<Role>>, Vec<Diagnostic>) {
    sort_by_slug(&mut checked);
    let mut problems = duplicate_slugs(&checked);
    let by_slug: HashMap<&str, &Arc<Role>> = originals
        .iter()
        .map(|role| (role.slug.as_str(), role))
        .collect();
    let slugs: HashSet<&str> = by_slug
        .keys()
        .copied()
        .chain(broken.iter().copied())
        .collect();
    problems.extend(references(&checked, rejected, &slugs, root));
    let mut found = HashMap::new();
    for item in checked {
        match by_slug.get(item.role.slug.as_str()) {
            Some(original) => {
                problems.extend(translation_problems(language, &item, original));
                found.insert(item.role.slug.clone(), item.role);
            }
            // The original's own errors are reported already.
            None if broken.contains(&item.role.slug.as_str()) => {}
            None => problems.push(untranslatable(&item, language, &slugs)),
        }
    }
    (found, problems)
}

/// A translation whose role does not exist in the default language.
fn untranslatable(item: &Checked, language: &str, slugs: &HashSet<&str>) -> Diagnostic {
    let slug = item.role.slug.as_str();
    let message = format!(
        "this '{language}' translation is of role '{slug}', which the default language does not have"
    );
    let hint = match did_you_mean(slug, slugs.iter().copied()) {
        Some(best) => format!(
            "did you mean '{best}'? name the file {}",
            layout::translation_file(best, language)
        ),
        None => format!(
            "a translation sits beside its role: roles/{}",
            layout::translation_file(slug, language)
        ),
    };
    if item.slug_written {
        located(
            &item.refs.source,
            &YamlPath::root().key("slug"),
            message,
            hint,
        )
    } else {
        Diagnostic::error(&item.refs.source, None, message).with_hint(hint)
    }
}

/// Where a translation departs from its original: other skill ids are
/// errors (progress and the checker name skills by id across languages);
/// another number of phases is a warning (progress on phases and
/// milestones is matched by position).
fn translation_problems(language: &str, item: &Checked, original: &Role) -> Vec<Diagnostic> {
    let source = &item.refs.source;
    let mut problems = Vec::new();
    let theirs: HashSet<&str> = original.skills.iter().map(|s| s.id.as_str()).collect();
    let ours: HashSet<&str> = item.role.skills.iter().map(|s| s.id.as_str()).collect();
    for (index, skill) in item.role.skills.iter().enumerate() {
        if theirs.contains(skill.id.as_str()) {
            continue;
        }
        let hint = match did_you_mean(skill.id.as_str(), theirs.iter().copied()) {
            Some(best) => format!("did you mean '{best}'? a translation keeps its role's skill ids and translates the names"),
            None => "a translation keeps its role's skill ids and translates the names".to_owned(),
        };
        problems.push(located(
            source,
            &YamlPath::root().key("skills").index(index).key("id"),
            format!(
                "skill id '{}' is not one of role '{}''s skills in the default language",
                skill.id, original.slug
            ),
            hint,
        ));
    }
    let mut missing: Vec<&str> = original
        .skills
        .iter()
        .map(|s| s.id.as_str())
        .filter(|id| !ours.contains(id))
        .collect();
    if !missing.is_empty() {
        missing.truncate(10);
        problems.push(located(
            source,
            &YamlPath::root().key("skills"),
            format!(
                "this '{language}' translation lacks skills of role '{}': {}",
                original.slug,
                missing.join(", ")
            ),
            "translate every skill of the role, keeping its id".to_owned(),
        ));
    }
    let weights: HashMap<&str, u8> = original
        .skills
        .iter()
        .map(|s| (s.id.as_str(), s.weight.get()))
        .collect();
    for (index, skill) in item.role.skills.iter().enumerate() {
        match weights.get(skill.id.as_str()) {
            Some(&weight) if weight != skill.weight.get() => problems.push(
                located(
                    source,
                    &YamlPath::root().key("skills").index(index),
                    format!(
                        "skill '{}' weighs {} here and {weight} in the default language",
                        skill.id,
                        skill.weight.get()
                    ),
                    "the role-fit score would differ between languages; give the same weight"
                        .to_owned(),
                )
                .warning(),
            ),
            _ => {}
        }
    }
    for (index, (ours, theirs)) in item.role.phases.iter().zip(&original.phases).enumerate() {
        if ours.months.duration() != theirs.months.duration() {
            problems.push(
                located(
                    source,
                    &YamlPath::root()
                        .key("phases")
                        .index(index)
                        .key("duration_months"),
                    format!(
                        "phase {} lasts {} months here and {} in the default language",
                        index + 1,
                        ours.months.duration(),
                        theirs.months.duration()
                    ),
                    "the roadmap's months would differ between languages; give the same duration"
                        .to_owned(),
                )
                .warning(),
            );
        }
    }
    if let (Some(ours), Some(theirs)) = (item.role.updated, original.updated) {
        if ours < theirs {
            problems.push(
                located(
                    source,
                    &YamlPath::root().key("updated"),
                    format!(
                        "this translation was updated {ours}, role '{}' since, {theirs}",
                        original.slug
                    ),
                    "it may be out of date: bring it up to date, then set its `updated`".to_owned(),
                )
                .warning(),
            );
        }
    }
    if item.role.phases.len() != original.phases.len() {
        problems.push(
            located(
                source,
                &YamlPath::root().key("phases"),
                format!(
                    "this translation has {} phases, role '{}' has {}",
                    item.role.phases.len(),
                    original.slug,
                    original.phases.len()
                ),
                "progress on phases and milestones carries across languages only when the phases match one for one".to_owned(),
            )
            .warning(),
        );
    }
    problems
}

fn sort_by_slug(checked: &mut [Checked]) {
    checked.sort_by(|a, b| {
        a.role
            .slug
            .cmp(&b.role.slug)
            .then_with(|| a.refs.source.path.cmp(&b.refs.source.path))
    });
}

/// A slug used by a second file (of one language).
fn duplicate_slugs(checked: &[Checked]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut first_file: HashMap<&Slug, &Arc<YamlSource>> = HashMap::new();
    for item in checked {
        let source = &item.refs.source;
        if let Some(first) = first_file.insert(&item.role.slug, source) {
            first_file.insert(&item.role.slug, first);
            let message = format!(
                "slug '{}' is already used by {}",
                item.role.slug,
                first.path.display()
            );
            let hint = "every role needs its own slug: rename one file or set a different `slug:`";
            // A slug taken from the file name has no line to point at.
            let diagnostic = if item.slug_written {
                located(
                    source,
                    &YamlPath::root().key("slug"),
                    message,
                    hint.to_owned(),
                )
            } else {
                Diagnostic::error(source, None, message).with_hint(hint)
            };
            problems.push(diagnostic);
        }
    }
    problems
}

/// `related` roles and links to site pages that lead nowhere, of the
/// checked and the rejected files, given the slugs that exist.
fn references(
    checked: &[Checked],
    rejected: &[(&str, &Rejected)],
    slugs: &HashSet<&str>,
    root: &std::path::Path,
) -> Vec<Diagnostic> {
    let refs = checked
        .iter()
        .map(|c| &c.refs)
        .chain(rejected.iter().filter_map(|(_, r)| r.refs.as_ref()));
    let mut problems = Vec::new();
    for refs in refs {
        problems.extend(unknown_related(refs, slugs));
        problems.extend(lint::link_warnings(&refs.links, &refs.source, slugs, root));
    }
    problems
}

/// Errors for the related roles `refs` names that are not in `slugs`.
fn unknown_related(refs: &CrossRefs, slugs: &HashSet<&str>) -> Vec<Diagnostic> {
    refs.related
        .iter()
        .filter(|(_, slug)| !slugs.contains(slug.as_str()))
        .map(|(index, slug)| {
            let hint = match did_you_mean(slug.as_str(), slugs.iter().copied()) {
                Some(best) => format!("did you mean '{best}'?"),
                None => "related roles are named by their slug (the file name unless `slug:` says otherwise)".to_owned(),
            };
            let path = YamlPath::root().key("related").index(*index);
            located(
                &refs.source,
                &path,
                format!("related role '{slug}' does not exist"),
                hint,
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::is_allowed_link;

    #[test]
    fn only_web_and_relative_links_are_allowed() {
        for good in [
            "https://doc.rust-lang.org/book/",
            "HTTP://x.org",
            "../guide/",
            "roles/x/",
            "#faq",
            "page?a=b:c",
        ] {
            assert!(is_allowed_link(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "//evil.example/x",
            "/\\evil.example/",
            "\\\\evil.example/",
            "\\/evil.example/",
            "/\\/evil.example/",
            "https:\\\\evil.example/",
            "",
            "java\tscript:x",
        ] {
            assert!(!is_allowed_link(bad), "{bad}");
        }
    }
}
