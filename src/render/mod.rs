//! Rendering: from validated roles to the bytes of every output file.
//!
//! [`SiteView`] is computed once per build: the published roles, their index
//! cards grouped by category, and the site-wide template context. Pages are
//! then rendered independently (and in parallel by the caller), each with a
//! small context of its own; nothing here touches the disk.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;

use serde::Serialize;
use tera::Context;

mod data;
mod search;
mod structured;
mod xml;

use crate::i18n::Strings;
use crate::layout;
use crate::load::config::Config;
use crate::markdown::plain_text;
use crate::model::{Role, Slug};
use crate::progress;
use crate::theme::{error_chain, Theme};
pub use data::{DataCache, Document};
pub use search::SEARCH_DATA_PREFIX;
pub use xml::feed_exists;

/// Shown in `<meta name="generator">`.
pub const GENERATOR: &str = concat!("rolemap ", env!("CARGO_PKG_VERSION"));

/// Category of the roles that set none: it names the category's page
/// (`categories/other-roles/`) in every language, and is shown as the
/// strings table's `list_other_roles`.
const UNCATEGORISED: &str = "Other roles";

/// Most roles a listing page (the index, a category) shows; the rest are on
/// further pages, so no page grows with the site.
pub const ROLES_PER_PAGE: usize = 60;

/// Roles of each category the index names before linking to its page.
const CATEGORY_PREVIEW: usize = 6;

/// One page of the site.
#[derive(Debug, Clone, Copy)]
pub enum Page<'a> {
    /// `index.html`: the categories, and the first page of every role by title.
    Index,
    /// `page/<n>/index.html`: page `n` (from 2) of every role by title.
    RoleList(usize),
    /// `categories/<slug>/…`: page `n` (from 1) of a category's roles, by
    /// the category's slug.
    Category(&'a str, usize),
    /// `roles/<slug>/index.html`.
    Role(&'a Role),
    /// `404.html`.
    NotFound,
    /// `checker/index.html`: every role ranked for a pasted CV.
    Checker,
    /// `compare/index.html`: what one role needs beyond another.
    Compare,
}

impl Page<'_> {
    /// Where the page is written, relative to the output folder.
    pub fn output_path(&self) -> String {
        match self {
            Page::Index => layout::INDEX_PAGE.to_owned(),
            Page::RoleList(number) => layout::role_list_page(*number),
            Page::Category(slug, number) => layout::category_page(slug, *number),
            Page::Role(role) => role.page_path(),
            Page::NotFound => layout::NOT_FOUND_PAGE.to_owned(),
            Page::Checker => layout::CHECKER_PAGE.to_owned(),
            Page::Compare => layout::COMPARE_PAGE.to_owned(),
        }
    }

    fn template(&self) -> &'static str {
        match self {
            Page::Index => "index.html",
            Page::RoleList(_) | Page::Category(..) => "list.html",
            Page::Role(_) => "role.html",
            Page::NotFound => "404.html",
            Page::Checker => "checker.html",
            Page::Compare => "compare.html",
        }
    }
}

/// A template failed to render a page.
#[derive(Debug, thiserror::Error)]
#[error("rendering {page} with template '{template}' failed: {message}")]
pub struct RenderError {
    /// Output path of the page.
    pub page: String,
    /// Template that failed.
    pub template: String,
    /// Tera's explanation.
    pub message: String,
}

/// A role as the index and related-role lists show it.
#[derive(Debug, Serialize)]
struct Card<'a> {
    slug: &'a str,
    title: &'a str,
    category: Option<&'a str>,
    /// Its category's slug: the default language's category's, so a
    /// category has one address in every language.
    #[serde(skip)]
    category_slug: String,
    summary: &'a str,
    /// The summary rendered once, not once per page that lists the card.
    summary_html: &'a str,
    path: String,
    total_months: u32,
    /// Each phase's months, space-separated, for rescaling to a visitor's pace.
    phase_months: String,
    skill_count: usize,
    phase_count: usize,
    /// What a visitor can mark done: skills and milestones.
    mark_count: usize,
}

impl<'a> Card<'a> {
    /// The card of `role`, whose text in the default language is `original`.
    fn new(role: &'a Role, original: &Role, data: &'a DataCache) -> Self {
        Card {
            slug: role.slug.as_str(),
            title: &role.title,
            category: role.category.as_deref(),
            category_slug: anchor(original.category.as_deref().unwrap_or(UNCATEGORISED)),
            summary: &role.summary,
            summary_html: data.summary_html(role.slug.as_str()),
            path: role.page_path(),
            total_months: role.total_months(),
            phase_months: role
                .phases
                .iter()
                .map(|phase| phase.months.duration().to_string())
                .collect::<Vec<_>>()
                .join(" "),
            skill_count: role.skills.len(),
            phase_count: role.phases.len(),
            mark_count: role.skills.len()
                + role
                    .phases
                    .iter()
                    .map(|phase| phase.milestones.len())
                    .sum::<usize>(),
        }
    }
}

/// A category as listing pages name it: its page, how many roles it has,
/// and the first few.
#[derive(Debug, Serialize)]
struct CategoryView<'a> {
    name: &'a str,
    /// Its first page, relative to the site root.
    path: String,
    count: usize,
    first: Vec<&'a Card<'a>>,
}

/// The roles of one category, grouped once per build.
struct CategoryGroup<'a> {
    name: &'a str,
    slug: String,
    /// Indices into the cards, in title order.
    cards: Vec<usize>,
}

/// Where a listing page is among its pages, for the pager and `rel` links
/// (paths relative to the site root).
#[derive(Debug, Serialize)]
struct Pager {
    number: usize,
    count: usize,
    prev: Option<String>,
    next: Option<String>,
}

/// A listing page beyond the index: which list, and its page of cards.
#[derive(Debug, Serialize)]
struct ListView<'a> {
    /// The category's name, or none for the list of every role.
    category: Option<&'a str>,
    /// How many roles the whole list has.
    total: usize,
    /// Positions of the first and last cards shown, from 1.
    first: usize,
    last: usize,
    cards: Vec<&'a Card<'a>>,
}

#[derive(Debug, Serialize)]
struct SiteContext<'a> {
    title: &'a str,
    description: &'a str,
    language: &'a str,
    base_url: &'a str,
    hours_per_week: u8,
}

#[derive(Debug, Serialize)]
struct PageContext<'a> {
    title: &'a str,
    description: String,
    canonical: String,
}

/// One of the site's languages, as the language switcher and the
/// `hreflang` alternates name it.
#[derive(Debug, Clone)]
pub struct LanguageInfo {
    /// Its BCP 47 tag.
    pub tag: String,
    /// Where its pages are, from the output root: `""` or `de/`.
    pub prefix: String,
    /// Its name in itself (`Deutsch`), for the switcher.
    pub name: String,
}

/// The site's languages, shared by every language's view.
#[derive(Debug, Clone)]
pub struct Languages {
    /// The default language first.
    pub list: Vec<LanguageInfo>,
    /// The site's own base URL (a language's view has its folder's).
    pub site_base: crate::load::config::BaseUrl,
    /// For each role with a translation, the languages (indices into
    /// `list`) it has one in; the default language always has the role.
    pub translated: HashMap<String, Vec<usize>>,
}

impl Languages {
    /// Whether role `slug` has its own text in language `index`.
    fn has_role(&self, index: usize, slug: &str) -> bool {
        index == 0
            || self
                .translated
                .get(slug)
                .is_some_and(|found| found.contains(&index))
    }
}

/// A page of another language, for the switcher (`href` from this page)
/// and the `hreflang` alternates (`url`, absolute when the base URL is).
#[derive(Debug, Serialize)]
struct Alternate<'a> {
    tag: &'a str,
    name: &'a str,
    href: String,
    url: String,
    current: bool,
    /// Whether the page there is in its language (a role page without a
    /// translation shows the default language's text), so an `hreflang`
    /// alternate.
    translated: bool,
}

/// Everything computed once per build and shared by all pages.
pub struct SiteView<'a> {
    config: &'a Config,
    /// The site's languages, and which of them this view renders.
    languages: &'a Languages,
    language: usize,
    /// The default language's roles by slug, when this view is another
    /// language's: progress keys come from their text.
    originals: HashMap<&'a str, &'a Role>,
    /// Roles that are built (drafts only on request), sorted by slug.
    pub roles: Vec<&'a Role>,
    cards: Vec<Card<'a>>,
    /// Index into `cards` by slug, for related-role links.
    card_by_slug: HashMap<&'a str, usize>,
    /// Indices into `cards` in title order (case-insensitive, then slug).
    title_order: Vec<usize>,
    /// The categories in alphabetical order, roles without one last.
    categories: Vec<CategoryGroup<'a>>,
    /// Serialised per-role data for the JSON files and embedded checker data.
    data: &'a DataCache,
    /// The interface text of the pages' language.
    strings: &'a Strings,
    base: Context,
}

impl<'a> SiteView<'a> {
    /// Prepares the shared view of `roles` (already filtered for drafts).
    /// `data` must be up to date for `roles` (see [`DataCache::update`]).
    pub fn new(
        config: &'a Config,
        roles: Vec<&'a Role>,
        data: &'a DataCache,
        strings: &'a Strings,
        languages: &'a Languages,
        language: usize,
        originals: &[&'a Role],
    ) -> Self {
        let mut base = Context::new();
        // The interface text: `{{ t.nav_all_roles }}`, and plurals for `fill`.
        base.insert("t", &strings.context());
        base.insert(
            "site",
            &SiteContext {
                title: &config.title,
                description: &config.description,
                language: &config.language,
                base_url: config.base_url.as_str(),
                hours_per_week: config.hours_per_week,
            },
        );
        base.insert("generator", GENERATOR);
        // Where a role's page is, for scripts that link roles by slug.
        base.insert("role_page_pattern", &layout::role_page("{slug}"));
        base.insert("search_data", layout::SEARCH_DATA);
        base.insert("compare_page", layout::COMPARE_PAGE);
        if xml::feed_exists(config, &roles) {
            // The feed's path from the site root, for the pages' `<head>`.
            base.insert("feed", layout::FEED);
        }
        let originals: HashMap<&'a str, &'a Role> = if language == 0 {
            HashMap::new()
        } else {
            originals
                .iter()
                .map(|role| (role.slug.as_str(), *role))
                .collect()
        };
        let cards: Vec<Card> = roles
            .iter()
            .map(|role| {
                let original = originals.get(role.slug.as_str()).copied().unwrap_or(role);
                Card::new(role, original, data)
            })
            .collect();
        let card_by_slug = cards
            .iter()
            .enumerate()
            .map(|(i, card)| (card.slug, i))
            .collect();
        let mut title_order: Vec<usize> = (0..cards.len()).collect();
        title_order.sort_by_cached_key(|&i| (cards[i].title.to_lowercase(), cards[i].slug));
        let categories = group_by_category(&cards, &title_order);
        SiteView {
            config,
            languages,
            language,
            originals,
            roles,
            cards,
            card_by_slug,
            title_order,
            categories,
            data,
            strings,
            base,
        }
    }

    /// Every page to render. The checker page exists when the theme has a
    /// `checker.html` template.
    pub fn pages(&self, theme: &Theme) -> Vec<Page<'_>> {
        let mut pages = vec![Page::Index, Page::NotFound];
        pages.extend((2..=page_count(self.cards.len())).map(Page::RoleList));
        for group in &self.categories {
            pages.extend(
                (1..=page_count(group.cards.len())).map(|n| Page::Category(&group.slug, n)),
            );
        }
        for page in [Page::Checker, Page::Compare] {
            if theme.has_template(page.template()) {
                pages.push(page);
            }
        }
        pages.extend(self.roles.iter().map(|role| Page::Role(role)));
        pages
    }

    /// Where this view's language puts `page`, relative to the output
    /// folder: `de/roles/x/index.html` for German.
    pub fn output_path(&self, page: &Page<'_>) -> String {
        layout::in_language(self.prefix(), &page.output_path())
    }

    /// Where this view's language puts `path` (relative to the output root).
    pub fn localised(&self, path: &str) -> String {
        layout::in_language(self.prefix(), path)
    }

    /// This view's language tag.
    pub fn language(&self) -> &str {
        &self.languages.list[self.language].tag
    }

    /// This view's folder in the output: `""` or `de/`.
    fn prefix(&self) -> &str {
        &self.languages.list[self.language].prefix
    }

    /// Renders one page to HTML with `tera`, the theme's templates with
    /// this view's language's filters ([`crate::i18n::Strings::register`]).
    pub fn render(&self, tera: &tera::Tera, page: Page<'_>) -> Result<String, RenderError> {
        let failed = |message: String| RenderError {
            page: self.output_path(&page),
            template: page.template().to_owned(),
            message,
        };
        let context = self.context(page);
        let html = tera
            .render(page.template(), &context)
            .map_err(|err| failed(error_chain(&err)))?;
        Ok(html)
    }

    fn context(&self, page: Page<'_>) -> Context {
        let mut context = self.base.clone();
        let path = page.output_path();
        let (root, home) = match page {
            // The 404 page is served at any URL, so its links start from the site's path.
            Page::NotFound => (
                self.languages.site_base.path().to_owned(),
                self.config.base_url.path().to_owned(),
            ),
            _ => {
                let root = layout::root_of(&self.output_path(&page));
                let home = format!("{root}{}", self.prefix());
                (root, home)
            }
        };
        let (title, description) = self.title_and_description(page);
        let canonical_path = match page {
            Page::NotFound => layout::NOT_FOUND_PAGE.to_owned(),
            _ => layout::page_url(&path),
        };
        let shown_in_default = match page {
            Page::Role(role) => !self.languages.has_role(self.language, role.slug.as_str()),
            _ => false,
        };
        if self.languages.list.len() > 1 {
            context.insert("languages", &self.alternates(page, &root, &canonical_path));
        }
        if shown_in_default {
            // The text is the default language's, inside this language's pages.
            context.insert("content_language", &self.languages.list[0].tag);
        }
        context.insert("root", &root);
        context.insert("home", &home);
        match page {
            Page::Index => {
                let first = self.page_of(&self.title_order, 1);
                context.insert(
                    "structured_data",
                    &structured::index_page(
                        self.config,
                        first
                            .iter()
                            .map(|card| (layout::role_url(card.slug), card.title)),
                    ),
                );
                context.insert("categories", &self.category_views());
                context.insert("role_count", &self.cards.len());
                context.insert("roles", &first);
                context.insert("pager", &self.pager(None, 1));
            }
            Page::RoleList(number) => {
                context.insert("list", &self.list_view(None, &self.title_order, number));
                context.insert("pager", &self.pager(None, number));
            }
            Page::Category(slug, number) => {
                if let Some(group) = self.category(slug) {
                    context.insert(
                        "list",
                        &self.list_view(Some(self.shown(group.name)), &group.cards, number),
                    );
                }
                context.insert("pager", &self.pager(Some(slug), number));
            }
            Page::NotFound => {
                context.insert("categories", &self.category_views());
            }
            Page::Role(role) => {
                let category = self.shown(role.category.as_deref().unwrap_or(UNCATEGORISED));
                let category_path = match self.card(&role.slug) {
                    Some(card) => layout::category_page(&card.category_slug, 1),
                    None => layout::category_page(&anchor(category), 1),
                };
                context.insert(
                    "structured_data",
                    &structured::role_page(
                        self.config,
                        role,
                        &description,
                        (category, &layout::page_url(&category_path)),
                        if shown_in_default {
                            &self.languages.list[0].tag
                        } else {
                            self.language()
                        },
                    ),
                );
                context.insert("category_path", &category_path);
                context.insert("role", &RoleView::new(role, self));
                context.insert("checker_json", &self.data.page_data(role.slug.as_str()));
            }
            Page::Compare => {
                context.insert("checker_data", layout::CHECKER_DATA);
            }
            Page::Checker => {
                context.insert("categories", &self.category_views());
                context.insert("role_count", &self.cards.len());
                // Every role's data is one shared script, not page content.
                context.insert("checker_data", layout::CHECKER_DATA);
            }
        }
        context.insert(
            "page",
            &PageContext {
                title: &title,
                description,
                canonical: if shown_in_default {
                    // The same text is the default language's page.
                    self.languages.site_base.join(&canonical_path)
                } else {
                    self.config.base_url.join(&canonical_path)
                },
            },
        );
        context
    }

    /// The page in every language: the switcher links and `hreflang`.
    fn alternates(&self, page: Page<'_>, root: &str, canonical_path: &str) -> Vec<Alternate<'_>> {
        let here = match page {
            // Served at any address: the switcher leads to each language's home.
            Page::NotFound => String::new(),
            // The file itself, so the link also works from `file://`.
            _ => page.output_path(),
        };
        self.languages
            .list
            .iter()
            .enumerate()
            .map(|(index, language)| Alternate {
                tag: &language.tag,
                name: &language.name,
                href: format!("{root}{}{here}", language.prefix),
                url: self
                    .languages
                    .site_base
                    .join(&format!("{}{canonical_path}", language.prefix)),
                current: index == self.language,
                translated: match page {
                    Page::Role(role) => self.languages.has_role(index, role.slug.as_str()),
                    _ => true,
                },
            })
            .collect()
    }

    /// A page's title and meta description.
    fn title_and_description(&self, page: Page<'_>) -> (String, String) {
        let t = self.strings;
        let list_title = |name: &str, number: usize, total: usize| match page_count(total) {
            1 => name.to_owned(),
            count => t.fill(
                "list_title_paged",
                &[
                    ("name", name),
                    ("n", &t.number(number)),
                    ("count", &t.number(count)),
                ],
            ),
        };
        let text = |key: &str| t.text(key).to_owned();
        match page {
            Page::Index => (self.config.title.clone(), self.config.description.clone()),
            Page::RoleList(number) => (
                list_title(t.text("list_all_roles"), number, self.cards.len()),
                t.fill("list_all_description", &[("site", &self.config.title)]),
            ),
            Page::Category(slug, number) => {
                let total = self.category_size(slug);
                let name = self
                    .category(slug)
                    .map_or("", |group| self.shown(group.name));
                let counted = t.count("list_category_description", total);
                (
                    list_title(name, number, total),
                    t.fill_in(&counted, &[("name", name)]),
                )
            }
            Page::NotFound => (text("page_not_found"), text("page_not_found_description")),
            Page::Role(role) => (role.title.clone(), plain_text(&role.summary)),
            Page::Compare => (text("compare_title"), text("compare_description")),
            Page::Checker => (text("checker_title"), text("checker_page_description")),
        }
    }

    /// A category's name as pages show it: the roles without one are
    /// "Other roles" in the pages' language.
    fn shown<'n>(&'n self, name: &'n str) -> &'n str {
        if name == UNCATEGORISED {
            self.strings.text("list_other_roles")
        } else {
            name
        }
    }

    /// The category whose slug is `slug`.
    fn category(&self, slug: &str) -> Option<&CategoryGroup<'a>> {
        self.categories.iter().find(|group| group.slug == slug)
    }

    fn category_size(&self, slug: &str) -> usize {
        self.category(slug).map_or(0, |group| group.cards.len())
    }

    /// Page `number` (from 1) of a list of card indices.
    fn page_of(&self, members: &[usize], number: usize) -> Vec<&Card<'a>> {
        members
            .iter()
            .skip((number.max(1) - 1) * ROLES_PER_PAGE)
            .take(ROLES_PER_PAGE)
            .map(|&i| &self.cards[i])
            .collect()
    }

    fn list_view(
        &self,
        category: Option<&'a str>,
        members: &[usize],
        number: usize,
    ) -> ListView<'_> {
        let cards = self.page_of(members, number);
        let first = (number.max(1) - 1) * ROLES_PER_PAGE + 1;
        ListView {
            category,
            total: members.len(),
            first,
            last: first + cards.len().saturating_sub(1),
            cards,
        }
    }

    /// The pager of page `number` of every role (`category` none) or of a category.
    fn pager(&self, category: Option<&str>, number: usize) -> Pager {
        let total = category.map_or(self.cards.len(), |slug| self.category_size(slug));
        let count = page_count(total);
        let path = |n: usize| match category {
            Some(slug) => layout::category_page(slug, n),
            None => layout::role_list_page(n),
        };
        Pager {
            number,
            count,
            prev: (number > 1).then(|| path(number - 1)),
            next: (number < count).then(|| path(number + 1)),
        }
    }

    /// Every category with its count and first roles.
    fn category_views(&self) -> Vec<CategoryView<'_>> {
        self.categories
            .iter()
            .map(|group| CategoryView {
                name: self.shown(group.name),
                path: layout::category_page(&group.slug, 1),
                count: group.cards.len(),
                first: self
                    .page_of(&group.cards, 1)
                    .into_iter()
                    .take(CATEGORY_PREVIEW)
                    .collect(),
            })
            .collect()
    }

    /// The default language's text of `role`: itself, unless it is a
    /// translation.
    fn original(&self, role: &'a Role) -> &'a Role {
        self.originals
            .get(role.slug.as_str())
            .copied()
            .unwrap_or(role)
    }

    fn card(&self, slug: &Slug) -> Option<&Card<'a>> {
        self.card_by_slug
            .get(slug.as_str())
            .map(|&i| &self.cards[i])
    }

    /// This language's entries of `sitemap.xml`: the listing pages, the
    /// checker and comparison pages when the theme has them (they change
    /// with the newest role), and every role page in this language's text
    /// (one showing the default language's text is that page's duplicate).
    fn sitemap_entries(&self, theme: &Theme) -> Vec<(String, Option<crate::model::Date>)> {
        let newest = self.roles.iter().filter_map(|role| role.updated).max();
        let listings = self
            .pages(theme)
            .into_iter()
            .filter(|page| !matches!(page, Page::Role(_) | Page::NotFound))
            .map(|page| (layout::page_url(&page.output_path()), newest));
        let roles = self
            .roles
            .iter()
            .filter(|role| self.languages.has_role(self.language, role.slug.as_str()))
            .map(|role| (role.url_path(), role.updated));
        listings
            .chain(roles)
            .map(|(path, updated)| (self.config.base_url.join(&path), updated))
            .collect()
    }

    /// `atom.xml`: the roles with an `updated` date, newest first; `None`
    /// when there is no feed (see [`xml`]).
    pub fn feed(&self) -> Option<String> {
        xml::atom(self.config, &self.roles)
    }

    /// `robots.txt`: everything may be crawled; the sitemap's address
    /// when there is a sitemap.
    pub fn robots(&self) -> String {
        let base = &self.languages.site_base;
        let mut robots = String::from("User-agent: *\nAllow: /\n");
        if base.is_absolute() {
            let _ = write!(robots, "\nSitemap: {}\n", base.join(layout::SITEMAP));
        }
        robots
    }

    fn slugs(&self) -> impl Iterator<Item = &str> {
        self.roles.iter().map(|role| role.slug.as_str())
    }

    /// `data/checker.js`: every role's matching data, packed.
    pub fn checker_data(&self) -> Result<Document<'_>, serde_json::Error> {
        Ok(Document::whole(self.data.checker_data(self.slugs())?))
    }

    /// `data/search.js`: the search index of every role.
    pub fn search_data(&self) -> Result<Document<'_>, serde_json::Error> {
        Ok(Document::whole(search::search_script(&self.roles)?))
    }

    /// `data/roles.json`: the index of the roles for other tools, one
    /// role a line.
    pub fn roles_json(&self) -> Document<'_> {
        self.data.roles_json(self.slugs())
    }

    /// A role's own JSON file, written beside its page.
    pub fn role_json(&self, role: &Role) -> Result<String, serde_json::Error> {
        self.data.role_json(self.config, role)
    }
}

/// `sitemap.xml` of every language's pages, `views` the default
/// language's first, with lastmod from `updated`. `None` when `base_url`
/// names no host: a sitemap's addresses must be absolute, and search
/// engines ignore one of bare paths.
pub fn sitemap(views: &[SiteView<'_>], theme: &Theme) -> Option<String> {
    let first = views.first()?;
    if !first.languages.site_base.is_absolute() {
        return None;
    }
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (url, updated) in views.iter().flat_map(|view| view.sitemap_entries(theme)) {
        let _ = write!(xml, "  <url><loc>{}</loc>", xml::escape(&url));
        if let Some(date) = updated {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// A role page's view of its role: model fields plus what templates need
/// derived (months, importance, which phase teaches a skill, related cards).
#[derive(Serialize)]
struct RoleView<'a> {
    slug: &'a str,
    title: &'a str,
    category: Option<&'a str>,
    summary: &'a str,
    description: Option<&'a str>,
    titles: &'a [String],
    updated: Option<String>,
    total_months: u32,
    path: String,
    skills: Vec<SkillView<'a>>,
    phases: Vec<PhaseView<'a>>,
    faqs: &'a [crate::model::Faq],
    related: Vec<&'a Card<'a>>,
}

#[derive(Serialize)]
struct SkillView<'a> {
    id: &'a str,
    name: &'a str,
    detail: Option<&'a str>,
    weight: u8,
    importance: crate::model::Importance,
    importance_label: &'a str,
    phase: Option<u32>,
}

#[derive(Serialize)]
struct PhaseView<'a> {
    number: u32,
    /// Its identity for a visitor's progress ([`crate::progress`]).
    key: String,
    title: &'a str,
    duration_months: u32,
    start_month: u32,
    end_month: u32,
    summary: Option<&'a str>,
    skills: Vec<SkillRef<'a>>,
    milestones: Vec<MilestoneView<'a>>,
    resources: Vec<ResourceView<'a>>,
}

/// A milestone and its identity for a visitor's progress ([`crate::progress`]).
#[derive(Serialize)]
struct MilestoneView<'a> {
    key: String,
    text: &'a str,
}

/// A learning resource, with the host it leads to for external links.
#[derive(Serialize)]
struct ResourceView<'a> {
    title: &'a str,
    url: &'a str,
    /// `doc.rust-lang.org` for `https://www.doc.rust-lang.org/book/`;
    /// `None` for links within the site.
    host: Option<String>,
}

impl<'a> ResourceView<'a> {
    fn new(resource: &'a crate::model::Resource) -> Self {
        ResourceView {
            title: &resource.title,
            url: &resource.url,
            host: external_host(&resource.url),
        }
    }
}

/// The host of an http(s) URL, without `www.`.
fn external_host(url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = url.host_str()?;
    Some(host.strip_prefix("www.").unwrap_or(host).to_owned())
}

#[derive(Serialize)]
struct SkillRef<'a> {
    id: &'a str,
    name: &'a str,
}

impl<'a> RoleView<'a> {
    fn new(role: &'a Role, site: &'a SiteView<'a>) -> Self {
        let skills = role
            .skills
            .iter()
            .map(|skill| SkillView {
                id: skill.id.as_str(),
                name: &skill.name,
                detail: skill.detail.as_deref(),
                weight: skill.weight.get(),
                importance: skill.weight.importance(),
                importance_label: site.strings.text(skill.weight.importance().label_key()),
                phase: role.phase_teaching(&skill.id).map(|phase| phase.number),
            })
            .collect();
        // A translation's progress is its role's: keyed by the default
        // language's text, position by position, where the phases match.
        let original = site.original(role);
        let same_phases = original.phases.len() == role.phases.len();
        let same_milestones = same_phases
            && original
                .phases
                .iter()
                .zip(&role.phases)
                .all(|(a, b)| a.milestones.len() == b.milestones.len());
        let keyed = |same: bool| if same { original } else { role };
        let mut milestone_keys = progress::milestone_keys(
            keyed(same_milestones)
                .phases
                .iter()
                .flat_map(|phase| phase.milestones.iter().map(String::as_str)),
        )
        .into_iter();
        let phase_keys = progress::phase_keys(
            keyed(same_phases)
                .phases
                .iter()
                .map(|phase| phase.title.as_str()),
        );
        let phases = role
            .phases
            .iter()
            .zip(phase_keys)
            .map(|(phase, key)| PhaseView {
                number: phase.number,
                key,
                title: &phase.title,
                duration_months: phase.months.duration(),
                start_month: phase.months.start,
                end_month: phase.months.end,
                summary: phase.summary.as_deref(),
                skills: phase
                    .skills
                    .iter()
                    .filter_map(|id| role.skill(id))
                    .map(|skill| SkillRef {
                        id: skill.id.as_str(),
                        name: &skill.name,
                    })
                    .collect(),
                milestones: phase
                    .milestones
                    .iter()
                    .zip(milestone_keys.by_ref())
                    .map(|(text, key)| MilestoneView { key, text })
                    .collect(),
                resources: phase.resources.iter().map(ResourceView::new).collect(),
            })
            .collect();
        RoleView {
            slug: role.slug.as_str(),
            title: &role.title,
            category: role.category.as_deref(),
            summary: &role.summary,
            description: role.description.as_deref(),
            titles: &role.titles,
            updated: role.updated.map(|date| date.to_string()),
            total_months: role.total_months(),
            path: role.page_path(),
            skills,
            phases,
            faqs: &role.faqs,
            // A related draft is not built unless drafts are, so it is not linked.
            related: role
                .related
                .iter()
                .filter_map(|slug| site.card(slug))
                .collect(),
        }
    }
}

/// The listing pages beyond the index of a site whose roles have these
/// categories, as [`SiteView::pages`] lists them: pages 2… of every role,
/// and each category's pages (a category is named by its slug).
pub fn listing_paths<'r>(
    categories: impl IntoIterator<Item = Option<&'r str>>,
) -> BTreeSet<String> {
    let mut sizes: BTreeMap<String, usize> = BTreeMap::new();
    let mut total = 0;
    for category in categories {
        total += 1;
        *sizes
            .entry(anchor(category.unwrap_or(UNCATEGORISED)))
            .or_default() += 1;
    }
    let mut paths: BTreeSet<String> = (2..=page_count(total))
        .map(layout::role_list_page)
        .collect();
    for (slug, size) in sizes {
        paths.extend((1..=page_count(size)).map(|n| layout::category_page(&slug, n)));
    }
    paths
}

/// How many listing pages `roles` roles take (at least one).
fn page_count(roles: usize) -> usize {
    roles.div_ceil(ROLES_PER_PAGE).max(1)
}

/// The categories in alphabetical order, roles without one last; names
/// with the same slug (`Data & AI`, `Data AI`) are one category, named as
/// its first role in title order has it.
fn group_by_category<'a>(cards: &[Card<'a>], title_order: &[usize]) -> Vec<CategoryGroup<'a>> {
    let mut groups: BTreeMap<(bool, String), CategoryGroup<'a>> = BTreeMap::new();
    let uncategorised = anchor(UNCATEGORISED);
    for &i in title_order {
        let card = &cards[i];
        let name = card.category.unwrap_or(UNCATEGORISED);
        let slug = &card.category_slug;
        groups
            .entry((*slug == uncategorised, slug.clone()))
            .or_insert_with(|| CategoryGroup {
                name,
                slug: slug.clone(),
                cards: Vec::new(),
            })
            .cards
            .push(i);
    }
    groups.into_values().collect()
}

/// An HTML id for a category: `Data & AI` → `data-ai`.
fn anchor(name: &str) -> String {
    Slug::suggest(name).unwrap_or_else(|| "roles".to_owned())
}

#[cfg(test)]
mod tests {
    use super::external_host;

    #[test]
    fn only_external_links_have_a_host() {
        assert_eq!(
            external_host("https://www.doc.rust-lang.org/book/"),
            Some("doc.rust-lang.org".to_owned())
        );
        assert_eq!(
            external_host("HTTP://example.org"),
            Some("example.org".to_owned())
        );
        assert_eq!(external_host("../../guide/intro.html"), None);
        assert_eq!(external_host("/guide/intro.html"), None);
        assert_eq!(external_host("notes/start.html"), None);
    }
}
