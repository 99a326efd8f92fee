//! `candor mail` against a real Dovecot on 127.0.0.1, with the password in a
//! real Secret Service (gnome-keyring on a private D-Bus session) — both
//! started here and stopped when the test ends.

use crate::support::Db;
use std::io::Write;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A Dovecot serving one user's maildir on a free loopback port.
pub(crate) struct Dovecot {
    conf: PathBuf,
    pub(crate) port: u16,
}

impl Dovecot {
    pub(crate) fn start(dir: &Path) -> Dovecot {
        Dovecot::start_with(dir, "secret", "plain login")
    }

    /// Dovecot whose user's password is `password`, offering the SASL
    /// `mechanisms` (with `xoauth2`, the token is checked as the password).
    pub(crate) fn start_with(dir: &Path, password: &str, mechanisms: &str) -> Dovecot {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let d = dir.display();
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        std::fs::write(
            dir.join("passwd"),
            format!("lead@provider.example:{{PLAIN}}{password}\n"),
        )
        .unwrap();
        let conf = dir.join("dovecot.conf");
        std::fs::write(
            &conf,
            format!(
                "base_dir = {d}/run\nstate_dir = {d}/state\nlog_path = {d}/log\ninfo_log_path = {d}/log\n\
                 protocols = imap\nlisten = 127.0.0.1\nssl = no\ndisable_plaintext_auth = no\n\
                 auth_mechanisms = {mechanisms}\nmail_location = maildir:{d}/mail/%u\nfirst_valid_uid = 1\n\
                 namespace inbox {{\n  inbox = yes\n  mailbox Sent {{\n    special_use = \\Sent\n    auto = create\n  }}\n}}\n\
                 passdb {{\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u {d}/passwd\n}}\n\
                 userdb {{\n  driver = static\n  args = uid=dovecot gid=dovecot home={d}/mail/%u\n}}\n\
                 service imap-login {{\n  inet_listener imap {{\n    address = 127.0.0.1\n    port = {port}\n  }}\n  inet_listener imaps {{\n    port = 0\n  }}\n  chroot =\n}}\n\
                 service anvil {{\n  chroot =\n}}\n"
            ),
        )
        .unwrap();
        let status = Command::new("chown")
            .args(["-R", "dovecot:dovecot"])
            .arg(dir.join("mail"))
            .status()
            .expect("chown");
        assert!(status.success());
        let status = Command::new("dovecot")
            .arg("-c")
            .arg(&conf)
            .status()
            .expect("dovecot is installed (.ci/setup installs dovecot-imapd)");
        assert!(status.success(), "dovecot did not start");
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        Dovecot { conf, port }
    }

    pub(crate) fn doveadm(&self, args: &[&str], stdin: &[u8]) {
        let mut child = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .args(args)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin).unwrap();
        assert!(child.wait().unwrap().success(), "doveadm {args:?}");
    }

    pub(crate) fn deliver(&self, folder: &str, message: &str) {
        self.doveadm(
            &["save", "-u", "lead@provider.example", "-m", folder],
            message.as_bytes(),
        );
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new("doveadm")
            .arg("-c")
            .arg(&self.conf)
            .arg("stop")
            .status();
    }
}

/// A private D-Bus session with an unlocked gnome-keyring in it.
pub(crate) struct Keyring {
    pub(crate) bus: String,
    daemon: Child,
}

impl Keyring {
    pub(crate) fn start(dir: &Path) -> Keyring {
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon is installed (.ci/setup installs dbus)");
        let mut line = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(daemon.stdout.as_mut().unwrap()),
            &mut line,
        )
        .unwrap();
        let bus = line.trim().to_owned();
        std::fs::create_dir_all(dir.join("data")).unwrap();
        let mut unlock = Command::new("gnome-keyring-daemon")
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &bus)
            .env("XDG_DATA_HOME", dir.join("data"))
            .env("XDG_RUNTIME_DIR", dir)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("gnome-keyring is installed (.ci/setup installs it)");
        unlock
            .stdin
            .take()
            .unwrap()
            .write_all(b"test-keyring")
            .unwrap();
        assert!(unlock.wait().unwrap().success());
        Keyring { bus, daemon }
    }
}

impl Drop for Keyring {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

pub(crate) fn message(n: u32, from: &str) -> String {
    let to = if from.contains("sam.carter") {
        "Maria Lopez <maria.lopez@northwind.example>"
    } else {
        "Sam Carter <sam.carter@provider.example>"
    };
    format!(
        "From: {from}\r\nTo: {to}\r\nSubject: Cut-off question {n}\r\n\
         Date: Mon, 7 Dec 2026 09:{n:02}:00 +0100\r\nMessage-ID: <q{n}@mail.test>\r\n\r\nQuestion {n} about the invoice cut-off.\r\n"
    )
}

pub(crate) fn mail(db: &Db, keyring: &Keyring, args: &[&str], stdin: &str) -> std::process::Output {
    let mut c = Command::new(assert_cmd::cargo::cargo_bin("candor"));
    c.arg("--db")
        .arg(&db.path)
        .args(["--as", "Sam Carter", "mail"])
        .args(args)
        .env("DBUS_SESSION_BUS_ADDRESS", &keyring.bus)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Adds the account "work" (plain, on the test's Dovecot, password "secret")
/// with `folders` (none: the default Inbox and Sent), asserting it worked.
pub(crate) fn add_account(db: &Db, keyring: &Keyring, dovecot: &Dovecot, folders: &[&str]) {
    let port = dovecot.port.to_string();
    let mut args = vec![
        "account",
        "add",
        "work",
        "--host",
        "127.0.0.1",
        "--port",
        &port,
        "--security",
        "plain",
        "--user",
        "lead@provider.example",
        "--password-stdin",
    ];
    for f in folders {
        args.extend(["--folder", f]);
    }
    let add = mail(db, keyring, &args, "secret\n");
    assert!(
        add.status.success(),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
}

pub(crate) fn mail_ok(db: &Db, keyring: &Keyring, args: &[&str]) -> serde_json::Value {
    let out = mail(db, keyring, args, "");
    assert!(
        out.status.success(),
        "candor mail {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null)
}

pub(crate) fn imported(report: &serde_json::Value) -> usize {
    report[0]["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["imported"].as_array().unwrap().len())
        .sum()
}

#[test]
fn imap_sync_takes_the_engagements_mail_once_and_resumes_where_it_left() {
    let db = Db::demo();
    let server = tempfile::tempdir().unwrap();
    let dovecot = Dovecot::start(server.path());
    let keyring = Keyring::start(server.path());
    for n in 1..=3 {
        dovecot.deliver(
            "INBOX",
            &message(n, "Maria Lopez <maria.lopez@northwind.example>"),
        );
    }
    dovecot.deliver("INBOX", &message(4, "Shop <news@shop.example>"));
    dovecot.deliver(
        "Sent",
        &message(5, "Sam Carter <sam.carter@provider.example>"),
    );

    add_account(&db, &keyring, &dovecot, &[]);
    // The password is in the keyring, never in the file.
    assert_eq!(
        db.scalar("SELECT CAST(count(*) AS TEXT) FROM mail_accounts WHERE folders LIKE '%Sent%'"),
        "1"
    );
    let file = std::fs::read(&db.path).unwrap();
    assert!(
        !file.windows(6).any(|w| w == b"secret"),
        "the password reached the database"
    );

    // The preview says what would be taken, and takes nothing.
    let preview = mail_ok(&db, &keyring, &["preview", "--json"]);
    let taken: Vec<&str> = preview[0]["folders"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["messages"].as_array().unwrap())
        .filter(|m| m["taken"] == true)
        .map(|m| m["subject"].as_str().unwrap())
        .collect();
    assert_eq!(taken.len(), 4, "{preview}");
    assert!(!taken.contains(&"Cut-off question 4"));
    assert_eq!(
        db.scalar("SELECT CAST(count(*) AS TEXT) FROM mail_folders"),
        "0"
    );

    // Inbox and Sent (found by its \Sent mark); the shop's mail is passed over.
    let first = mail_ok(&db, &keyring, &["sync", "--json"]);
    assert_eq!(imported(&first), 4, "{first}");
    let second = mail_ok(&db, &keyring, &["sync", "--json"]);
    assert_eq!(imported(&second), 0, "{second}");
    assert_eq!(second[0]["folders"][0]["seen"], 0);

    // Only what arrived since is read.
    dovecot.deliver(
        "INBOX",
        &message(6, "Maria Lopez <maria.lopez@northwind.example>"),
    );
    let third = mail_ok(&db, &keyring, &["sync", "--json"]);
    assert_eq!(imported(&third), 1);
    assert_eq!(third[0]["folders"][0]["seen"], 1);

    // A recreated folder has a new UIDVALIDITY: read again, nothing doubled.
    dovecot.doveadm(
        &["mailbox", "delete", "-u", "lead@provider.example", "Sent"],
        b"",
    );
    dovecot.doveadm(
        &["mailbox", "create", "-u", "lead@provider.example", "Sent"],
        b"",
    );
    dovecot.deliver(
        "Sent",
        &message(5, "Sam Carter <sam.carter@provider.example>"),
    );
    dovecot.deliver(
        "Sent",
        &message(7, "Sam Carter <sam.carter@provider.example>"),
    );
    let fourth = mail_ok(&db, &keyring, &["sync", "--json"]);
    let sent = &fourth[0]["folders"][1];
    assert_eq!(sent["rescanned"], true, "{fourth}");
    assert_eq!(sent["imported"].as_array().unwrap().len(), 1);
    assert_eq!(sent["already_present"], 1);

    // A message imported from a file first is not taken twice.
    db.import_as_sam(
        "q8.eml",
        &message(8, "Maria Lopez <maria.lopez@northwind.example>"),
    );
    dovecot.deliver(
        "INBOX",
        &message(8, "Maria Lopez <maria.lopez@northwind.example>"),
    );
    let fifth = mail_ok(&db, &keyring, &["sync", "--json"]);
    assert_eq!(imported(&fifth), 0);
    assert_eq!(fifth[0]["folders"][0]["already_present"], 1);

    let subjects = db.scalar(
        "SELECT CAST(count(*) AS TEXT) FROM entities WHERE kind = 'communication' AND data LIKE '%Cut-off question%'",
    );
    assert_eq!(subjects, "7");
    let list = mail_ok(&db, &keyring, &["account", "list", "--json"]);
    assert_eq!(list[0]["taken"], 6);
    assert_eq!(list[0]["error"], serde_json::Value::Null);
    assert_eq!(list[0]["secret_kept"], true);
    assert_eq!(list[0]["secret"], "password");
    assert_eq!(list[0]["sign_in"]["kind"], "password");

    // A wrong password is refused in words, and the status says so.
    db.sql("UPDATE mail_accounts SET user = 'nobody@provider.example'");
    let refused = mail(&db, &keyring, &["sync"], "");
    assert!(!refused.status.success());
    let text = String::from_utf8_lossy(&refused.stderr);
    assert!(
        text.contains("no password is kept for nobody@provider.example"),
        "{text}"
    );
}

/// Writes `n` messages straight into the user's maildir (faster than `doveadm
/// save` one by one); every third is from outside the engagement.
fn fill_inbox(server: &Path, n: u32) -> u32 {
    let new = server.join("mail/lead@provider.example/new");
    std::fs::create_dir_all(&new).unwrap();
    let mut taken = 0;
    for i in 1..=n {
        let from = if i % 3 == 0 {
            "Shop <news@shop.example>"
        } else {
            taken += 1;
            "Maria Lopez <maria.lopez@northwind.example>"
        };
        let body = format!("Line about the cut-off {i}.\r\n").repeat(40);
        std::fs::write(
            new.join(format!("1700{i:06}.M{i}P1.test")),
            format!(
                "From: {from}\r\nTo: sam.carter@provider.example\r\nSubject: Load {i}\r\n\
                 Date: Tue, 8 Dec 2026 10:00:00 +0100\r\nMessage-ID: <load-{i}@mail.test>\r\n\r\n{body}"
            ),
        )
        .unwrap();
    }
    let status = Command::new("chown")
        .args(["-R", "dovecot:dovecot"])
        .arg(server.join("mail"))
        .status()
        .unwrap();
    assert!(status.success());
    taken
}

fn synced(db: &Db) -> (String, String) {
    let counts = db.scalar(
        "SELECT count(*) || '/' || count(DISTINCT json_extract(data, '$.source.message_id')) FROM entities
         WHERE kind = 'communication' AND json_extract(data, '$.source.format') = 'imap'",
    );
    let place = db.scalar("SELECT last_uid || '/' || taken FROM mail_folders");
    (counts, place)
}

#[test]
fn syncs_at_once_or_killed_midway_neither_lose_nor_double_a_message() {
    let server = tempfile::tempdir().unwrap();
    let dovecot = Dovecot::start(server.path());
    let keyring = Keyring::start(server.path());
    let wanted = fill_inbox(server.path(), 1500);
    let fresh = || {
        let db = Db::demo();
        add_account(&db, &keyring, &dovecot, &["INBOX"]);
        db
    };
    let sync = |db: &Db| {
        Command::new(assert_cmd::cargo::cargo_bin("candor"))
            .arg("--db")
            .arg(&db.path)
            .args(["--as", "Sam Carter", "mail", "sync"])
            .env("DBUS_SESSION_BUS_ADDRESS", &keyring.bus)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };

    // Three processes sync one file at once: each message once, the count exact.
    let db = fresh();
    let runs: Vec<Child> = (0..3).map(|_| sync(&db)).collect();
    for mut run in runs {
        assert!(run.wait().unwrap().success());
    }
    assert_eq!(
        synced(&db),
        (format!("{wanted}/{wanted}"), format!("1500/{wanted}"))
    );

    // Killed (-9) part-way, the file holds whole groups with their place; a new sync finishes.
    let db = fresh();
    let mut run = sync(&db);
    let started = std::time::Instant::now();
    while db.scalar("SELECT CAST(count(*) AS TEXT) FROM mail_folders") == "0"
        && started.elapsed() < std::time::Duration::from_secs(30)
    {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let _ = run.kill();
    run.wait().unwrap();
    let (counts, place) = synced(&db);
    let recorded: u32 = counts.split('/').next().unwrap().parse().unwrap();
    assert_eq!(counts, format!("{recorded}/{recorded}"));
    assert_eq!(place.split('/').nth(1).unwrap(), recorded.to_string());
    let mut again = sync(&db);
    assert!(again.wait().unwrap().success());
    assert_eq!(
        synced(&db),
        (format!("{wanted}/{wanted}"), format!("1500/{wanted}"))
    );
}
