//! Candor's desktop shell: a Tauri window over candor-core. This crate only
//! adapts: commands in `commands`, the open database, identity and clock in
//! `session`, errors for the UI in `error`. The domain lives in candor-core.
//!
//! [`app`] is the one place the commands are registered: the window
//! (`main.rs`) and the browser tests' bridge (`bridge.rs`, feature
//! `test-bridge`) both build on it.

pub mod commands;
pub mod error;
pub mod mailroom;
pub mod notify;
pub mod prefs;
pub mod session;

use tauri::{Builder, Runtime};

/// Adds the session and every command of docs/ipc.md to `builder`.
pub fn app<R: Runtime>(builder: Builder<R>, session: session::Session) -> Builder<R> {
    builder
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::record::app_state,
            commands::record::create_engagement,
            commands::record::load_demo,
            commands::record::bootstrap_identity,
            commands::record::set_identity,
            commands::record::open_database,
            commands::record::list,
            commands::record::get,
            commands::record::history,
            commands::record::create,
            commands::record::amend,
            commands::record::void_entry,
            commands::record::verify,
            commands::record::backup,
            commands::log::log_list,
            commands::log::search,
            commands::log::message_body,
            commands::log::import_files,
            commands::log::cancel_import,
            commands::log::unmatched,
            commands::log::map_address,
            commands::agreement::agreements,
            commands::flags::annotate_flag,
            commands::flags::judgements,
            commands::flags::check_reminders,
            commands::report::current_week,
            commands::report::report_preview,
            commands::report::report_export,
            commands::report::report_issue,
            commands::dossier::dossier_preview,
            commands::dossier::dossier_export,
            commands::dossier::dossier_issue,
            commands::mail::mail_accounts,
            commands::mail::mail_account_add,
            commands::mail::mail_account_remove,
            commands::mail::mail_sync_now,
            commands::mail::mail_account_sign_in,
        ])
}
