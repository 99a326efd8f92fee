//! Candor's desktop app: the window, its plugins (file dialogs,
//! notifications) and the commands of [`candor_desktop::app`].

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    let session = match candor_desktop::session::Session::start() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("candor: {e}");
            std::process::exit(1);
        }
    };
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init());
    candor_desktop::app(builder, session)
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the Candor window could not start");
}
