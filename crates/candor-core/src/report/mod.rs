//! The weekly transparency report: one structure ([`Report`]) built for an
//! edition, rendered to HTML, Markdown, CSV, XLSX and JSON here, and to PDF
//! by the `candor-pdf` crate. Rendering writes nothing; issuing records what was sent.

mod build;
mod issue;
mod model;
mod render;
mod svg;
mod tables;
#[cfg(test)]
mod tests;

pub use build::{CLIENT_RULES, build, judged_at};
pub(crate) use build::{flag_row, items_of, shows, visible};
pub(crate) use issue::record_issue;
pub use issue::{Issued, Pdf, Rendered, produce, verify_file};
pub use model::*;
pub use render::{Format, html, json, markdown, render};
pub use tables::{Table, csv_files, tables, xlsx};
