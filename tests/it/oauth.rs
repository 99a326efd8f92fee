//! `candor mail account add --oauth microsoft` and syncs over SASL XOAUTH2:
//! the test plays the browser against the CLI's loopback redirect, a mock
//! token endpoint on 127.0.0.1 checks PKCE and rotates refresh tokens, and a
//! real Dovecot takes the access token (checked as the user's password).

use crate::imap::{Dovecot, Keyring, imported, mail, mail_ok, message};
use crate::support::Db;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sha2::{Digest, Sha256};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The access token the mock gives and Dovecot takes as the password.
const ACCESS: &str = "at-live-0b7c";

/// What the mock token endpoint knows and saw.
#[derive(Default)]
struct Seen {
    /// The PKCE challenge and redirect of the sign-in under way (from the
    /// authorization address the CLI printed).
    challenge: String,
    redirect_uri: String,
    /// Codes exchanged, with whether their verifier matched the challenge.
    exchanges: Vec<bool>,
    /// The refresh tokens presented, in order.
    refreshes: Vec<String>,
    /// Answer every request with `invalid_grant`.
    refuse: bool,
}

/// A token endpoint on a free loopback port: `POST /token`, answered from
/// `Seen`; it stops when dropped (or after two minutes).
struct Mock {
    port: u16,
    seen: Arc<Mutex<Seen>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Mock {
    fn start() -> Mock {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.set_nonblocking(true).unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Seen::default()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (seen, stop) = (seen.clone(), stop.clone());
            std::thread::spawn(move || {
                let until = Instant::now() + Duration::from_secs(120);
                while !stop.load(Ordering::SeqCst) && Instant::now() < until {
                    match listener.accept() {
                        Ok((stream, _)) => serve(stream, &seen),
                        Err(_) => std::thread::sleep(Duration::from_millis(10)),
                    }
                }
            })
        };
        Mock {
            port,
            seen,
            stop,
            thread: Some(thread),
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/token", self.port)
    }

    fn seen(&self) -> std::sync::MutexGuard<'_, Seen> {
        self.seen.lock().unwrap()
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// An ID token naming the address signed in as (unsigned: the client reads it only).
fn id_token() -> String {
    let part = |json: &str| URL_SAFE_NO_PAD.encode(json);
    format!(
        "{}.{}.sig",
        part(r#"{"alg":"none"}"#),
        part(r#"{"preferred_username":"lead@provider.example"}"#)
    )
}

fn serve(mut stream: TcpStream, seen: &Mutex<Seen>) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    reader.read_line(&mut line).unwrap();
    let post_token = line.starts_with("POST /token ");
    let mut length = 0;
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).unwrap();
        if header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    let param = |n: &str| {
        form.iter()
            .find(|(k, _)| k == n)
            .map_or("", |(_, v)| v.as_str())
    };
    let refused = |why: &str| {
        (
            400,
            format!(r#"{{"error":"invalid_grant","error_description":"{why}"}}"#),
        )
    };
    let (status, answer) = {
        let mut seen = seen.lock().unwrap();
        if !post_token || param("client_id") != "test" {
            (404, r#"{"error":"invalid_request"}"#.to_owned())
        } else if seen.refuse {
            refused("AADSTS70043: The refresh token has expired")
        } else if param("grant_type") == "authorization_code" {
            let verifier = param("code_verifier");
            let pkce = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
            let matches = !verifier.is_empty() && pkce == seen.challenge;
            seen.exchanges.push(matches);
            if !matches || param("code") != "C" || param("redirect_uri") != seen.redirect_uri {
                refused("the code verifier, code or redirect does not match")
            } else {
                (
                    200,
                    format!(
                        r#"{{"access_token":"{ACCESS}","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-1","id_token":"{}"}}"#,
                        id_token()
                    ),
                )
            }
        } else if param("grant_type") == "refresh_token"
            && param("scope").contains("IMAP.AccessAsUser.All")
        {
            let presented = param("refresh_token").to_owned();
            seen.refreshes.push(presented.clone());
            match presented.as_str() {
                // rt-1 is rotated to rt-2; rt-2 stays (no new one is given).
                "rt-1" => (
                    200,
                    format!(
                        r#"{{"access_token":"{ACCESS}","token_type":"Bearer","expires_in":3600,"refresh_token":"rt-2"}}"#
                    ),
                ),
                "rt-2" => (
                    200,
                    format!(
                        r#"{{"access_token":"{ACCESS}","token_type":"Bearer","expires_in":3600}}"#
                    ),
                ),
                _ => refused("unknown refresh token"),
            }
        } else {
            refused("unexpected grant")
        }
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
}

/// The browser: one GET, the whole answer.
fn visit(address: &url::Url) -> String {
    let mut s = TcpStream::connect((
        address.host_str().unwrap(),
        address.port_or_known_default().unwrap(),
    ))
    .unwrap();
    let target = &address[url::Position::BeforePath..];
    write!(s, "GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

/// `mail account add … --oauth microsoft`, playing the browser: reads the
/// sign-in address the CLI prints, hands its challenge to the mock, and
/// comes back to the redirect with code `C` and the state `state` gives
/// (the address's own state when it returns `None`).
fn add_with_oauth(
    db: &Db,
    keyring: &Keyring,
    mock: &Mock,
    imap_port: u16,
    extra: &[&str],
    state: impl Fn(&str) -> Option<String>,
) -> (std::process::Output, String, url::Url) {
    let (port, token_url) = (imap_port.to_string(), mock.url());
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("candor"))
        .arg("--db")
        .arg(&db.path)
        .args(["--as", "Sam Carter", "mail", "account", "add", "work"])
        .args(["--oauth", "microsoft", "--client-id", "test"])
        .args(["--authorize-url", "http://127.0.0.1:1/authorize"])
        .args(["--token-url", &token_url])
        .args([
            "--security",
            "plain",
            "--host",
            "127.0.0.1",
            "--port",
            &port,
        ])
        .arg("--no-browser")
        .args(extra)
        .env("DBUS_SESSION_BUS_ADDRESS", &keyring.bus)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut said = BufReader::new(child.stderr.take().unwrap());
    let mut told = String::new();
    let address = loop {
        let mut line = String::new();
        assert!(
            said.read_line(&mut line).unwrap() > 0,
            "the CLI printed no sign-in address: {told}"
        );
        told.push_str(&line);
        if let Some(at) = line.find("http://127.0.0.1:1/authorize?") {
            break url::Url::parse(line[at..].trim()).unwrap();
        }
    };
    let query = |name: &str| {
        address
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default()
    };
    let redirect = url::Url::parse(&query("redirect_uri")).unwrap();
    {
        let mut seen = mock.seen();
        seen.challenge = query("code_challenge");
        seen.redirect_uri = redirect.to_string();
    }
    let mut back = redirect.clone();
    let state = state(&query("state")).unwrap_or_else(|| query("state"));
    back.query_pairs_mut()
        .append_pair("code", "C")
        .append_pair("state", &state);
    let page = visit(&back);
    said.read_to_string(&mut told).unwrap();
    let out = child.wait_with_output().unwrap();
    told.push_str(&page);
    (out, told, address)
}

#[test]
fn oauth_sign_in_with_pkce_then_syncs_over_xoauth2_refreshing_and_rotating_its_token() {
    let db = Db::demo();
    let server = tempfile::tempdir().unwrap();
    let dovecot = Dovecot::start_with(server.path(), ACCESS, "plain login xoauth2");
    let keyring = Keyring::start(server.path());
    let mock = Mock::start();
    for n in 1..=2 {
        dovecot.deliver(
            "INBOX",
            &message(n, "Maria Lopez <maria.lopez@northwind.example>"),
        );
    }
    dovecot.deliver("INBOX", &message(3, "Shop <news@shop.example>"));

    // The browser comes back with another sign-in's state: refused, nothing added.
    let (out, told, _) = add_with_oauth(
        &db,
        &keyring,
        &mock,
        dovecot.port,
        &["--user", "lead@provider.example"],
        |_| Some("forged".into()),
    );
    assert!(!out.status.success(), "{told}");
    assert!(told.contains("state differs"), "{told}");
    assert!(told.contains("HTTP/1.1 400"), "{told}");
    assert!(mock.seen().exchanges.is_empty(), "no code was exchanged");
    assert_eq!(
        db.scalar("SELECT CAST(count(*) AS TEXT) FROM mail_accounts"),
        "0"
    );

    // With no --user, the sign-in says who signed in (its ID token).
    let (out, told, address) = add_with_oauth(&db, &keyring, &mock, dovecot.port, &[], |_| None);
    assert!(out.status.success(), "{told}");
    assert!(told.contains("close this window"), "{told}");
    let query = |name: &str| {
        address
            .query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(query("code_challenge_method").as_deref(), Some("S256"));
    assert_eq!(query("client_id").as_deref(), Some("test"));
    assert_eq!(query("response_type").as_deref(), Some("code"));
    let scope = query("scope").unwrap();
    assert!(
        scope.contains("https://outlook.office.com/IMAP.AccessAsUser.All")
            && scope.contains("offline_access"),
        "{scope}"
    );
    let redirect = url::Url::parse(&query("redirect_uri").unwrap()).unwrap();
    assert_eq!(
        (redirect.scheme(), redirect.host_str()),
        ("http", Some("127.0.0.1"))
    );
    assert_eq!(
        mock.seen().exchanges,
        [true],
        "the verifier matched the S256 challenge"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("lead@provider.example@127.0.0.1"),
        "{stdout}"
    );

    let list = mail_ok(&db, &keyring, &["account", "list", "--json"]);
    assert_eq!(list[0]["user"], "lead@provider.example");
    assert_eq!(list[0]["sign_in"]["kind"], "oauth");
    assert_eq!(list[0]["sign_in"]["client_id"], "test");
    assert_eq!(list[0]["sign_in"]["token_url"], mock.url());
    assert_eq!(list[0]["secret"], "refresh token");
    assert_eq!(list[0]["secret_kept"], true);

    // Each sync signs in over XOAUTH2 with a fresh access token from the
    // refresh grant: rt-1 is rotated to rt-2, which is kept and sent next.
    let first = mail_ok(&db, &keyring, &["sync", "--json"]);
    assert_eq!(imported(&first), 2, "{first}");
    assert_eq!(mock.seen().refreshes, ["rt-1"]);
    let log = std::fs::read_to_string(server.path().join("log")).unwrap();
    assert!(log.contains("method=XOAUTH2"), "{log}");
    dovecot.deliver(
        "INBOX",
        &message(4, "Maria Lopez <maria.lopez@northwind.example>"),
    );
    let second = mail_ok(&db, &keyring, &["sync", "--json"]);
    assert_eq!(imported(&second), 1, "{second}");
    assert_eq!(mock.seen().refreshes, ["rt-1", "rt-2"]);
    // No new refresh token came with the last answer: rt-2 stays.
    mail_ok(&db, &keyring, &["sync", "--json"]);
    assert_eq!(mock.seen().refreshes, ["rt-1", "rt-2", "rt-2"]);

    // No token is in the file (nor its write-ahead log).
    let wal = std::path::PathBuf::from(format!("{}-wal", db.path.display()));
    for file in [db.path.clone(), wal] {
        let Ok(bytes) = std::fs::read(&file) else {
            continue;
        };
        for token in ["rt-1", "rt-2", ACCESS] {
            assert!(
                !bytes.windows(token.len()).any(|w| w == token.as_bytes()),
                "{token} reached {}",
                file.display()
            );
        }
    }

    // A refused refresh is said in words, naming the token endpoint.
    mock.seen().refuse = true;
    let refused = mail(&db, &keyring, &["sync"], "");
    assert!(!refused.status.success());
    let text = String::from_utf8_lossy(&refused.stderr);
    assert!(
        text.contains(&format!(
            "the token endpoint {} refused: invalid_grant",
            mock.url()
        )) && text.contains("remove the account and add it again"),
        "{text}"
    );
    assert!(!text.contains("rt-2"), "{text}");

    // Removing the account forgets its refresh token.
    let row = db.scalar("SELECT sign_in FROM mail_accounts");
    let removed = mail(&db, &keyring, &["account", "remove", "work"], "");
    assert!(removed.status.success());
    db.sql(&format!(
        "INSERT INTO mail_accounts (name, host, port, security, user, folders, sign_in)
         VALUES ('again', '127.0.0.1', {}, 'plain', 'lead@provider.example', '[\"INBOX\"]', '{row}')",
        dovecot.port
    ));
    let list = mail_ok(&db, &keyring, &["account", "list", "--json"]);
    assert_eq!(list[0]["secret_kept"], false, "{list}");
}
