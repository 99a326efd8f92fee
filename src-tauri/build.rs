fn main() {
    let commands = &[
        "app_state",
        "create_engagement",
        "load_demo",
        "bootstrap_identity",
        "set_identity",
        "open_database",
        "list",
        "get",
        "history",
        "create",
        "amend",
        "void_entry",
        "verify",
        "backup",
        "log_list",
        "search",
        "message_body",
        "import_files",
        "cancel_import",
        "unmatched",
        "map_address",
        "annotate_flag",
        "judgements",
        "check_reminders",
        "current_week",
        "report_preview",
        "report_export",
        "report_issue",
        "mail_accounts",
        "mail_account_add",
        "mail_account_remove",
        "mail_sync_now",
        "mail_account_sign_in",
        "agreements",
    ];
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(commands));
    tauri_build::try_build(attributes).expect("tauri build script");
}
