//! The matter dossier: everything on record about one matter, in time order,
//! with each entry's evidence (its audit events, kept originals by hash), for
//! an edition — internal, or client-safe (what was agreed and confirmed,
//! without internal notes). Built from the record like the weekly report,
//! rendered to HTML, Markdown and JSON here and to PDF by `candor-pdf`, and
//! issued and verified as reports are.

mod build;
mod model;
mod render;
#[cfg(test)]
mod tests;

pub use build::build;
pub use model::*;
pub use render::{Rendered, html, json, markdown, produce};
