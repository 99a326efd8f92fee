use assert_cmd::Command;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// A temporary folder with a database path in it.
pub struct Db {
    pub dir: TempDir,
    pub path: PathBuf,
}

impl Db {
    pub fn new() -> Db {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("record.db");
        Db { dir, path }
    }

    /// A second database in the same folder.
    pub fn sibling(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn cmd(&self) -> Command {
        candor(&self.path)
    }

    /// Runs candor with `args`, asserts success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            out.status.success(),
            "candor {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs candor with `args`, asserts failure, returns stdout (what a failed check prints).
    pub fn fails_printing(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(!out.status.success(), "candor {args:?} should have failed");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Imports the candor/1 document `file` into this (empty) database.
    pub fn import_document(&self, file: &Path) {
        let out = self
            .cmd()
            .args(["import", "json"])
            .arg(file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    /// Runs candor with `args`, asserts failure, returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(
            !out.status.success(),
            "candor {args:?} should have failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// A database loaded with the demo.
    pub fn demo() -> Db {
        let db = Db::new();
        db.ok(&["demo"]);
        db
    }

    pub fn sql(&self, sql: &str) {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.execute_batch(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub fn scalar(&self, sql: &str) -> String {
        let conn = rusqlite::Connection::open(&self.path).unwrap();
        conn.query_row(sql, [], |r| r.get(0))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// The candor binary as a plain process, for spawning and redirecting.
pub fn process(db: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("candor"));
    cmd.env_remove("CANDOR_ACTOR")
        .env_remove("CANDOR_DB")
        .arg("--db")
        .arg(db);
    cmd
}

pub fn candor(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("candor").unwrap();
    cmd.env_remove("CANDOR_ACTOR")
        .env_remove("CANDOR_DB")
        .arg("--db")
        .arg(db);
    cmd
}
