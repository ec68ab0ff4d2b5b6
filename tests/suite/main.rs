//! rolemap's integration tests, in one test binary (as mdBook and ripgrep
//! do): each module drives the real `rolemap` binary, or the library, on
//! sites in temporary folders. Fixtures live beside this folder:
//! `tests/bad/` (invalid sites), `tests/checker/` (the shared checker
//! vectors and their Node runner), `tests/cv/` (a CV as text and as
//! Chromium printed it to PDF) and `tests/hostile/` (script in every
//! field).

mod common;

mod architecture;
mod bad_fixtures;
mod bad_input;
mod build;
mod check;
mod checker_vectors;
mod cli;
mod cv_files;
mod deploy;
mod feed;
mod fit;
mod gaps;
mod hostile;
mod languages;
mod links;
mod listing;
mod nothing_lost;
mod output;
mod pages;
mod properties;
mod repeat_build;
mod scaffold;
mod schema;
mod serve;
mod strings;
mod structured_data;
