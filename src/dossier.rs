//! `candor dossier MATTER`: everything on record about one matter, in an
//! edition and format; optionally issued.

use anyhow::{Context, Result, bail};
use candor_core::Ids;
use candor_core::dossier;
use candor_core::report::{Edition, Format};
use candor_core::store::{Author, Store};
use chrono::Utc;
use std::path::PathBuf;

/// Arguments of `candor dossier`.
#[derive(clap::Args)]
pub struct DossierArgs {
    /// The matter: its name (or enough of it) or key.
    matter: String,
    /// client (what was agreed and confirmed, no internal notes) or internal.
    #[arg(long, default_value = "client")]
    edition: String,
    /// html, pdf, md or json.
    #[arg(long, default_value = "html")]
    format: String,
    /// Read the record as known at this instant (RFC 3339; default: now).
    #[arg(long)]
    at: Option<String>,
    /// Where to write; standard output when absent (text formats only).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Record that this file is sent to the `--to` people.
    #[arg(long, requires = "to")]
    issue: bool,
    /// A recipient (name, e-mail or key); repeat for each.
    #[arg(long, value_name = "PERSON")]
    to: Vec<String>,
}

impl DossierArgs {
    /// Whether the dossier is being issued (which needs an author).
    pub fn issuing(&self) -> bool {
        self.issue
    }
}

/// Renders the dossier and writes it; records it as issued when asked.
pub fn run(
    store: &mut Store,
    author: Option<&Author>,
    ids: &mut Ids,
    args: &DossierArgs,
) -> Result<()> {
    let at = match &args.at {
        Some(t) => candor_core::time::parse(t)
            .with_context(|| format!("--at \"{t}\" is not an RFC 3339 instant"))?,
        None => Utc::now(),
    };
    let edition = Edition::parse(&args.edition)
        .with_context(|| format!("--edition \"{}\" is not client or internal", args.edition))?;
    let format = match Format::parse(&args.format) {
        Some(f @ (Format::Html | Format::Pdf | Format::Markdown | Format::Json)) => f,
        _ => bail!("--format \"{}\" is not html, pdf, md or json", args.format),
    };
    if args.issue && args.output.is_none() {
        bail!("--issue needs -o PATH: the file that is sent");
    }
    let rendered = dossier::produce(store, &args.matter, edition, format, at, &|json| {
        candor_pdf::pdf(json).map_err(|e| candor_core::Error::Render(format!("PDF: {e}")))
    })?;
    match &args.output {
        Some(path) => {
            rendered.save(path)?;
        }
        None if format == Format::Pdf => bail!("pdf output needs -o PATH"),
        None => print!("{}", String::from_utf8_lossy(&rendered.bytes)),
    }
    if let (Some(author), Some(path)) = (author.filter(|_| args.issue), &args.output) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let key = rendered.issue(store, author, ids, &name, &args.to)?;
        eprintln!(
            "issued {} ({} dossier of {}) as {key}",
            path.display(),
            edition.as_str(),
            rendered.dossier.matter
        );
    }
    Ok(())
}
