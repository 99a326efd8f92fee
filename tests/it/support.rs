use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;
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

    /// Writes `contents` to the file `name` beside the database; returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let file = self.sibling(name);
        std::fs::write(&file, contents).unwrap();
        file
    }

    pub fn cmd(&self) -> Command {
        candor(&self.path)
    }

    /// Runs candor with `args`, whatever its outcome.
    pub fn run(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().unwrap()
    }

    /// Runs candor with `args`, asserts success, returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "candor {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs candor with `args`, asserts success, returns stdout parsed as JSON.
    pub fn json(&self, args: &[&str]) -> Value {
        serde_json::from_str(&self.ok(args)).unwrap()
    }

    /// Runs candor with `args` as Sam Carter, the demo's engagement lead; asserts success, returns stdout.
    pub fn ok_as_sam(&self, args: &[&str]) -> String {
        self.ok(&[&["--as", "Sam Carter"][..], args].concat())
    }

    /// Writes `contents` to `name` beside the database and imports it as Sam Carter,
    /// in the format its extension names; asserts success, returns stdout.
    pub fn import_as_sam(&self, name: &str, contents: &str) -> String {
        let file = self.write(name, contents);
        let format = file.extension().unwrap().to_str().unwrap();
        self.ok_as_sam(&["import", format, file.to_str().unwrap()])
    }

    /// The audit chain's head (`SEQ:HASH`).
    pub fn head(&self) -> String {
        self.ok(&["audit", "head"])
    }

    /// Runs candor with `args`, asserts failure, returns stdout (what a failed check prints).
    pub fn fails_printing(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "candor {args:?} should have failed");
        String::from_utf8(out.stdout).unwrap()
    }

    /// Runs candor with `args`, asserts it fails printing `needle`, returns stdout.
    pub fn fails_printing_with(&self, args: &[&str], needle: &str) -> String {
        let said = self.fails_printing(args);
        assert!(said.contains(needle), "{said}");
        said
    }

    /// Runs candor with `args` as Maria Lopez, a client person of the demo; asserts it is
    /// refused because only the provider's people record.
    pub fn fails_as_client(&self, args: &[&str]) {
        self.fails_with(
            &[&["--as", "Maria Lopez"][..], args].concat(),
            "Maria Lopez is not a person of the provider",
        );
    }

    /// Imports the candor/1 document `file` into this (empty) database.
    pub fn import_document(&self, file: &Path) {
        import_document(&self.path, file);
    }

    /// Runs candor with `args`, asserts failure, returns stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "candor {args:?} should have failed: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        String::from_utf8(out.stderr).unwrap()
    }

    /// Runs candor with `args`, asserts it fails saying `needle`, returns stderr.
    pub fn fails_with(&self, args: &[&str], needle: &str) -> String {
        let err = self.fails(args);
        assert!(err.contains(needle), "{err}");
        err
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

/// Asserts that a candor process succeeded, printing its stderr otherwise.
pub fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Imports the candor/1 document `file` into the (empty) database at `db`.
pub fn import_document(db: &Path, file: &Path) {
    assert_success(&import_json(db, file));
}

/// Runs `candor import json FILE` on the database at `db`, whatever its outcome.
pub fn import_json(db: &Path, file: &Path) -> Output {
    candor(db)
        .args(["import", "json"])
        .arg(file)
        .output()
        .unwrap()
}

/// Runs `candor export json` on the database at `db`; returns stdout.
pub fn export_json(db: &Path) -> String {
    let out = candor(db).args(["export", "json"]).output().unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// The elements of the JSON array `v`.
pub fn items(v: &Value) -> &[Value] {
    v.as_array().unwrap()
}

/// The position of the first entity of an exported `section` that has exactly two versions.
pub fn first_amended(section: &Value) -> usize {
    items(section)
        .iter()
        .position(|e| items(&e["history"]).len() == 2)
        .unwrap()
}

/// Borrows each of `args`, for the `&[&str]` the runners take.
pub fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
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
