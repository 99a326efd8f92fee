//! The interchange document (`candor/1`): the whole engagement as one JSON
//! document, every entity with its full version history. See docs/format.md.

mod export;
mod import;
mod schema;

pub use export::{export_json, export_json_to};
pub use import::import_json;
pub use schema::document as schema;

/// The value of the document's `format` field.
pub const FORMAT: &str = "candor/1";

/// Fields of an entity object that are not its data.
pub(crate) const ENVELOPE: [&str; 3] = ["key", "voided", "history"];
