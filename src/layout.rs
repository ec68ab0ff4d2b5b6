//! The site's file-system contract: every name rolemap reads or writes.
//!
//! Source names (`rolemap.yaml`, `roles/`, `themes/<theme>/templates/`,
//! `themes/<theme>/static/`, `static/`, `i18n/`) and output paths (pages, assets,
//! data files) are spelled here and nowhere else. Which paths count as
//! sources, for the watcher and for the output folder's safety checks, is
//! decided here too, once. This module imports nothing from the crate, so
//! every other module may ask it.

use std::path::{Path, PathBuf};

/// The site configuration file at the site root.
pub const CONFIG_FILE: &str = "rolemap.yaml";

/// Folder of role files under the site root.
pub const ROLES_DIR: &str = "roles";

/// Folder of themes under the site root.
pub const THEMES_DIR: &str = "themes";

/// The theme that needs no folder on disk: it is built into the binary.
pub const DEFAULT_THEME: &str = "default";

/// A theme's template folder, under `themes/<theme>/`.
pub const TEMPLATES_DIR: &str = "templates";

/// A theme's static files, under `themes/<theme>/`, copied under [`ASSETS_DIR`].
pub const THEME_STATIC_DIR: &str = "static";

/// Folder of strings tables: a theme's `themes/<theme>/i18n/<lang>.yaml`
/// and the site's own `i18n/<lang>.yaml` ([`crate::i18n`]).
pub const I18N_DIR: &str = "i18n";

/// Site files copied as they are to the output root (`static/CNAME` becomes `CNAME`).
pub const STATIC_DIR: &str = "static";

/// The output folder, relative to the site root, when nothing else is said.
pub const DEFAULT_OUTPUT: &str = "dist";

/// Marker file written into every output folder rolemap creates.
pub const OUTPUT_MARKER: &str = ".rolemap-output";

/// The index page.
pub const INDEX_PAGE: &str = "index.html";

/// The not-found page.
pub const NOT_FOUND_PAGE: &str = "404.html";

/// The page that ranks every role for a pasted CV.
pub const CHECKER_PAGE: &str = "checker/index.html";

/// The URL path of [`CHECKER_PAGE`], relative to the site root.
pub const CHECKER_URL: &str = "checker/";

/// The page that compares two roles (`?from=<slug>&to=<slug>`).
pub const COMPARE_PAGE: &str = "compare/index.html";

/// Folder of the theme's static files in the output.
pub const ASSETS_DIR: &str = "assets";

/// `robots.txt`.
pub const ROBOTS: &str = "robots.txt";

/// `sitemap.xml`, written only when `base_url` names a host.
pub const SITEMAP: &str = "sitemap.xml";

/// The Atom feed of the roles, written only when `base_url` names a host.
pub const FEED: &str = "atom.xml";

/// The index of every role for other tools: a few fields each and where
/// the role's full JSON is ([`role_data`]).
pub const ROLES_JSON: &str = "data/roles.json";

/// The readiness checker's matching data of every role, packed, as a
/// classic script (docs/checker.md, section 11).
pub const CHECKER_DATA: &str = "data/checker.js";

/// The search index of every role, as a classic script (`search.js` reads it).
pub const SEARCH_DATA: &str = "data/search.js";

/// rolemap's cache folder under the site root: results kept between runs,
/// never a source or an output, safe to delete (and gitignored).
pub const CACHE_DIR: &str = ".rolemap-cache";

/// The link checker's results (`check --links`), under [`CACHE_DIR`].
pub const LINKS_CACHE: &str = "links.json";

/// Longest file or folder name most file systems accept, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// Where the pages of `language` live, relative to the output root: the
/// default language's at the root (`""`), every other's under its tag
/// (`de/`).
pub fn language_prefix(language: &str, default: &str) -> String {
    if language == default {
        String::new()
    } else {
        format!("{language}/")
    }
}

/// `path` (relative to the output root) in the folder of a language whose
/// prefix is `prefix` ([`language_prefix`]).
pub fn in_language(prefix: &str, path: &str) -> String {
    format!("{prefix}{path}")
}

/// A role file's stem split into the role's name and the language tag of
/// a translation: `backend-developer.de` is (`backend-developer`, `de`);
/// a stem without a dot is the default language's file. Whether the tag
/// is one of the site's languages is for the loader to say.
pub fn split_translation(stem: &str) -> (&str, Option<&str>) {
    match stem.rsplit_once('.') {
        Some((name, tag)) if !name.is_empty() => (name, Some(tag)),
        _ => (stem, None),
    }
}

/// The file name of `name`'s translation into `language`: `name.de.yaml`.
pub fn translation_file(name: &str, language: &str) -> String {
    format!("{name}.{language}.yaml")
}

/// Folder of a role's page, relative to the output root.
pub fn role_dir(slug: &str) -> String {
    format!("{ROLES_DIR}/{slug}")
}

/// A role's page, relative to the output root.
pub fn role_page(slug: &str) -> String {
    format!("{ROLES_DIR}/{slug}/{INDEX_PAGE}")
}

/// A role's fields as JSON, beside its page, relative to the output root.
pub fn role_data(slug: &str) -> String {
    format!("{ROLES_DIR}/{slug}/{ROLE_DATA_FILE}")
}

/// The name of a role's JSON file in its folder.
const ROLE_DATA_FILE: &str = "index.json";

/// A role's URL path, relative to the site root (for canonical links).
pub fn role_url(slug: &str) -> String {
    format!("{ROLES_DIR}/{slug}/")
}

/// Folder of the category pages.
pub const CATEGORIES_DIR: &str = "categories";

/// The folder of page `number` (from 2) of a paged list whose first page is
/// in `dir` (`""` for the index): `page/2`, `categories/security/page/3`.
fn list_page_dir(dir: &str, number: usize) -> String {
    if dir.is_empty() {
        format!("page/{number}")
    } else {
        format!("{dir}/page/{number}")
    }
}

/// Where page `number` (from 1) of the list of every role is written:
/// the index, then `page/2/index.html`…
pub fn role_list_page(number: usize) -> String {
    if number <= 1 {
        INDEX_PAGE.to_owned()
    } else {
        format!("{}/{INDEX_PAGE}", list_page_dir("", number))
    }
}

/// The folder of a category's pages.
pub fn category_dir(slug: &str) -> String {
    format!("{CATEGORIES_DIR}/{slug}")
}

/// Where page `number` (from 1) of a category's roles is written.
pub fn category_page(slug: &str, number: usize) -> String {
    let dir = category_dir(slug);
    if number <= 1 {
        format!("{dir}/{INDEX_PAGE}")
    } else {
        format!("{}/{INDEX_PAGE}", list_page_dir(&dir, number))
    }
}

/// The folder holding a listing page (the index has none: the output root).
pub fn page_dir(page: &str) -> &str {
    page.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// The URL path of a page, relative to the site root: `categories/x/` for
/// `categories/x/index.html`, `` for the index.
pub fn page_url(page: &str) -> String {
    match page.strip_suffix(INDEX_PAGE) {
        Some(dir) => dir.to_owned(),
        None => page.to_owned(),
    }
}

/// The relative path from a page back to the output root: `../../` for
/// `categories/x/index.html`.
pub fn root_of(page: &str) -> String {
    "../".repeat(page.matches('/').count())
}

/// A theme static file's path in the output.
pub fn asset(name: &str) -> String {
    format!("{ASSETS_DIR}/{name}")
}

/// The folder of theme `name` under the site root.
pub fn theme_dir(root: &Path, name: &str) -> PathBuf {
    root.join(THEMES_DIR).join(name)
}

/// The first component of `relative` that is longer than a file system
/// accepts, if any.
pub fn overlong_name(relative: &str) -> Option<&str> {
    relative.split('/').find(|part| part.len() > MAX_NAME_BYTES)
}

/// What kind of source a path under the site root is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// `rolemap.yaml`.
    Config,
    /// A role file under `roles/`, or a folder there (which may hold some).
    Role,
    /// A stylesheet of a theme: browsers can swap it without a reload.
    Stylesheet,
    /// Any other theme file (a template, a script, an image).
    Theme,
    /// A file under the site's `static/`.
    Static,
    /// A strings table under the site's `i18n/`.
    Strings,
}

/// The folders whose contents are sources, and whether they are walked
/// recursively. The site root itself holds [`CONFIG_FILE`].
pub const SOURCE_DIRS: [&str; 4] = [ROLES_DIR, THEMES_DIR, STATIC_DIR, I18N_DIR];

/// Whether `relative` (a path relative to the site root) is one of
/// [`SOURCE_DIRS`] itself, which the watcher watches whenever it appears.
pub fn is_source_dir(relative: &Path) -> bool {
    let mut parts = relative.components();
    match (parts.next(), parts.next()) {
        (Some(std::path::Component::Normal(first)), None) => {
            SOURCE_DIRS.iter().any(|dir| first == *dir)
        }
        _ => false,
    }
}

/// Whether a file name is a role file's.
pub fn is_role_file(name: &str) -> bool {
    name.ends_with(".yaml") || name.ends_with(".yml")
}

/// What kind of source `relative` (a path relative to the site root) is,
/// or `None` when rolemap never reads it.
pub fn source_kind(relative: &Path) -> Option<SourceKind> {
    let mut parts = relative.components().map(|c| c.as_os_str().to_str());
    let first = parts.next()??;
    let second = parts.next();
    let name = relative.file_name()?.to_str()?;
    match (first, second) {
        (CONFIG_FILE, None) => Some(SourceKind::Config),
        // A deleted or renamed folder of roles has no extension.
        (ROLES_DIR, Some(_)) if is_role_file(name) || relative.extension().is_none() => {
            Some(SourceKind::Role)
        }
        (THEMES_DIR, Some(_)) if name.ends_with(".css") => Some(SourceKind::Stylesheet),
        (THEMES_DIR, Some(_)) => Some(SourceKind::Theme),
        (STATIC_DIR, Some(_)) => Some(SourceKind::Static),
        (I18N_DIR, Some(_)) => Some(SourceKind::Strings),
        _ => None,
    }
}

/// The source folder of the site at `root` ([`SOURCE_DIRS`]) that `dir`
/// is or lies inside, if any. Both paths must be resolved.
pub fn source_folder_holding(root: &Path, dir: &Path) -> Option<&'static str> {
    SOURCE_DIRS
        .into_iter()
        .find(|name| dir.starts_with(root.join(name)))
}

/// Whether `dir` holds a site's sources rather than output: a built site
/// has `roles/<slug>/index.html` but never role files, `themes/` or
/// `rolemap.yaml`.
pub fn holds_sources(dir: &Path) -> bool {
    if dir.join(OUTPUT_MARKER).is_file() {
        return false;
    }
    if dir.join(THEMES_DIR).is_dir() || dir.join(CONFIG_FILE).is_file() {
        return true;
    }
    let Ok(entries) = std::fs::read_dir(dir.join(ROLES_DIR)) else {
        return false;
    };
    entries
        .flatten()
        .any(|entry| is_role_file(&entry.file_name().to_string_lossy()))
}

/// Whether `dir` is a site folder: it has `rolemap.yaml` or `roles/`, and
/// is not an output folder (whose `roles/` holds pages).
pub fn is_site(dir: &Path) -> bool {
    !dir.join(OUTPUT_MARKER).exists()
        && (dir.join(CONFIG_FILE).is_file() || dir.join(ROLES_DIR).is_dir())
}

/// The site folder that `start` is in: `start` itself or the nearest
/// folder above it that [`is_site`], as Zola finds its configuration.
pub fn find_site(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| is_site(dir))
        .map(Path::to_path_buf)
}

/// `path` made absolute, with `..` and symbolic links resolved where it
/// exists. The one path normaliser: the site root, the output folder and
/// the watcher's paths all go through it, so they compare equal.
pub fn resolved(path: &Path) -> PathBuf {
    let joined = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    std::fs::canonicalize(&joined).unwrap_or(joined)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_classified() {
        let kind = |p: &str| source_kind(Path::new(p));
        assert_eq!(kind("rolemap.yaml"), Some(SourceKind::Config));
        assert_eq!(kind("roles/a/x.yaml"), Some(SourceKind::Role));
        assert_eq!(kind("roles/a"), Some(SourceKind::Role));
        assert_eq!(kind("roles/notes.txt"), None);
        assert_eq!(
            kind("themes/default/static/style.css"),
            Some(SourceKind::Stylesheet)
        );
        assert_eq!(
            kind("themes/default/templates/role.html"),
            Some(SourceKind::Theme)
        );
        assert_eq!(kind("static/logo.png"), Some(SourceKind::Static));
        assert_eq!(kind("i18n/de.yaml"), Some(SourceKind::Strings));
        assert_eq!(kind("README.md"), None);
        assert_eq!(kind("roles"), None);
        assert!(is_source_dir(Path::new("roles")) && is_source_dir(Path::new("static")));
        assert!(!is_source_dir(Path::new("roles/a")) && !is_source_dir(Path::new("dist")));
    }

    #[test]
    fn source_folders_hold_what_lies_inside_them() {
        let root = Path::new("/site");
        let holding = |dir: &str| source_folder_holding(root, Path::new(dir));
        assert_eq!(holding("/site/roles"), Some(ROLES_DIR));
        assert_eq!(holding("/site/roles/sub"), Some(ROLES_DIR));
        assert_eq!(holding("/site/themes/default"), Some(THEMES_DIR));
        assert_eq!(holding("/site/static"), Some(STATIC_DIR));
        assert_eq!(holding("/site/dist"), None);
        assert_eq!(holding("/site/rolesx"), None);
        assert_eq!(holding("/site"), None);
    }

    #[test]
    fn output_paths() {
        assert_eq!(role_page("x"), "roles/x/index.html");
        assert_eq!(role_url("x"), "roles/x/");
        assert_eq!(asset("style.css"), "assets/style.css");
        assert_eq!(overlong_name("roles/x/index.html"), None);
        let long = format!("roles/{}/index.html", "a".repeat(256));
        assert_eq!(overlong_name(&long).map(str::len), Some(256));
    }
}
