//! The server's configuration: a TOML file, each setting overridable from
//! the environment (`CANDOR_SERVER_…`).

use anyhow::{Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// What the server needs to run.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The PostgreSQL database, as a libpq connection string or URL.
    pub database_url: String,
    /// Where the server keeps its working copy of each engagement's record.
    pub data_dir: PathBuf,
    /// The address to listen on (put a TLS reverse proxy in front of it; docs/sync.md).
    #[serde(default = "default_listen")]
    pub listen: String,
    /// How long a session lasts, in hours.
    #[serde(default = "default_session_hours")]
    pub session_hours: u32,
}

fn default_listen() -> String {
    "127.0.0.1:8420".into()
}

fn default_session_hours() -> u32 {
    12
}

impl Config {
    /// Reads `file` (if given), then the environment over it.
    pub fn load(file: Option<&Path>) -> Result<Config> {
        let mut table = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the configuration {}", path.display()))?;
                toml::from_str::<toml::Table>(&text)
                    .with_context(|| format!("{}: not valid TOML", path.display()))?
            }
            None => toml::Table::new(),
        };
        for (name, var) in [
            ("database_url", "CANDOR_SERVER_DATABASE_URL"),
            ("data_dir", "CANDOR_SERVER_DATA_DIR"),
            ("listen", "CANDOR_SERVER_LISTEN"),
        ] {
            if let Ok(value) = std::env::var(var) {
                table.insert(name.into(), toml::Value::String(value));
            }
        }
        if let Ok(value) = std::env::var("CANDOR_SERVER_SESSION_HOURS") {
            let hours: i64 = value.parse().with_context(|| {
                format!("CANDOR_SERVER_SESSION_HOURS \"{value}\" is not a number")
            })?;
            table.insert("session_hours".into(), toml::Value::Integer(hours));
        }
        let where_ = file.map_or("the environment".to_owned(), |p| p.display().to_string());
        table
            .try_into()
            .with_context(|| format!("{where_}: the configuration needs database_url and data_dir (or CANDOR_SERVER_DATABASE_URL and CANDOR_SERVER_DATA_DIR)"))
    }
}
