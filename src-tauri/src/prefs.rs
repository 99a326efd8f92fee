//! This machine's preferences: recent databases and who the user is in each.
//! Kept in the user's config folder, outside any engagement database.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

const RECENT_MAX: usize = 10;

/// Preferences saved as JSON.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Prefs {
    /// Recently opened databases, newest first.
    #[serde(default)]
    pub recent: Vec<PathBuf>,
    /// The identity (provider person key) chosen for each database.
    #[serde(default)]
    pub identities: BTreeMap<PathBuf, String>,
    /// Reminders already raised (flag and commitment ids), so each is raised once.
    #[serde(default)]
    pub notified: std::collections::BTreeSet<String>,
    /// How long one IDLE wait on a mail account lasts, in seconds (default 20 minutes).
    #[serde(default)]
    pub mail_idle_seconds: Option<u64>,
}

impl Prefs {
    /// How long one IDLE wait lasts: servers drop one after 29 minutes.
    pub fn mail_idle(&self) -> std::time::Duration {
        std::time::Duration::from_secs(self.mail_idle_seconds.unwrap_or(20 * 60).max(1))
    }

    /// Reads the preferences, or defaults when there are none (or they are unreadable).
    pub fn load(path: &Path) -> Prefs {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Writes the preferences atomically (temporary file, then rename).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = path.with_extension("json.tmp");
        std::fs::write(
            &tmp,
            serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?,
        )?;
        std::fs::rename(tmp, path)
    }

    /// Moves `db` to the front of the recent list.
    pub fn touch(&mut self, db: &Path) {
        self.recent.retain(|p| p != db);
        self.recent.insert(0, db.to_path_buf());
        self.recent.truncate(RECENT_MAX);
    }
}
