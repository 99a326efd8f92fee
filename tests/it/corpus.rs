//! Every file of ../shared/corpus is imported or refused as written down in
//! tests/corpus-expected.tsv — never a panic, a hang or a half-written import.
//! `CANDOR_BLESS=1 cargo test corpus` rewrites the expectations (review the diff).

use candor_core::import::{self, Format, Options};
use candor_core::store::{Author, Change, Store};
use candor_core::{Ids, Kind, audit};
use chrono::{TimeZone, Utc};
use serde_json::json;
use std::fmt::Write;
use std::path::PathBuf;

pub(crate) fn corpus() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    assert!(
        dir.is_dir(),
        "the import corpus is missing: expected it at {} (a clone of the project needs ../shared beside it)",
        dir.display()
    );
    dir
}

pub(crate) fn fresh() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let data = json!({"name": "Corpus", "time_zone": "Europe/Madrid", "default_cadence_days": 14});
    store
        .apply(
            &author(),
            &mut Ids::seeded(1),
            vec![Change::Create {
                kind: Kind::Engagement,
                key: None,
                data,
            }],
        )
        .unwrap();
    store
}

pub(crate) fn author() -> Author {
    Author::new(
        Author::BOOTSTRAP,
        Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap(),
    )
}

/// One line of outcome per file: imported/refused counts and the first refusal's reason.
fn outcome(format: Format, path: &std::path::Path) -> String {
    let mut store = fresh();
    let bytes = std::fs::read(path).unwrap();
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let options = Options::around(author().at);
    let before = store.head().unwrap();
    let report = import::import_file(
        &mut store,
        &author(),
        &mut Ids::seeded(2),
        &import::File {
            format,
            name: &name,
            bytes: &bytes,
        },
        &options,
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("{name}: import failed instead of refusing: {e}"));
    if report.file_refused || report.imported.is_empty() {
        assert_eq!(
            store.head().unwrap(),
            before,
            "{name}: nothing may be written when nothing is imported"
        );
    }
    for key in &report.imported {
        let row = store.require(key).unwrap();
        assert!(
            !row.label.trim().is_empty(),
            "{name}: imported without a subject"
        );
        let at = candor_core::time::parse(row.data["occurred_at"].as_str().unwrap()).unwrap();
        assert!(
            at.timestamp() > 0 && at.timestamp() < 4_102_444_800,
            "{name}: implausible time {at}"
        );
        if matches!(format, Format::Eml | Format::Mbox | Format::Msg) {
            let original = row.data["source"]["original_sha256"].as_str().unwrap();
            assert!(
                store.blob(original).unwrap().is_some(),
                "{name}: original bytes not kept"
            );
        }
    }
    assert!(
        audit::verify(&store, None).unwrap().ok(),
        "{name}: the record does not verify after import"
    );
    let first = report
        .refused
        .first()
        .map(|r| r.reason.clone())
        .unwrap_or_default();
    let first: String = first.chars().take(90).collect();
    let verdict = if report.file_refused {
        "refused".to_owned()
    } else if report.imported.is_empty() && report.refused.is_empty() {
        "nothing".to_owned()
    } else {
        format!(
            "imported {} refused {}",
            report.imported.len(),
            report.refused.len()
        )
    };
    format!(
        "{}\t{verdict}\t{}",
        path.strip_prefix(corpus()).unwrap().display(),
        first.replace('\t', " ")
    )
}

#[test]
fn corpus_imports_or_refuses_as_expected() {
    let mut actual = String::new();
    for (folder, format) in [
        ("eml", Format::Eml),
        ("mbox", Format::Mbox),
        ("msg", Format::Msg),
        ("ics", Format::Ics),
        ("csv", Format::Csv),
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join(folder))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no files in corpus/{folder}");
        for f in files {
            writeln!(actual, "{}", outcome(format, &f)).unwrap();
        }
    }
    assert_as_written("tests/corpus-expected.tsv", &actual);
}

/// `actual` is what `file` (under the crate) writes down, line for line;
/// `CANDOR_BLESS=1` rewrites the file instead (review the diff).
pub(crate) fn assert_as_written(file: &str, actual: &str) {
    let expected_path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(file);
    if std::env::var_os("CANDOR_BLESS").is_some() {
        std::fs::write(&expected_path, actual).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).expect(file);
    let diff: Vec<String> = expected
        .lines()
        .zip(actual.lines())
        .filter(|(e, a)| e != a)
        .map(|(e, a)| format!("expected {e}\n  actual {a}"))
        .collect();
    assert!(
        diff.is_empty() && expected.lines().count() == actual.lines().count(),
        "outcomes in {file} changed:\n{}",
        diff.join("\n")
    );
}

#[test]
fn reimporting_an_mbox_adds_nothing() {
    let mut store = fresh();
    let path = corpus().join("mbox");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    let options = Options::around(author().at);
    let mut ids = Ids::seeded(3);
    let mut import = |store: &mut candor_core::Store| {
        import::import_paths(
            store,
            &author(),
            &mut ids,
            Some(Format::Mbox),
            &files,
            &options,
            &mut |_, _, _| true,
        )
        .unwrap()
    };
    let first_total: usize = import(&mut store).iter().map(|r| r.imported.len()).sum();
    assert!(first_total > 10);
    let count = store.list(Kind::Communication, true).unwrap().len();
    for (f, r) in files.iter().zip(import(&mut store)) {
        assert!(
            r.imported.is_empty(),
            "{}: re-import added {:?}",
            f.display(),
            r.imported
        );
        assert!(
            r.file_refused || r.already_present + r.refused.len() > 0 || r.note.is_some(),
            "{}: re-import said nothing",
            f.display()
        );
    }
    assert_eq!(store.list(Kind::Communication, true).unwrap().len(), count);
}
