//! rolemap: a static site generator for career roadmaps.
//!
//! An author keeps one YAML file per job role under `roles/`; rolemap turns
//! them into a static site of role pages (key skills, a phased learning
//! roadmap, FAQs), an index, a sitemap and a JSON API. Data flows one way,
//! through one pipeline ([`build`]) that every command uses: [`load`] reads
//! and validates into [`model`] types, [`render`] turns them into pages
//! through a [`theme`], and [`output`] writes them. Every name on disk is
//! defined in [`layout`]. Problems are [`diagnostics::Diagnostic`]s with
//! file, line and column, rendered once, at the edge.
#![forbid(unsafe_code)]

pub mod build;
pub mod checker;
pub mod cv;
pub mod diagnostics;
pub mod fingerprint;
pub mod fit;
pub mod gaps;
pub mod i18n;
pub mod layout;
pub mod links;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod watch;
