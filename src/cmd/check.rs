//! `rolemap check`: every problem a build would meet, without writing;
//! with `--links`, every resource URL checked too.

use std::time::Duration;

use rolemap::build::BuildOptions;
use rolemap::diagnostics;
use rolemap::links;

use super::{count, site_root, Error, Global, Terminal};

/// Report every problem a build would meet, without writing anything.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Fail on warnings too (broken links among them).
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Also check every resource URL: http(s) ones over the network, paths
    /// within the site against the pages a build writes. Good results are
    /// kept in .rolemap-cache/links.json under the site.
    #[arg(long)]
    links: bool,
    /// Seconds each step of a link request may take: the name lookup,
    /// connecting, sending, waiting for the answer (1 to 120).
    #[arg(
        long,
        value_name = "SECONDS",
        requires = "links",
        default_value_t = links::DEFAULT_TIMEOUT_SECS,
        value_parser = clap::value_parser!(u64).range(links::TIMEOUT_SECS)
    )]
    links_timeout: u64,
    /// Days a good link is trusted before it is requested again (0 to 365;
    /// 0 requests every link). Broken links are always requested again.
    #[arg(
        long,
        value_name = "DAYS",
        requires = "links",
        default_value_t = links::DEFAULT_MAX_AGE_DAYS,
        value_parser = clap::value_parser!(u64).range(links::MAX_AGE_DAYS)
    )]
    links_max_age: u64,
}

/// How `check` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// Messages with the source line underlined.
    Human,
    /// One JSON document, for editors and CI.
    Json,
}

/// Runs `rolemap check`.
pub fn run(global: &Global, args: Args, terminal: &Terminal) -> Result<(), Error> {
    let root = site_root(global, terminal)?;
    let options = BuildOptions {
        root: root.clone(),
        ..BuildOptions::default()
    };
    let report = rolemap::build::check(&options);
    let mut list = report.diagnostics;
    let checked_links = args.links.then(|| {
        let options = links::Options {
            root,
            timeout: Duration::from_secs(args.links_timeout),
            max_age: Duration::from_secs(args.links_max_age * 24 * 60 * 60),
        };
        links::check(&report.links, &options)
    });
    if let Some(checked) = &checked_links {
        for problem in &checked.cache_problems {
            if !global.quiet {
                eprintln!("warning: {problem}");
            }
        }
        list.extend(checked.diagnostics.iter().cloned());
    }
    let errors = list.iter().filter(|d| d.is_error()).count();
    let warnings = list.len() - errors;
    match args.format {
        Format::Json => println!("{}", diagnostics::to_json(&list)),
        Format::Human => {
            terminal.diagnostics(&list);
            if !global.quiet || errors > 0 {
                eprintln!(
                    "checked {}: {}, {}",
                    count(report.roles, "role"),
                    count(errors, "error"),
                    count(warnings, "warning")
                );
            }
        }
    }
    match &checked_links {
        Some(checked) if checked.offline => terminal.note(
            "no network: no link's host could be resolved or reached, so the links were not checked",
        ),
        Some(checked) if args.format == Format::Human && !global.quiet => eprintln!(
            "{} checked, {} broken, {} from cache",
            count(checked.checked, "link"),
            checked.broken,
            checked.from_cache
        ),
        _ => {}
    }
    if errors > 0 || (args.strict && warnings > 0) {
        Err(Error::Reported)
    } else {
        Ok(())
    }
}
