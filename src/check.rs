//! `rolemap check`: every problem a build would meet, without writing.
//!
//! Loads and validates the site, compiles the theme and renders every page
//! in memory, collecting all diagnostics (errors and warnings) rather than
//! stopping at the first, for authors, editors and CI.

use std::path::Path;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::load::load_site;
use crate::render::{DataCache, SiteView};
use crate::theme::Theme;

/// Everything wrong with the site at `root`, errors first, and the number of
/// roles checked (0 when the site could not be loaded).
pub fn check(root: &Path) -> (Vec<Diagnostic>, usize) {
    let site = match load_site(root) {
        Ok(site) => site,
        Err(invalid) => return (invalid.diagnostics, 0),
    };
    let mut found = site.warnings.clone();
    let theme = match Theme::load(&site.root, &site.config.theme) {
        Ok(theme) => theme,
        Err(problem) => {
            found.insert(0, problem);
            return (found, site.roles.len());
        }
    };
    let roles: Vec<_> = site.roles.iter().collect();
    let mut data = DataCache::default();
    if let Err(err) = data.update(&site.config, &roles) {
        found.insert(
            0,
            Diagnostic::for_path(Path::new("data/checker.json"), err.to_string()),
        );
        return (found, roles.len());
    }
    let view = SiteView::new(
        &site.config,
        roles.iter().map(|role| role.as_ref()).collect(),
        &data,
    );
    let render_errors: Vec<Diagnostic> = view
        .pages(&theme)
        .par_iter()
        .filter_map(|page| view.render(&theme, *page).err())
        .map(|err| {
            let template = Path::new("themes")
                .join(&site.config.theme)
                .join("templates")
                .join(&err.template);
            Diagnostic::for_path(
                &template,
                format!("rendering {} failed: {}", err.page, err.message),
            )
        })
        .collect();
    let checked = roles.len();
    found.splice(0..0, render_errors);
    (found, checked)
}
