//! `candor import eml|mbox|msg|ics|csv`: reading files, a progress bar, the window.

use anyhow::{Context, Result};
use candor_core::import::{self, Format, Options, Report};
use candor_core::store::{Author, Store};
use candor_core::{Ids, time};
use chrono::{DateTime, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::PathBuf;

/// Import options: the recurrence window from `--from`/`--to` around `now`.
pub fn options(
    store: &Store,
    now: DateTime<Utc>,
    from: Option<&str>,
    to: Option<&str>,
) -> Result<Options> {
    let mut options = Options::around(now);
    let zone = store.time_zone()?;
    if let Some(f) = from {
        options.window.0 =
            time::parse_local(f, zone).with_context(|| format!("--from \"{f}\" is not a date"))?;
    }
    if let Some(t) = to {
        options.window.1 =
            time::parse_local(t, zone).with_context(|| format!("--to \"{t}\" is not a date"))?;
    }
    Ok(options)
}

/// A progress bar on standard error, drawn only when it is a terminal.
pub fn progress_bar(what: &str) -> ProgressBar {
    ProgressBar::new(0)
        .with_style(
            ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len}")
                .expect("a valid template")
                .progress_chars("=> "),
        )
        .with_message(what.to_owned())
}

/// Imports each file in turn (one transaction each), with a progress bar on stderr.
pub fn run(
    store: &mut Store,
    author: &Author,
    ids: &mut Ids,
    format: Format,
    files: &[PathBuf],
    options: &Options,
) -> Result<Vec<Report>> {
    let bar = progress_bar("");
    let mut progress = |file: &str, done: usize, total: usize| {
        bar.set_message(file.to_owned());
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        true
    };
    let reports = import::import_paths(
        store,
        author,
        ids,
        Some(format),
        files,
        options,
        &mut progress,
    )?;
    bar.finish_and_clear();
    Ok(reports)
}
