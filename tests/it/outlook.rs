//! Outlook .msg files: what each corpus file gives (subject, sender, body,
//! attachments) as written down in tests/msg-expected.tsv, subjects in their
//! code pages, and hostile files refused rather than crashing the import.
//! `CANDOR_BLESS=1 cargo test outlook` rewrites the expectations (review the diff).

use super::corpus::{assert_as_written, author, corpus, fresh};
use candor_core::import::{self, Format, Options, Report};
use candor_core::store::Store;
use candor_core::{Ids, Key, audit};
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn import_bytes(store: &mut Store, name: &str, bytes: &[u8], seed: u64) -> Report {
    import::import_file(
        store,
        &author(),
        &mut Ids::seeded(seed),
        &import::File {
            format: Format::Msg,
            name,
            bytes,
        },
        &Options::around(author().at),
        &mut |_, _| true,
    )
    .unwrap_or_else(|e| panic!("{name}: import failed instead of refusing: {e}"))
}

fn msg_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus().join("msg"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 45, "corpus/msg should hold its 45 files");
    files
}

/// One line per file: what was taken, or why it was refused.
fn outcome(path: &Path) -> String {
    let name = path.file_name().unwrap().to_string_lossy().to_string();
    let mut store = fresh();
    let report = import_bytes(&mut store, &name, &std::fs::read(path).unwrap(), 2);
    let Some(key) = report.imported.first() else {
        let reason = report
            .refused
            .first()
            .map(|r| r.reason.as_str())
            .unwrap_or("");
        return format!("{name}\trefused\t{reason}");
    };
    let row = store.require(key).unwrap();
    let d = &row.data;
    let none = Vec::new();
    let addresses: Vec<&str> = d["addresses"]
        .as_array()
        .unwrap_or(&none)
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    let minutes = d["minutes"].as_str().unwrap_or("");
    let first_line: String = minutes
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .chars()
        .take(40)
        .collect();
    let attachments: Vec<String> = d["attachments"]
        .as_array()
        .unwrap_or(&none)
        .iter()
        .map(|a| format!("{} ({})", a["name"].as_str().unwrap(), a["size"]))
        .collect();
    let body = import::message_body(&store, key).unwrap();
    let embedded: Vec<String> = report.imported[1..]
        .iter()
        .map(|k| store.require(k).unwrap().label)
        .chain(report.refused.iter().map(|r| format!("refused: {r}")))
        .collect();
    format!(
        "{name}\ttaken\t{}\t{}\t{}\tfrom {}\t{} addresses\tbody {:?}\thtml {}\tattachments [{}]\tembedded [{}]",
        d["subject"].as_str().unwrap(),
        d["occurred_at"].as_str().unwrap(),
        d["source"]["message_id"].as_str().unwrap_or(""),
        addresses.first().unwrap_or(&"nobody"),
        addresses.len(),
        first_line.trim(),
        if body.html.is_some() { "yes" } else { "no" },
        attachments.join(", "),
        embedded.join(", ")
    )
}

#[test]
fn each_corpus_msg_file_gives_what_is_written_down() {
    let mut actual = String::new();
    for f in msg_files() {
        writeln!(actual, "{}", outcome(&f)).unwrap();
    }
    assert_as_written("tests/msg-expected.tsv", &actual);
}

/// The subject, read back from the record, of one corpus file.
fn subject_of(file: &str) -> String {
    let mut store = fresh();
    let bytes = std::fs::read(corpus().join("msg").join(file)).unwrap();
    let report = import_bytes(&mut store, file, &bytes, 2);
    let key: &Key = report
        .imported
        .first()
        .unwrap_or_else(|| panic!("{file} was not taken: {:?}", report.refused));
    store.require(key).unwrap().data["subject"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn eight_bit_subjects_come_out_in_their_code_page() {
    assert_eq!(
        subject_of("msgreader-nonUnicodeCP932.msg"),
        "日本語 Non Unicode タイトル"
    );
    assert_eq!(
        subject_of("msgreader-unicode1.msg"),
        "畑㵲応ｲ瑤㵨㠱",
        "a UTF-16 subject must not be read byte by byte"
    );
    assert_eq!(
        subject_of("outlook-message-parser-testgetmsgAttch.msg"),
        "测试多人邮件抄送msg格式"
    );
    let cyrillic = subject_of("poi-hsmf-cyrillic_message.msg");
    assert!(
        cyrillic.chars().any(|c| ('а'..='я').contains(&c)),
        "CP1251 subject garbled: {cyrillic}"
    );
}

#[test]
fn exchange_senders_go_to_the_unmatched_list() {
    let mut store = fresh();
    let file = "msgreader-sent2.msg";
    let bytes = std::fs::read(corpus().join("msg").join(file)).unwrap();
    assert_eq!(import_bytes(&mut store, file, &bytes, 2).imported.len(), 1);
    let unmatched = import::unmatched(&store).unwrap();
    assert!(
        unmatched
            .iter()
            .any(|u| u.address.starts_with("/o=exchangelabs/")),
        "{unmatched:?}"
    );
}

#[test]
fn the_same_message_twice_is_recorded_once() {
    let mut store = fresh();
    let file = "poi-hsmf-bug66335.msg";
    let bytes = std::fs::read(corpus().join("msg").join(file)).unwrap();
    assert_eq!(import_bytes(&mut store, file, &bytes, 2).imported.len(), 1);
    let again = import_bytes(&mut store, "copy.msg", &bytes, 3);
    assert!(again.imported.is_empty());
    assert_eq!(again.already_present, 1);
}

#[test]
fn inputs_that_crash_the_parser_are_refused_and_nothing_is_written() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/msg-panics");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "msg"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 5);
    for f in files {
        let name = f.file_name().unwrap().to_string_lossy().to_string();
        let mut store = fresh();
        let before = store.head().unwrap();
        let report = import_bytes(&mut store, &name, &std::fs::read(&f).unwrap(), 2);
        assert!(report.file_refused, "{name}: {report:?}");
        assert_eq!(
            report.refused[0].reason, "the Outlook message parser failed on this input",
            "{name}"
        );
        assert_eq!(
            store.head().unwrap(),
            before,
            "{name}: something was written"
        );
    }
}

#[test]
fn mutated_msg_files_are_imported_or_refused_never_a_crash() {
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut store = fresh();
    let (mut taken, mut refused) = (0, 0);
    for (i, f) in msg_files().iter().enumerate() {
        let original = std::fs::read(f).unwrap();
        if original.len() < 512 {
            continue;
        }
        for round in 0..6 {
            let mut bytes = original.clone();
            for _ in 0..1 + next() % 8 {
                let at = next() as usize % bytes.len();
                bytes[at] = next() as u8;
            }
            let name = format!("mutant-{i}-{round}.msg");
            let report = import_bytes(&mut store, &name, &bytes, 10 + i as u64 * 8 + round);
            taken += report.imported.len();
            refused += usize::from(report.file_refused);
        }
    }
    assert!(taken > 0 && refused > 0, "taken {taken}, refused {refused}");
    assert!(audit::verify(&store, None).unwrap().ok());
}
