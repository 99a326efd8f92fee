//! HTML, Markdown and JSON renditions of a report. Same report, same bytes.

use super::model::Report;
use crate::error::{Error, Result};
use minijinja::{Environment, Value, context};

const HTML: &str = include_str!("../../templates/report.html");
const MARKDOWN: &str = include_str!("../../templates/report.md");

fn render(name: &str, source: &str, report: &Report, extra: Value) -> Result<String> {
    let mut env = Environment::new();
    env.set_auto_escape_callback(|name| if name.ends_with(".html") { minijinja::AutoEscape::Html } else { minijinja::AutoEscape::None });
    env.add_filter("md", |s: String| s.replace('|', "\\|").replace('\n', " "));
    env.add_template(name, source).map_err(|e| Error::Refused(format!("report template {name}: {e}")))?;
    let template = env.get_template(name).map_err(|e| Error::Refused(e.to_string()))?;
    template.render(context! { r => Value::from(minijinja::value::Serde(report)), extra => extra }).map_err(|e| Error::Refused(format!("report template {name}: {e}")))
}

/// A self-contained, printable HTML document (inline CSS and SVG charts, no scripts, no remote content).
pub fn html(report: &Report) -> Result<String> {
    let charts = context! {
        per_day => Value::from_safe_string(super::svg::per_day(&report.charts)),
        cadence => Value::from_safe_string(super::svg::cadence(&report.charts)),
    };
    render("report.html", HTML, report, charts)
}

/// Markdown, tables per section.
pub fn markdown(report: &Report) -> Result<String> {
    render("report.md", MARKDOWN, report, Value::UNDEFINED)
}

/// Pretty JSON with a trailing newline (the report's own field order).
pub fn json(report: &Report) -> String {
    serde_json::to_string_pretty(report).expect("a report serialises") + "\n"
}
