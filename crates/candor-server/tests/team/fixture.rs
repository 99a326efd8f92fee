//! A PostgreSQL cluster and a `candor-server` for one test, on loopback;
//! both stop when the test ends.

use candor_core::{Author, Change, Ids, Kind, Store};
use candor_sync::Client;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};

/// The newest PostgreSQL installed the Debian way (`/usr/lib/postgresql/N/bin`).
fn bin() -> PathBuf {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let n = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((n, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, p)| p)
        .expect("PostgreSQL is missing: install postgresql (bash .ci/setup does)")
}
pub const PASSWORD: &str = "correct horse battery";

fn is_root() -> bool {
    // SAFETY: getuid has no preconditions.
    unsafe { libc_getuid() == 0 }
}

unsafe extern "C" {
    #[link_name = "getuid"]
    fn libc_getuid() -> u32;
}

/// Runs a PostgreSQL tool, as the `postgres` user when the tests run as root.
fn pg(tool: &str) -> Command {
    let path = bin().join(tool);
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(&path);
        c
    } else {
        Command::new(path)
    }
}

fn run(mut c: Command, what: &str) -> String {
    let out = c.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    assert!(
        out.status.success(),
        "{what} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A throwaway PostgreSQL cluster listening on 127.0.0.1.
pub struct Cluster {
    dir: tempfile::TempDir,
    pub port: u16,
}

impl Cluster {
    pub fn start() -> Cluster {
        let dir = tempfile::Builder::new()
            .prefix("candor-pg")
            .tempdir()
            .unwrap();
        if is_root() {
            run(
                {
                    let mut c = Command::new("chown");
                    c.arg("postgres").arg(dir.path());
                    c
                },
                "chown",
            );
        }
        let data = dir.path().join("data");
        let mut init = pg("initdb");
        init.arg("-D")
            .arg(&data)
            .args(["-A", "trust", "-U", "candor", "--no-sync"]);
        run(init, "initdb");
        let port = free_port();
        let mut start = pg("pg_ctl");
        start
            .arg("-D")
            .arg(&data)
            .arg("-l")
            .arg(dir.path().join("log"))
            .arg("-o")
            .arg(format!(
                "-c listen_addresses=127.0.0.1 -p {port} -k {} -c fsync=off -c max_connections=200",
                dir.path().display()
            ));
        start.args(["-w", "start"]);
        run(start, "pg_ctl start");
        let mut create = pg("createdb");
        create.args([
            "-h",
            "127.0.0.1",
            "-p",
            &port.to_string(),
            "-U",
            "candor",
            "candor",
        ]);
        run(create, "createdb");
        Cluster { dir, port }
    }

    pub fn url(&self) -> String {
        format!(
            "host=127.0.0.1 port={} user=candor dbname=candor",
            self.port
        )
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let mut stop = pg("pg_ctl");
        stop.arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"]);
        let _ = stop.output();
    }
}

/// A `candor-server` serving engagement `acme`, whose first member `root`
/// (Ada Admin, admin and lead) records the other members' people.
pub struct Server {
    data: tempfile::TempDir,
    db: String,
    port: u16,
    child: Option<Child>,
    pub url: String,
}

impl Server {
    fn command(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_candor-server"));
        c.env("CANDOR_SERVER_DATABASE_URL", &self.db)
            .env("CANDOR_SERVER_DATA_DIR", self.data.path())
            .env("CANDOR_SERVER_LISTEN", format!("127.0.0.1:{}", self.port))
            .env("CANDOR_SERVER_LOG", "warn");
        c
    }

    fn admin(&self, args: &[&str], stdin: Option<&str>) -> String {
        let mut c = self.command();
        c.args(args);
        if let Some(text) = stdin {
            use std::io::Write;
            c.stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            let mut child = c.spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
            let out = child.wait_with_output().unwrap();
            assert!(
                out.status.success(),
                "{args:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            return String::from_utf8_lossy(&out.stdout).into_owned();
        }
        run(c, &format!("candor-server {args:?}"))
    }

    pub fn start(pg: &Cluster) -> Server {
        let mut server = Server {
            data: tempfile::tempdir().unwrap(),
            db: pg.url(),
            port: free_port(),
            child: None,
            url: String::new(),
        };
        server.admin(&["init"], None);
        server.admin(
            &[
                "engagement",
                "create",
                "acme",
                "--name",
                "Acme payroll",
                "--time-zone",
                "Europe/London",
                "--provider",
                "Northwind",
                "--department",
                "Payroll ops",
                "--person",
                "Ada Admin",
                "--email",
                "ada@northwind.example",
            ],
            None,
        );
        server.admin(
            &[
                "member",
                "add",
                "acme",
                "root",
                "--person",
                "Ada Admin",
                "--role",
                "admin",
                "--role",
                "lead",
                "--password-stdin",
            ],
            Some(PASSWORD),
        );
        server.restart();
        server
    }

    /// Starts `serve` and waits for it to say where it listens.
    pub fn restart(&mut self) {
        let mut c = self.command();
        c.arg("serve")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        let mut child = c.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("candor-server listening on ")
            .unwrap_or_else(|| panic!("serve said {line:?}"))
            .to_owned();
        self.url = url;
        self.child = Some(child);
    }

    /// Kills the server with SIGKILL, as a crash would.
    pub fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    pub fn client_of(&self, account: &str, engagement: &str) -> Client {
        let session = Client::login(&self.url, account, PASSWORD).unwrap();
        Client::new(&self.url, engagement, &session.token)
    }

    /// A signed-in client of `acme`.
    pub fn client(&self, account: &str) -> Client {
        self.client_of(account, "acme")
    }

    /// Adds `account` as a new provider person of its own, holding `role`.
    pub fn member(&self, account: &str, role: &str) {
        let root = self.client("root");
        let mut copy = Store::open_in_memory().unwrap();
        candor_sync::pull(&mut copy, &root).unwrap();
        let department = copy
            .list(Kind::Department, false)
            .unwrap()
            .into_iter()
            .find(|d| d.label == "Payroll ops")
            .unwrap();
        let name = format!("Person {account}");
        let pushed = root
            .push(vec![candor_sync::wire::PushItem {
                client_id: format!("person-{account}"),
                made_at: chrono::Utc::now(),
                changes: vec![Change::Create {
                    kind: Kind::Person,
                    key: None,
                    data: serde_json::json!({"name": name, "department": department.key}),
                }],
            }])
            .unwrap();
        assert!(
            matches!(
                pushed.answers[0].outcome,
                candor_sync::wire::Outcome::Accepted { .. }
            ),
            "{pushed:?}"
        );
        self.admin(
            &[
                "member",
                "add",
                "acme",
                account,
                "--person",
                &name,
                "--role",
                role,
                "--password-stdin",
            ],
            Some(PASSWORD),
        );
    }

    /// Takes the Candor file `file` as engagement `id`.
    pub fn import(&self, id: &str, file: &Path) {
        self.admin(
            &["engagement", "import", id, &file.display().to_string()],
            None,
        );
    }

    /// Adds `account` to engagement `engagement` as `person`, a viewer.
    pub fn member_of(&self, engagement: &str, account: &str, person: &str) {
        self.admin(
            &[
                "member",
                "add",
                engagement,
                account,
                "--person",
                person,
                "--role",
                "viewer",
                "--password-stdin",
            ],
            Some(PASSWORD),
        );
    }

    pub fn revoke(&self, account: &str) {
        self.admin(&["member", "revoke", "acme", account], None);
    }

    /// A copy of `acme` in a Candor file for `account`, with its record taken.
    pub fn copy(&self, dir: &Path, account: &str) -> (Store, Client) {
        let session = Client::login(&self.url, account, PASSWORD).unwrap();
        let member = session
            .memberships
            .iter()
            .find(|m| m.engagement == "acme")
            .unwrap()
            .clone();
        let mut store = Store::create(&dir.join(format!("{account}.candor"))).unwrap();
        store
            .join(&candor_core::store::Remote {
                url: self.url.clone(),
                engagement: "acme".into(),
                account: account.into(),
                person: member.person,
            })
            .unwrap();
        let client = Client::new(&self.url, "acme", &session.token);
        candor_sync::pull(&mut store, &client).unwrap();
        (store, client)
    }

    /// The server's working copy of `acme`.
    pub fn working_copy(&self) -> PathBuf {
        self.data.path().join("acme.candor")
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Records `changes` on a copy as its member (they wait in the outbox).
pub fn write(store: &mut Store, changes: Vec<Change>) {
    let person = store.remote().unwrap().unwrap().person;
    let mut ids = Ids::seeded(unique());
    store
        .apply(&Author::new(person, chrono::Utc::now()), &mut ids, changes)
        .unwrap();
}

/// A number no other call in this process returns.
pub fn unique() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed) + std::process::id() as u64 * 1_000_000
}

/// `name` from the environment, or `default`.
pub fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}
