//! HTML, Markdown and JSON renditions of a dossier (PDF through the host's
//! typesetter), and issuing one. Same dossier, same bytes.

use super::model::Dossier;
use crate::error::{Error, Result};
use crate::key::{Ids, Key};
use crate::model::IssuedReport;
use crate::report::{Edition, Format, Pdf, record_issue};
use crate::store::{Author, Store};
use chrono::{DateTime, Utc};
use minijinja::{Environment, Value, context};
use std::path::{Path, PathBuf};

const HTML: &str = include_str!("../../templates/dossier.html");
const MARKDOWN: &str = include_str!("../../templates/dossier.md");

fn render_template(name: &str, source: &str, dossier: &Dossier) -> Result<String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            minijinja::AutoEscape::Html
        } else {
            minijinja::AutoEscape::None
        }
    });
    env.add_filter("md", |s: String| s.replace('|', "\\|").replace('\n', " "));
    env.add_template(name, source)
        .map_err(|e| Error::Render(format!("dossier template {name}: {e}")))?;
    let template = env
        .get_template(name)
        .map_err(|e| Error::Render(e.to_string()))?;
    template
        .render(context! { r => Value::from(minijinja::value::Serde(dossier)) })
        .map_err(|e| Error::Render(format!("dossier template {name}: {e}")))
}

/// A self-contained, printable HTML document (inline CSS, no scripts, no remote content).
pub fn html(dossier: &Dossier) -> Result<String> {
    render_template("dossier.html", HTML, dossier)
}

/// Markdown: the positions and flags as tables, the timeline as sections.
pub fn markdown(dossier: &Dossier) -> Result<String> {
    render_template("dossier.md", MARKDOWN, dossier)
}

/// Pretty JSON with a trailing newline (the dossier's own field order).
pub fn json(dossier: &Dossier) -> String {
    serde_json::to_string_pretty(dossier).expect("a dossier serialises") + "\n"
}

/// A dossier rendered in one format.
pub struct Rendered {
    pub dossier: Dossier,
    pub format: Format,
    /// The suggested file name ("invoice-cut-off-client-dossier.pdf").
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// Builds the dossier of `matter` for `edition` as known at `at` and renders
/// it as HTML, PDF, Markdown or JSON (a dossier is a document, not tables:
/// XLSX and CSV are refused).
pub fn produce(
    store: &Store,
    matter: &str,
    edition: Edition,
    format: Format,
    at: DateTime<Utc>,
    pdf: Pdf<'_>,
) -> Result<Rendered> {
    let dossier = super::build(store, matter, edition, at)?;
    let bytes = match format {
        Format::Html => html(&dossier)?.into_bytes(),
        Format::Markdown => markdown(&dossier)?.into_bytes(),
        Format::Json => json(&dossier).into_bytes(),
        Format::Pdf => pdf(&json(&dossier))?,
        Format::Xlsx | Format::Csv => {
            return Err(Error::input(
                "format",
                "a dossier is rendered as html, pdf, md or json",
            ));
        }
    };
    let slug: String = dossier
        .matter
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let file_name = format!("{slug}-{}-dossier.{}", edition.as_str(), format.as_str());
    Ok(Rendered {
        dossier,
        format,
        file_name,
        bytes,
    })
}

impl Rendered {
    /// Writes the rendering to `path`.
    pub fn save(&self, path: &Path) -> Result<PathBuf> {
        std::fs::write(path, &self.bytes).map_err(|e| {
            Error::Io(std::io::Error::new(
                e.kind(),
                format!("cannot write {}: {e}", path.display()),
            ))
        })?;
        Ok(path.to_owned())
    }

    /// Records that this rendering, saved as `file_name`, was sent to
    /// `recipients` (names, e-mail addresses or keys of people). One
    /// transaction; the recipients are checked inside it.
    pub fn issue(
        &self,
        store: &mut Store,
        author: &Author,
        ids: &mut Ids,
        file_name: &str,
        recipients: &[String],
    ) -> Result<Key> {
        if recipients.is_empty() {
            return Err(Error::Refused(
                "an issued dossier names at least one recipient".into(),
            ));
        }
        let record = IssuedReport {
            document: "dossier".into(),
            subject: Some(Key::from(self.dossier.key.as_str())),
            title: self.dossier.matter.clone(),
            edition: self.dossier.edition.as_str().to_owned(),
            format: self.format.as_str().to_owned(),
            checkpoint: self.dossier.checkpoint.clone(),
            ..IssuedReport::default()
        };
        record_issue(
            store,
            author,
            ids,
            record,
            file_name,
            &self.bytes,
            recipients,
        )
    }
}
