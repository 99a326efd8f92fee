//! The rules of engagement page: every edition in words, and what a new
//! draft starts from. Drafting, amending, sending and confirming are the
//! generic `create` / `amend` of kind `rules`; the store checks them.

use crate::error::Result;
use crate::session::Session;
use candor_core::agreement::{self, Page};
use candor_core::record::{Index, Snapshot};
use serde::Serialize;
use serde_json::Value;
use tauri::State;

/// The page's contents.
#[derive(Serialize)]
pub struct Agreements {
    /// Every edition known now, latest first (internal notes included).
    pub pages: Vec<Page>,
    /// The data the next draft starts from; `null` while a draft is open.
    pub next: Option<Value>,
}

/// Every edition of the rules of engagement as of now, and the next draft's data.
#[tauri::command]
pub fn agreements(session: State<'_, Session>) -> Result<Agreements> {
    let open = session.lock();
    let snapshot = Snapshot::load_now(&open.store, open.now())?;
    Ok(Agreements {
        pages: agreement::pages(&Index::new(&snapshot), false),
        next: agreement::next_edition(&open.store)?,
    })
}
