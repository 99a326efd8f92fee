//! The weekly report: snapshots of every format, determinism, the client
//! edition's canaries, PDF pages, and issuing/verifying a file.

use crate::support::Db;
use serde_json::Value;
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;
use std::process::Command;

const FORMATS: [&str; 6] = ["html", "md", "json", "csv", "xlsx", "pdf"];

/// The arguments that render the report of `week` as `format` to the file (or CSV folder) `out`.
fn report_args<'a>(week: &'a str, format: &'a str, out: &'a str) -> Vec<&'a str> {
    vec!["report", "--week", week, "--format", format, "-o", out]
}

/// The arguments by which Lena Fischer issues the report of `week` as `format` at `out` to each of `to`.
fn issue_args<'a>(week: &'a str, format: &'a str, out: &'a str, to: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec!["--as", "Lena Fischer"];
    args.extend(report_args(week, format, out));
    args.push("--issue");
    for person in to {
        args.extend(["--to", person]);
    }
    args
}

/// Renders a report; returns its bytes (CSV: the files concatenated with their names).
fn render(db: &Db, week: &str, edition: &str, format: &str) -> Vec<u8> {
    let out = db.dir.path().join(format!("{week}-{edition}.{format}"));
    let mut args = report_args(week, format, out.to_str().unwrap());
    args.extend(["--edition", edition]);
    db.ok(&args);
    if format == "csv" {
        let mut files: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        let mut all = Vec::new();
        for f in files {
            all.extend(format!("== {}\n", f.file_name().unwrap().to_string_lossy()).into_bytes());
            all.extend(std::fs::read(&f).unwrap());
        }
        return all;
    }
    std::fs::read(&out).unwrap()
}

/// The text a reader sees in a rendered file, whitespace folded.
fn text_of(format: &str, bytes: &[u8], dir: &Path) -> String {
    let raw = match format {
        "xlsx" => {
            let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
            let mut s = String::new();
            zip.by_name("xl/sharedStrings.xml")
                .unwrap()
                .read_to_string(&mut s)
                .unwrap();
            s.replace("&amp;", "&")
                .replace("&apos;", "'")
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
        }
        "pdf" => {
            let file = dir.join("t.pdf");
            std::fs::write(&file, bytes).unwrap();
            let out = Command::new("pdftotext")
                .arg("-raw")
                .arg(&file)
                .arg("-")
                .output()
                .expect("pdftotext (poppler-utils) is needed for the PDF tests");
            assert!(out.status.success(), "pdftotext failed");
            String::from_utf8(out.stdout).unwrap()
        }
        "html" => String::from_utf8_lossy(bytes)
            .replace("&#x27;", "'")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
        "json" => {
            let v: Value = serde_json::from_slice(bytes).unwrap();
            let mut s = String::new();
            strings(&v, &mut s);
            s
        }
        _ => String::from_utf8_lossy(bytes)
            .replace("\\|", "|")
            .replace("\"\"", "\""),
    };
    fold(&raw)
}

fn fold(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn strings(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

/// Every internal-only text of the record (docs/report.md lists the fields).
fn canaries(db: &Db) -> BTreeSet<String> {
    let doc: Value = serde_json::from_str(&db.ok(&["export", "json"])).unwrap();
    let mut out = BTreeSet::new();
    let mut add = |s: &Value| {
        if let Some(t) = s.as_str().filter(|t| t.len() > 12) {
            out.insert(t.to_owned());
        }
    };
    for (_, section) in doc.as_object().unwrap() {
        let entities: Vec<&Value> = match section {
            Value::Array(a) => a.iter().collect(),
            Value::Object(_) => vec![section],
            _ => continue,
        };
        for e in entities {
            add(&e["internal_note"]);
            if e["minutes_internal"] == true {
                add(&e["minutes"]);
            }
            if e["justification_internal"] == true {
                add(&e["justification"]);
            }
            if e["internal"] == true {
                add(&e["note"]);
            }
            if e["flag"].is_string() {
                add(&e["note"]);
            }
            for item in e["items"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|i| i["internal"] == true)
            {
                add(&item["text"]);
            }
        }
    }
    out
}

const WEEKS: [&str; 10] = [
    "2026-W38", "2026-W39", "2026-W40", "2026-W41", "2026-W42", "2026-W43", "2026-W44", "2026-W45",
    "2026-W46", "2026-W47",
];

#[test]
fn client_edition_never_carries_internal_text_and_internal_edition_does() {
    let db = Db::demo();
    let canaries = canaries(&db);
    assert!(
        canaries.len() >= 10,
        "the demo should carry internal-only texts: {canaries:?}"
    );
    let mut seen_internal = String::new();
    for week in WEEKS {
        for format in FORMATS {
            if format == "pdf" && !matches!(week, "2026-W43" | "2026-W45" | "2026-W47") {
                continue;
            }
            let client = text_of(format, &render(&db, week, "client", format), db.dir.path());
            for c in &canaries {
                assert!(
                    !client.contains(&fold(c)),
                    "{week} client {format} leaks internal text: {c}"
                );
            }
        }
        seen_internal.push_str(&text_of(
            "json",
            &render(&db, week, "internal", "json"),
            db.dir.path(),
        ));
    }
    for c in &canaries {
        let shown_somewhere = seen_internal.contains(&fold(c));
        let never_reported = c.contains("renewal talks") || c.contains("MSA");
        assert!(
            shown_somewhere || never_reported,
            "the internal edition never shows: {c}"
        );
    }
}

#[test]
fn client_edition_carries_the_weeks_content() {
    let db = Db::demo();
    for format in FORMATS {
        let text = text_of(
            format,
            &render(&db, "2026-W46", "client", format),
            db.dir.path(),
        );
        for expected in [
            "Steering call #8",
            "Accrued the last week of October freight in October",
            "Duplicate payment of 48,200 EUR to Transnorte",
            "Brightline delivers the vendor master clean-up list",
        ] {
            assert!(
                text.contains(expected),
                "W46 client {format} lacks \"{expected}\""
            );
        }
    }
}

#[test]
fn rendering_twice_gives_the_same_bytes() {
    let db = Db::demo();
    for edition in ["client", "internal"] {
        for format in FORMATS {
            assert_eq!(
                render(&db, "2026-W47", edition, format),
                render(&db, "2026-W47", edition, format),
                "{edition} {format} differs between renders"
            );
        }
    }
}

#[test]
fn snapshots_of_every_text_format() {
    let db = Db::demo();
    for week in ["2026-W46", "2026-W47"] {
        for edition in ["client", "internal"] {
            for format in ["html", "md", "json", "csv"] {
                let text = String::from_utf8(render(&db, week, edition, format)).unwrap();
                insta::assert_snapshot!(format!("report-{week}-{edition}-{format}"), text);
            }
        }
    }
}

#[test]
fn pdf_pages_render_and_carry_the_html_figures() {
    let db = Db::demo();
    let pdf = render(&db, "2026-W47", "internal", "pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let file = db.dir.path().join("r.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let prefix = db.dir.path().join("page");
    let out = Command::new("pdftoppm")
        .args(["-r", "40", "-png"])
        .arg(&file)
        .arg(&prefix)
        .output()
        .expect("pdftoppm (poppler-utils) is needed");
    assert!(
        out.status.success(),
        "pdftoppm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pages = std::fs::read_dir(db.dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("page")
        })
        .count();
    assert!(pages >= 2, "expected every page rendered, got {pages}");
    let report: Value =
        serde_json::from_slice(&render(&db, "2026-W47", "internal", "json")).unwrap();
    let pdf_text = text_of("pdf", &pdf, db.dir.path());
    let html_text = text_of(
        "html",
        &render(&db, "2026-W47", "internal", "html"),
        db.dir.path(),
    );
    for figure in [
        report["summary"].as_str().unwrap(),
        report["checkpoint"].as_str().unwrap(),
    ] {
        assert!(html_text.contains(&fold(figure)), "HTML lacks {figure}");
        // A line may break after a hyphen ("out-of-" / "scope").
        assert!(
            pdf_text.replace("- ", "-").contains(&fold(figure)),
            "PDF lacks {figure}"
        );
    }
    for row in report["cadence"].as_array().unwrap() {
        let days = row["days_since"].to_string();
        assert!(
            pdf_text.contains(&format!("{} {days}", row["last_update"].as_str().unwrap())),
            "PDF lacks the cadence figures of {}",
            row["stakeholder"]
        );
    }
}

#[test]
fn an_issued_report_verifies_and_a_changed_byte_does_not() {
    let db = Db::demo();
    let file = db.dir.path().join("sent.html");
    let sent = file.to_str().unwrap();
    let folder = db.dir.path().join("c");
    db.fails_with(
        &issue_args(
            "2026-W46",
            "csv",
            folder.to_str().unwrap(),
            &["Maria Lopez"],
        ),
        "folder of files",
    );
    let before = db.head();
    db.ok(&report_args("2026-W46", "html", sent));
    assert_eq!(db.head(), before, "rendering writes nothing");
    db.ok(&issue_args(
        "2026-W46",
        "html",
        sent,
        &["Maria Lopez", "Jonas Weber"],
    ));
    assert_ne!(db.head(), before, "issuing is recorded");
    let ok = db.ok(&["report", "verify", sent]);
    assert!(
        ok.contains("issued") && ok.contains("Maria Lopez, Jonas Weber") && ok.contains("2026-W46"),
        "{ok}"
    );
    let mut bytes = std::fs::read(&file).unwrap();
    bytes[100] ^= 1;
    std::fs::write(&file, bytes).unwrap();
    db.fails_printing_with(
        &["report", "verify", sent],
        "NOT a report, dossier or brief issued",
    );
}
