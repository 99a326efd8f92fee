//! `candor login`, `sync` and `outbox` as a user runs them: real `candor`
//! processes on two copies, the session kept in the kernel's session keyring.

use crate::fixture::{Cluster, PASSWORD, Server};
use candor_core::Store;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn candor_bin() -> PathBuf {
    let bin = Path::new(env!("CARGO_BIN_EXE_candor-server")).with_file_name("candor");
    assert!(
        bin.exists(),
        "{} is missing: build it with `cargo build -p candor` (cargo test --workspace does)",
        bin.display()
    );
    bin
}

/// Gives this thread (and the processes it starts) a session keyring of
/// its own, as a login session has.
fn own_session_keyring() {
    #[cfg(target_arch = "x86_64")]
    const SYS_KEYCTL: i64 = 250;
    #[cfg(target_arch = "aarch64")]
    const SYS_KEYCTL: i64 = 219;
    const KEYCTL_JOIN_SESSION_KEYRING: i64 = 1;
    unsafe extern "C" {
        fn syscall(number: i64, ...) -> i64;
    }
    // SAFETY: keyctl(JOIN_SESSION_KEYRING, NULL) takes no pointers but a null name.
    let r = unsafe {
        syscall(
            SYS_KEYCTL,
            KEYCTL_JOIN_SESSION_KEYRING,
            std::ptr::null::<u8>(),
        )
    };
    assert!(r >= 0, "keyctl(JOIN_SESSION_KEYRING) failed");
}

fn candor(db: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut c = Command::new(candor_bin());
    c.arg("--db").arg(db).args(args).env_remove("CANDOR_TOKEN");
    c.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    if let Some(text) = stdin {
        input.write_all(text.as_bytes()).unwrap();
    }
    drop(input);
    child.wait_with_output().unwrap()
}

fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_cli_signs_in_records_offline_syncs_and_shows_a_conflict() {
    own_session_keyring();
    let pg = Cluster::start();
    let server = Server::start(&pg);
    server.member("alice", "lead");
    server.member("bob", "member");
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.candor"), dir.path().join("b.candor"));
    for (db, account) in [(&a, "alice"), (&b, "bob")] {
        let said = ok(candor(
            db,
            &[
                "login",
                &server.url,
                "--engagement",
                "acme",
                "--account",
                account,
                "--password-stdin",
            ],
            Some(PASSWORD),
        ));
        assert!(said.contains("is a copy of Acme payroll"), "{said}");
    }
    let wrong = candor(
        &dir.path().join("c.candor"),
        &[
            "login",
            &server.url,
            "--engagement",
            "acme",
            "--account",
            "alice",
            "--password-stdin",
        ],
        Some("not the password"),
    );
    assert!(!wrong.status.success());
    assert!(
        String::from_utf8_lossy(&wrong.stderr).contains("the account or the password is wrong")
    );

    let added = candor(&a, &["add", "matter", "name=Payroll cut-off"], None);
    assert!(
        String::from_utf8_lossy(&added.stderr).contains("recorded in the outbox"),
        "{added:?}"
    );
    assert!(ok(candor(&a, &["outbox"], None)).contains("waiting"));
    assert!(ok(candor(&a, &["list", "matter"], None)).trim().is_empty());
    assert!(ok(candor(&a, &["sync"], None)).contains("sent 1, took 1 events"));
    assert!(ok(candor(&a, &["list", "matter"], None)).contains("Payroll cut-off"));
    let listed = ok(candor(&b, &["sync"], None));
    assert!(listed.contains("took 1 events"), "{listed}");
    let key = ok(candor(&b, &["list", "matter"], None))
        .split_whitespace()
        .next()
        .unwrap()
        .to_owned();

    ok(candor(
        &a,
        &[
            "amend",
            &key,
            "name=Payroll cut-off (monthly)",
            "--reason",
            "monthly",
        ],
        None,
    ));
    ok(candor(
        &b,
        &["amend", &key, "name=Payroll close", "--reason", "renamed"],
        None,
    ));
    ok(candor(&a, &["sync"], None));
    let conflicted = candor(&b, &["sync"], None);
    assert_eq!(conflicted.status.code(), Some(3), "{conflicted:?}");
    assert!(String::from_utf8_lossy(&conflicted.stdout).contains("conflict"));
    let outbox = ok(candor(&b, &["outbox"], None));
    assert!(outbox.contains("conflict"), "{outbox}");
    let id = outbox.split_whitespace().next().unwrap().to_owned();
    ok(candor(&b, &["outbox", "--drop", &id], None));
    assert!(ok(candor(&b, &["outbox"], None)).contains("nothing waits"));
    assert!(ok(candor(&b, &["list", "matter"], None)).contains("Payroll cut-off (monthly)"));

    for db in [&a, &b] {
        assert!(ok(candor(db, &["audit", "verify"], None)).contains("intact"));
    }
    let events = |db: &Path| {
        Store::open_read_only(db)
            .unwrap()
            .events(0, i64::MAX)
            .unwrap()
    };
    assert_eq!(events(&a), events(&b));
    let remote = Store::open_read_only(&a)
        .unwrap()
        .remote()
        .unwrap()
        .unwrap();
    assert_eq!(
        remote.account, "alice",
        "the file names the account, and keeps no secret"
    );
}
