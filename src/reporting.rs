//! `candor report`: render a week in an edition and format; optionally issue it.

use anyhow::{Context, Result, bail};
use candor_core::Ids;
use candor_core::report::{self, Edition, Format};
use candor_core::store::{Author, Store};
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
    let rendered = report::produce(store, &week, edition, format, now, &|json| {
        candor_pdf::pdf(json).map_err(|e| candor_core::Error::Render(format!("PDF: {e}")))
    })?;
    if args.issue {
        rendered.issuable(&args.to)?;
    }
    match &args.output {
        Some(path) => {
            rendered.save(path)?;
        }
        None if matches!(format, Format::Pdf | Format::Xlsx | Format::Csv) => {
            bail!("{} output needs -o PATH", format.as_str())
        }
        None => print!("{}", String::from_utf8_lossy(&rendered.files[0].1)),
    }
    if let Some(author) = author.filter(|_| args.issue) {
        let path = args
            .output
            .as_ref()
            .context("--issue needs -o PATH: the file that is sent")?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let key = rendered.issue(store, author, ids, &name, &args.to)?;
        eprintln!(
            "issued {} ({} {}) as {key}",
            path.display(),
            week,
            edition.as_str()
        );
    }
    Ok(())
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
                "{} is {} ({}) issued {recorded} to {}",
                path.display(),
                issued.describe(),
                issued.file_name,
                to.join(", ")
            );
            Ok(ExitCode::SUCCESS)
        }
        None => {
            println!(
                "{} is NOT a report, dossier or brief issued from this record (nothing issued has its SHA-256)",
                path.display()
            );
            Ok(ExitCode::FAILURE)
        }
    }
}
