//! The readiness checker: how well a visitor's text fits each role.
//!
//! The algorithm is specified in `docs/checker.md`; this module is its Rust
//! implementation, and `themes/default/static/checker.js` is the browser's.
//! [`compile`] turns roles and settings into [`CheckerData`] at build time,
//! [`pack`] into the compact form pages and `data/checker.js` carry;
//! [`score`] matches a text against that data, for
//! `rolemap fit` and for the parity tests that keep the two sides equal.
//! A site edition in one language compiles with it (`compile_site_in`,
//! [`words::is_ordinary_word_in`]) and extends its negation terms with
//! [`languages::negation_terms_for`].

pub mod compile;
pub mod languages;
pub mod negation;
pub mod pack;
pub mod score;
pub mod text;
pub mod words;

pub use compile::{CheckRole, CheckerData, Settings, Synonyms};
pub use score::{rank, score, Analysis, RoleFit};

/// Makes JSON text safe inside a `<script>` element: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026`, so content containing
/// `</script>` cannot end the element early. The escapes only occur inside
/// JSON strings, where they mean the same characters.
pub fn escape_for_script(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
