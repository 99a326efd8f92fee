//! `candor report`: render a week in an edition and format; optionally issue it.

use anyhow::{Context, Result, bail};
use candor_core::report::{self, Edition, Format};
use candor_core::store::{Author, Store};
use candor_core::{Ids, Kind};
use chrono::Utc;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Arguments of `candor report`.
#[derive(clap::Args)]
pub struct ReportArgs {
    /// ISO week, e.g. 2026-W47 (default: the current week in the engagement's zone).
    #[arg(long)]
    week: Option<String>,
    /// client or internal.
    #[arg(long, default_value = "client")]
    edition: String,
    /// html, pdf, md, xlsx, csv (a folder of files) or json.
    #[arg(long, default_value = "html")]
    format: String,
    /// Where to write (a folder for csv); standard output when absent (text formats only).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Record that this file is sent to the `--to` people.
    #[arg(long, requires = "to")]
    issue: bool,
    /// A recipient (name, e-mail or key); repeat for each.
    #[arg(long, value_name = "PERSON")]
    to: Vec<String>,
}

impl ReportArgs {
    /// Whether the report is being issued (which needs an author).
    pub fn issuing(&self) -> bool {
        self.issue
    }
}

/// Renders the report and writes it; records it as issued when asked.
pub fn run(
    store: &mut Store,
    author: Option<&Author>,
    ids: &mut Ids,
    args: &ReportArgs,
) -> Result<()> {
    let now = Utc::now();
    let week = match &args.week {
        Some(w) => w.clone(),
        None => candor_core::time::iso_week_of(now, store.time_zone()?),
    };
    let edition = Edition::parse(&args.edition)
        .with_context(|| format!("--edition \"{}\" is not client or internal", args.edition))?;
    let format = Format::parse(&args.format).with_context(|| {
        format!(
            "--format \"{}\" is not html, pdf, md, xlsx, csv or json",
            args.format
        )
    })?;
    let built = report::build(store, &week, edition, now)?;
    let files = report::render(&built, format, &|json| {
        candor_pdf::pdf(json).map_err(|e| candor_core::Error::Refused(e.to_string()))
    })?;
    match (&args.output, format) {
        (Some(dir), Format::Csv) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            for (name, bytes) in &files {
                write(&dir.join(name), bytes)?;
            }
        }
        (Some(path), _) => write(path, &files[0].1)?,
        (None, Format::Pdf | Format::Xlsx | Format::Csv) => {
            bail!("{} output needs -o PATH", format.as_str())
        }
        (None, _) => print!("{}", String::from_utf8_lossy(&files[0].1)),
    }
    if let Some(author) = author.filter(|_| args.issue) {
        if format == Format::Csv {
            bail!("a CSV report is a folder of files: issue HTML, PDF, Markdown, XLSX or JSON");
        }
        let path = args
            .output
            .as_ref()
            .context("--issue needs -o PATH: the file that is sent")?;
        let recipients = args
            .to
            .iter()
            .map(|t| Ok(store.resolve(Kind::Person, t)?.key))
            .collect::<Result<Vec<_>>>()?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let key = report::issue(
            store,
            author,
            ids,
            &week,
            &args.edition,
            format.as_str(),
            &name,
            &files[0].1,
            &built.checkpoint,
            recipients,
        )?;
        eprintln!(
            "issued {} ({} {}) as {key}",
            path.display(),
            week,
            args.edition
        );
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}

/// `candor report verify FILE`: exit 0 when the file is exactly an issued report.
pub fn verify(store: &Store, path: &Path, bytes: &[u8]) -> Result<ExitCode> {
    match report::verify_file(store, bytes)? {
        Some((recorded, issued)) => {
            let to: Vec<String> = issued
                .recipients
                .iter()
                .map(|k| store.actor_name(k.as_str()))
                .collect::<candor_core::Result<_>>()?;
            println!(
                "{} is the {} {} report of {} ({}) issued {recorded} to {}",
                path.display(),
                issued.edition,
                issued.format,
                issued.week,
                issued.file_name,
                to.join(", ")
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            println!(
                "{} is NOT a report issued from this record (no issued report has its SHA-256)",
                path.display()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
