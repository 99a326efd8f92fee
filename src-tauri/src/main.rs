//! Candor's desktop shell: a Tauri window over candor-core. This crate only
//! adapts: commands in `commands`, the open database and identity in `session`,
//! errors for the UI in `error`. The domain lives in candor-core.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;
mod error;
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
        .manage(session)
        .invoke_handler(tauri::generate_handler![
            commands::app_state,
            commands::create_engagement,
            commands::load_demo,
            commands::bootstrap_identity,
            commands::set_identity,
            commands::open_database,
            commands::list,
            commands::get,
            commands::history,
            commands::create,
            commands::amend,
            commands::void_entry,
            commands::verify,
            commands::backup,
        ])
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Candor window could not start");
}
