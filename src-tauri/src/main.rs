//! Candor's desktop shell: a Tauri window over candor-core. This crate only
//! adapts: commands in `commands`, the open database and identity in `session`,
//! errors for the UI in `error`. The domain lives in candor-core.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
mod notify;
mod prefs;
mod session;

fn main() {
    let session = match session::Session::start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("candor: {e}");
            std::process::exit(1);
        }
    };
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
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
            commands::flags::flags,
            commands::flags::annotate_flag,
            commands::flags::cadence,
            commands::flags::check_reminders,
            commands::report::current_week,
            commands::report::report_preview,
            commands::report::report_export,
            commands::report::report_issue,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Candor window could not start");
}
