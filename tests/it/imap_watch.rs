//! `candor mail sync ACCOUNT --watch` against a real Dovecot: a message
//! delivered while the watch waits on IDLE is taken within seconds, and a
//! connection the server drops (`doveadm kick`) is opened again.

use crate::imap::{Dovecot, Keyring, add_account, message};
use crate::support::Db;
use std::io::BufRead;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Waits (bounded) for a line of `lines` that `want` accepts; the lines seen meanwhile are kept.
fn wait_for(
    lines: &mpsc::Receiver<String>,
    seen: &mut Vec<String>,
    within: Duration,
    want: impl Fn(&str) -> bool,
) -> bool {
    let end = Instant::now() + within;
    while let Some(left) = end.checked_duration_since(Instant::now()) {
        match lines.recv_timeout(left) {
            Ok(line) => {
                let found = want(&line);
                seen.push(line);
                if found {
                    return true;
                }
            }
            Err(_) => return false,
        }
    }
    false
}

fn imported(line: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(line)
        .ok()
        .and_then(|r| {
            r["folders"].as_array().map(|fs| {
                fs.iter()
                    .map(|f| f["imported"].as_array().map_or(0, Vec::len))
                    .sum()
            })
        })
        .unwrap_or(0)
}

#[test]
fn a_watch_takes_new_mail_on_idle_and_reconnects_after_a_kick() {
    let db = Db::demo();
    let server = tempfile::tempdir().unwrap();
    let dovecot = Dovecot::start(server.path());
    let keyring = Keyring::start(server.path());
    add_account(&db, &keyring, &dovecot, &["INBOX"]);
    dovecot.deliver(
        "INBOX",
        &message(1, "Maria Lopez <maria.lopez@northwind.example>"),
    );

    // IDLE lasts 60 s: news must come from the server, not from re-reading.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("candor"))
        .arg("--db")
        .arg(&db.path)
        .args([
            "--as",
            "Sam Carter",
            "mail",
            "sync",
            "work",
            "--watch",
            "90",
            "--idle",
            "60",
            "--json",
        ])
        .env("DBUS_SESSION_BUS_ADDRESS", &keyring.bus)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, lines) = mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    let err_tx = tx.clone();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = tx.send(line);
        }
    });
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = err_tx.send(format!("stderr: {line}"));
        }
    });
    let mut seen = Vec::new();
    let patience = Duration::from_secs(20);

    assert!(
        wait_for(&lines, &mut seen, patience, |l| imported(l) == 1),
        "the first reading takes the waiting message: {seen:#?}"
    );
    let started = Instant::now();
    dovecot.deliver(
        "INBOX",
        &message(2, "Maria Lopez <maria.lopez@northwind.example>"),
    );
    assert!(
        wait_for(&lines, &mut seen, patience, |l| imported(l) == 1),
        "a message delivered during IDLE is taken: {seen:#?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(60),
        "taken on IDLE's news, not at the end of the 60 s wait"
    );

    // The server drops the connection: the watch says so and opens it again.
    dovecot.doveadm(&["kick", "lead@provider.example"], b"");
    assert!(
        wait_for(&lines, &mut seen, patience, |l| l.starts_with("stderr:")
            && l.contains("trying again in 1 s")),
        "the dropped connection is said, with the retry: {seen:#?}"
    );
    dovecot.deliver(
        "INBOX",
        &message(3, "Maria Lopez <maria.lopez@northwind.example>"),
    );
    assert!(
        wait_for(&lines, &mut seen, patience, |l| imported(l) == 1),
        "after reconnecting, new mail is taken again: {seen:#?}"
    );
    let _ = child.kill();
    let _ = child.wait();

    let counts = db.scalar(
        "SELECT CAST(count(*) AS TEXT) FROM entities WHERE kind = 'communication'
         AND json_extract(data, '$.source.format') = 'imap'",
    );
    assert_eq!(counts, "3", "each message once: {seen:#?}");
}
