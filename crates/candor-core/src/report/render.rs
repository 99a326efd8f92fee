//! HTML, Markdown and JSON renditions of a report. Same report, same bytes.

use super::model::Report;
use crate::error::{Error, Result};
use minijinja::{Environment, Value, context};

const HTML: &str = include_str!("../../templates/report.html");
const MARKDOWN: &str = include_str!("../../templates/report.md");

fn render_template(name: &str, source: &str, report: &Report, extra: Value) -> Result<String> {
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
        .map_err(|e| Error::Render(format!("report template {name}: {e}")))?;
    let template = env
        .get_template(name)
        .map_err(|e| Error::Render(e.to_string()))?;
    template
        .render(context! { r => Value::from(minijinja::value::Serde(report)), extra => extra })
        .map_err(|e| Error::Render(format!("report template {name}: {e}")))
}

/// A self-contained, printable HTML document (inline CSS and SVG charts, no scripts, no remote content).
pub fn html(report: &Report) -> Result<String> {
    let charts = context! {
        per_day => Value::from_safe_string(super::svg::per_day(&report.charts)),
        cadence => Value::from_safe_string(super::svg::cadence(&report.charts)),
    };
    render_template("report.html", HTML, report, charts)
}

/// Markdown, tables per section.
pub fn markdown(report: &Report) -> Result<String> {
    render_template("report.md", MARKDOWN, report, Value::UNDEFINED)
}

/// Pretty JSON with a trailing newline (the report's own field order).
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report serialises") + "\n"
}

/// The formats a report renders to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Html,
    Pdf,
    Markdown,
    Xlsx,
    Csv,
    Json,
}

impl Format {
    /// Every format, in the order they are offered.
    pub const ALL: [Format; 6] = [
        Format::Html,
        Format::Pdf,
        Format::Markdown,
        Format::Xlsx,
        Format::Csv,
        Format::Json,
    ];

    /// What a person calls it ("Excel (XLSX)").
    pub fn label(self) -> &'static str {
        match self {
            Format::Html => "HTML",
            Format::Pdf => "PDF",
            Format::Markdown => "Markdown",
            Format::Xlsx => "Excel (XLSX)",
            Format::Csv => "CSV (folder)",
            Format::Json => "JSON",
        }
    }

    /// Parses `html`, `pdf`, `md`, `xlsx`, `csv` or `json`.
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s.to_ascii_lowercase().as_str() {
            "html" => Format::Html,
            "pdf" => Format::Pdf,
            "md" | "markdown" => Format::Markdown,
            "xlsx" => Format::Xlsx,
            "csv" => Format::Csv,
            "json" => Format::Json,
            _ => return None,
        })
    }

    /// The short name, also the file extension.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Markdown => "md",
            Format::Xlsx => "xlsx",
            Format::Csv => "csv",
            Format::Json => "json",
        }
    }
}

/// Renders `report` as files (name, bytes): one file, or one per section for CSV.
/// PDF is typeset by the caller's `pdf` function (the candor-pdf crate), given the JSON rendition.
pub fn render(
    report: &Report,
    format: Format,
    pdf: &dyn Fn(&str) -> Result<Vec<u8>>,
) -> Result<Vec<(String, Vec<u8>)>> {
    let base = format!(
        "{}-{}-{}",
        report.week,
        format!("{:?}", report.edition).to_lowercase(),
        "report"
    );
    let one = |bytes: Vec<u8>| Ok(vec![(format!("{base}.{}", format.as_str()), bytes)]);
    match format {
        Format::Html => one(html(report)?.into_bytes()),
        Format::Markdown => one(markdown(report)?.into_bytes()),
        Format::Json => one(json(report).into_bytes()),
        Format::Xlsx => one(super::xlsx(report)?),
        Format::Csv => super::csv_files(report),
        Format::Pdf => one(pdf(&json(report))?),
    }
}
