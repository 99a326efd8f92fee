//! `candor-bridge` (feature `test-bridge`, never in a release build): the real
//! desktop command layer — the same [`candor_desktop::app`] the window runs,
//! with the same capabilities — on Tauri's mock runtime, served over HTTP so
//! the browser tests (ui/tests/browser) drive the UI against the real core.
//!
//! It listens on 127.0.0.1 on a random port and prints one line,
//! `{"port":N,"token":"..."}`, when ready. Every request is a POST with a JSON
//! body and the header `x-candor-bridge-token: <token>`. It exits when its
//! stdin closes (its parent, the test harness, is gone), removing its files.
//!
//! - `/invoke` `{cmd, args}` → `{"ok": value}` or `{"err": AppError}`, exactly
//!   what the command resolves or rejects with in the window.
//! - `/channel` → `[{id, index, message}]`: the messages sent on IPC channels
//!   since the last call (waits up to 250 ms for one); the page hands each to
//!   `runCallback(id, {message, index})` as the window's IPC would.
//! - `/reset` `{demo?, scale?, now?, mail_idle?, oauth_token_url?, oauth_imap_port?}`
//!   → `{home, db}` (Microsoft 365 sign-ins go to that token endpoint and that
//!   IMAP port on 127.0.0.1): a fresh data
//!   folder and database (empty, or the demo loaded with its outsourcing lead
//!   as this machine's identity, plus `scale` synthetic communications), fresh
//!   preferences (IDLE waits of `mail_idle` seconds), the mail watchers
//!   stopped, and the clock at `now` (default: the demo's "now").
//! - `/demo-file` `{path}` → `{path}`: writes a demo database at `path` with
//!   no identity chosen for it (someone else's shared file).
//! - `/mbox-file` `{path, n}` → `{path}`: writes the core's synthetic mbox of
//!   `n` messages (`demo::mbox`) at `path`: an import long enough to watch.
//! - `/clock` `{now}` → `{now}`: sets the session's clock.
//! - `/opened` → `[url]`: the addresses the app asked to open in the user's
//!   browser since the last call (a sign-in page: the test plays the browser).

use candor_core::demo;
use candor_desktop::prefs::Prefs;
use candor_desktop::session::{Clock, Open, Session, TestAuthority, open_store};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tauri::ipc::{CallbackFn, InvokeBody, InvokeResponseBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{Manager, WebviewWindow};

const TOKEN_HEADER: &str = "x-candor-bridge-token";
const MAX_BODY: usize = 64 << 20;

/// Channel messages waiting for the page to collect them.
#[derive(Default)]
struct Outbox {
    messages: Mutex<Vec<Value>>,
    ready: Condvar,
}

struct Bridge {
    webview: WebviewWindow<MockRuntime>,
    token: String,
    root: PathBuf,
    runs: AtomicUsize,
    outbox: Arc<Outbox>,
    /// The addresses the app asked to open in a browser (sign-in pages).
    opened: Arc<Mutex<Vec<String>>>,
}

fn main() {
    let root = std::env::temp_dir().join(format!("candor-bridge-{}", uuid::Uuid::new_v4()));
    if let Err(e) = run(&root) {
        eprintln!("candor-bridge: {e}");
        let _ = std::fs::remove_dir_all(&root);
        std::process::exit(1);
    }
}

fn run(root: &Path) -> Result<(), String> {
    std::fs::create_dir_all(root).map_err(|e| e.to_string())?;
    let clock = Clock::fixed(demo::default_now());
    let (_, db, prefs) = fresh_home(root, 0)?;
    let mut session = Session::new(&db, Prefs::default(), prefs, clock)?;
    let opened = Arc::new(Mutex::new(Vec::new()));
    let kept = opened.clone();
    session.opener = Arc::new(move |url: &str| {
        kept.lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(url.to_owned());
    });

    let outbox = Arc::new(Outbox::default());
    let sink = outbox.clone();
    let builder = mock_builder().channel_interceptor(move |_webview, callback, index, body| {
        let message = match body {
            InvokeResponseBody::Json(json) => serde_json::from_str(json).unwrap_or(Value::Null),
            InvokeResponseBody::Raw(bytes) => json!(bytes),
        };
        let mut queue = sink.messages.lock().unwrap_or_else(|p| p.into_inner());
        queue.push(json!({ "id": callback.0, "index": index, "message": message }));
        sink.ready.notify_all();
        true
    });
    let app = candor_desktop::app(builder, session)
        .build(tauri::generate_context!("../tauri.conf.json"))
        .map_err(|e| format!("the app could not be built: {e}"))?;
    let webview = match app.get_webview_window("main") {
        Some(w) => w,
        None => tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .map_err(|e| format!("no main window: {e}"))?,
    };

    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let bridge = Arc::new(Bridge {
        webview,
        token: uuid::Uuid::new_v4().simple().to_string(),
        root: root.to_path_buf(),
        runs: AtomicUsize::new(1),
        outbox,
        opened,
    });
    {
        let bridge = bridge.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let bridge = bridge.clone();
                std::thread::spawn(move || serve(stream, &bridge));
            }
        });
    }
    println!("{}", json!({ "port": port, "token": bridge.token }));
    let _ = std::io::stdout().flush();

    // Bounded by the parent: when the harness closes stdin (or dies), stop.
    let mut sink = Vec::new();
    let _ = std::io::stdin().lock().read_to_end(&mut sink);
    let _ = std::fs::remove_dir_all(root);
    drop(app);
    std::process::exit(0);
}

/// A fresh data folder: `<home>/.local/share/candor/candor.db`, and the
/// preferences at `<home>/.config/candor/desktop.json`.
fn fresh_home(root: &Path, run: usize) -> Result<(PathBuf, PathBuf, PathBuf), String> {
    let home = root.join(format!("run-{run}")).join("home");
    let data = home.join(".local/share/candor");
    std::fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    let prefs = home.join(".config/candor/desktop.json");
    Ok((home, data.join("candor.db"), prefs))
}

fn instant(v: &Value) -> Result<Option<DateTime<Utc>>, String> {
    match v.as_str() {
        None => Ok(None),
        Some(t) => candor_core::time::parse(t)
            .map(Some)
            .ok_or_else(|| format!("\"{t}\" is not an RFC 3339 instant")),
    }
}

fn session(bridge: &Bridge) -> tauri::State<'_, Session> {
    bridge.webview.state::<Session>()
}

fn reset(bridge: &Bridge, req: &Value) -> Result<Value, String> {
    let run = bridge.runs.fetch_add(1, Ordering::SeqCst);
    let (home, db, prefs_path) = fresh_home(&bridge.root, run)?;
    let session = session(bridge);
    let now = instant(&req["now"])?.unwrap_or_else(demo::default_now);
    session.clock.set(now);
    session.mail.stop_all();
    *session
        .test_authority
        .lock()
        .unwrap_or_else(|p| p.into_inner()) = match (
        req["oauth_token_url"].as_str(),
        req["oauth_imap_port"].as_u64(),
    ) {
        (Some(token_url), Some(port)) => Some(TestAuthority {
            token_url: token_url.to_owned(),
            imap_port: port as u16,
        }),
        _ => None,
    };
    let prefs = Prefs {
        mail_idle_seconds: req["mail_idle"].as_u64(),
        ..Prefs::default()
    };
    let mut open =
        Open::new(&db, prefs, prefs_path, session.clock.clone()).map_err(|e| e.message)?;
    if req["demo"].as_bool().unwrap_or(false) {
        let summary = demo::load(&mut open.store, now, 1).map_err(|e| e.to_string())?;
        if let Some(n) = req["scale"].as_u64().filter(|n| *n > 0) {
            demo::scale(&mut open.store, now, 1, n as usize).map_err(|e| e.to_string())?;
        }
        open.set_identity(&summary.lead).map_err(|e| e.message)?;
    }
    session
        .cancel
        .store(false, std::sync::atomic::Ordering::SeqCst);
    *session.lock() = open;
    bridge
        .outbox
        .messages
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clear();
    Ok(json!({ "home": home, "db": db }))
}

fn demo_file(req: &Value) -> Result<Value, String> {
    let path = PathBuf::from(req["path"].as_str().ok_or("a path is needed")?);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    }
    let mut store = open_store(&path).map_err(|e| e.to_string())?;
    demo::load(&mut store, demo::default_now(), 1).map_err(|e| e.to_string())?;
    Ok(json!({ "path": path }))
}

fn invoke(bridge: &Bridge, req: &Value) -> Result<Value, String> {
    let cmd = req["cmd"].as_str().ok_or("a cmd is needed")?.to_owned();
    let args = match &req["args"] {
        Value::Null => json!({}),
        v => v.clone(),
    };
    let request = InvokeRequest {
        cmd,
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().map_err(|e| format!("{e}"))?,
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    Ok(match get_ipc_response(&bridge.webview, request) {
        Ok(InvokeResponseBody::Json(s)) => {
            json!({ "ok": serde_json::from_str::<Value>(&s).map_err(|e| e.to_string())? })
        }
        Ok(InvokeResponseBody::Raw(bytes)) => json!({ "ok": bytes }),
        Err(e) => json!({ "err": e }),
    })
}

/// The channel messages sent so far, waiting a little for one when there are none.
fn channel(bridge: &Bridge) -> Value {
    let outbox = &bridge.outbox;
    let mut queue = outbox.messages.lock().unwrap_or_else(|p| p.into_inner());
    if queue.is_empty() {
        queue = outbox
            .ready
            .wait_timeout(queue, Duration::from_millis(250))
            .unwrap_or_else(|p| p.into_inner())
            .0;
    }
    Value::Array(std::mem::take(&mut *queue))
}

fn route(bridge: &Bridge, path: &str, req: &Value) -> Result<Value, String> {
    match path {
        "/invoke" => invoke(bridge, req),
        "/channel" => Ok(channel(bridge)),
        "/reset" => reset(bridge, req),
        "/demo-file" => demo_file(req),
        "/mbox-file" => {
            let path = PathBuf::from(req["path"].as_str().ok_or("a path is needed")?);
            let n = req["n"].as_u64().ok_or("n is needed")? as usize;
            std::fs::write(&path, demo::mbox(n, "bridge")).map_err(|e| e.to_string())?;
            Ok(json!({ "path": path }))
        }
        "/opened" => {
            let mut opened = bridge.opened.lock().unwrap_or_else(|p| p.into_inner());
            Ok(json!(std::mem::take(&mut *opened)))
        }
        "/clock" => {
            let now = instant(&req["now"])?.ok_or("now is needed")?;
            session(bridge).clock.set(now);
            Ok(json!({ "now": now }))
        }
        _ => Err(format!("no such endpoint: {path}")),
    }
}

/// One request per connection (HTTP/1.1, `Connection: close`).
fn serve(stream: TcpStream, bridge: &Bridge) {
    let (status, body) = match read_request(&stream) {
        Err(e) => (400, json!({ "error": e })),
        Ok((_, token, _)) if token.as_deref() != Some(bridge.token.as_str()) => {
            (403, json!({ "error": "wrong or missing token" }))
        }
        Ok((path, _, body)) => match serde_json::from_slice::<Value>(&body) {
            Err(e) => (
                400,
                json!({ "error": format!("the body is not JSON: {e}") }),
            ),
            Ok(req) => match route(bridge, &path, &req) {
                Ok(v) => (200, v),
                Err(e) => (500, json!({ "error": e })),
            },
        },
    };
    let body = body.to_string();
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        _ => "Internal Server Error",
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

/// The path, the token header and the body of a POST.
fn read_request(stream: &TcpStream) -> Result<(String, Option<String>, Vec<u8>), String> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).map_err(|e| e.to_string())?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    if method != "POST" {
        return Err(format!("only POST is served, not \"{method}\""));
    }
    let path = path.to_owned();
    let (mut token, mut length) = (None, 0usize);
    for _ in 0..100 {
        line.clear();
        reader.read_line(&mut line).map_err(|e| e.to_string())?;
        let header = line.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            let value = value.trim();
            if name.eq_ignore_ascii_case(TOKEN_HEADER) {
                token = Some(value.to_owned());
            } else if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().map_err(|_| "a bad content-length")?;
            }
        }
    }
    if length > MAX_BODY {
        return Err("the body is too large".into());
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).map_err(|e| e.to_string())?;
    Ok((path, token, body))
}
