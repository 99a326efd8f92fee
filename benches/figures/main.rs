//! Candor's performance figures at scale, printed (not asserted):
//! `cargo bench --bench figures`.
//!
//! Every figure is the release `candor` run as a user runs it: one process,
//! whole-process wall time and peak resident memory, on a database made by
//! `candor demo --scale N`. The import is set beside a floor measured in the
//! same run (`floor.rs`).
//!
//! - `CANDOR_BENCH_SCALES`: communications, comma-separated (default `100000`;
//!   the table is `100000,1000000`).
//! - `CANDOR_BENCH_IMPORTS`: messages per imported mailbox (default `10000`).
//!
//! How long a writer waits beside a large import:
//! `cargo run --release -p candor-core --example writer_wait`.

mod floor;
mod run;

use candor_core::demo;
use run::{Candor, Cost, percentile};
use std::path::Path;

/// The argument that runs [`live_figures`] in a process of its own.
const LIVE: &str = "--live-figures";

/// `log add` of one call, as the figures write it.
const ADD: [&str; 12] = [
    "--as",
    "Sam Carter",
    "log",
    "add",
    "--kind",
    "call",
    "--at",
    "2026-11-19 10:00",
    "--subject",
    "Bench call",
    "--with",
    "Maria Lopez",
];

/// The words the synthetic communications are written with (`demo::scale`).
const WORDS: [&str; 10] = [
    "invoice", "carrier", "accrual", "payment", "vendor", "delivery", "credit", "freight",
    "dispute", "ledger",
];

fn sizes(var: &str, default: &str) -> Vec<usize> {
    std::env::var(var)
        .unwrap_or_else(|_| default.into())
        .split(',')
        .map(|s| {
            s.trim()
                .parse()
                .unwrap_or_else(|_| panic!("{var}: {s} is not a number"))
        })
        .collect()
}

fn row(what: &str, cost: Cost) {
    println!("  {what:<46} {:>9.3} s {:>9.1} MB", cost.secs, cost.rss);
}

fn main() {
    let bin = Path::new(env!("CARGO_BIN_EXE_candor")).to_path_buf();
    let args: Vec<String> = std::env::args().collect();
    if let [_, live, db, log] = args.as_slice()
        && live == LIVE
    {
        let candor = Candor {
            bin,
            db: db.into(),
            log: log.into(),
        };
        return live_figures(&candor);
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let log = dir.path().join("stderr.txt");
    let build = if cfg!(debug_assertions) {
        "debug build: use `cargo bench` for the real figures"
    } else {
        "release build"
    };
    println!("Candor figures, {build}; whole process: wall time, peak resident memory");
    for n in sizes("CANDOR_BENCH_SCALES", "100000") {
        let candor = Candor {
            bin: bin.clone(),
            db: dir.path().join(format!("scale-{n}.db")),
            log: log.clone(),
        };
        println!("\n{n} communications");
        record_figures(&candor, dir.path(), n);
        std::fs::remove_file(&candor.db).ok();
    }
    println!("\nimport mbox against the floor (mail-parser + one SQLite transaction with FTS5)");
    for m in sizes("CANDOR_BENCH_IMPORTS", "10000") {
        import_figures(&bin, dir.path(), &log, m);
    }
}

/// The figures of one database of `n` synthetic communications.
fn record_figures(candor: &Candor, dir: &Path, n: usize) {
    let n_arg = n.to_string();
    row(
        &format!("demo --scale {n}"),
        candor.run(&["demo", "--scale", &n_arg]),
    );
    let size = std::fs::metadata(&candor.db).map_or(0, |m| m.len());
    println!("  {:<46} {:>9.1} MB", "database size", size as f64 / 1e6);
    row("show", candor.run(&["show"]));
    row("log list (first page)", candor.run(&["log", "list"]));
    row(
        "log list --person (first page)",
        candor.run(&["log", "list", "--person", "Maria Lopez"]),
    );
    row(
        "log list --person --kind email",
        candor.run(&["log", "list", "--person", "Maria Lopez", "--kind", "email"]),
    );
    row(
        "log list --department",
        candor.run(&["log", "list", "--department", "Finance"]),
    );
    row(
        "log list --party",
        candor.run(&["log", "list", "--party", "Northwind Foods"]),
    );
    row(
        "log list --kind call",
        candor.run(&["log", "list", "--kind", "call"]),
    );
    row(
        "log list --week (first page)",
        candor.run(&["log", "list", "--week", "2026-W47"]),
    );
    let searches: Vec<Cost> = WORDS
        .iter()
        .flat_map(|a| WORDS.iter().map(move |b| (a, b)))
        .filter(|(a, b)| a != b)
        .take(50)
        .map(|(a, b)| candor.run(&["search", &format!("{a} {b}")]))
        .collect();
    let worst = searches.iter().map(|c| c.rss).fold(0.0, f64::max);
    println!(
        "  {:<46} {:>9.3} s {:>9.1} MB (median {:.3} s)",
        format!("search \"two words\" p95 of {}", searches.len()),
        percentile(&searches, 95.0),
        worst,
        percentile(&searches, 50.0)
    );
    row("log add (one call)", candor.run(&ADD));
    row("flags --json", candor.run(&["flags", "--json"]));
    candor.run(&ADD);
    row(
        "flags --json right after one write",
        candor.run(&["flags", "--json"]),
    );
    // In a process of its own: a child's peak memory counts its parent's at
    // the fork, so the bench process itself stays small.
    let live = std::process::Command::new(std::env::current_exe().expect("the bench"))
        .args([LIVE.as_ref(), candor.db.as_os_str(), candor.log.as_os_str()])
        .status()
        .expect("the live figures");
    assert!(live.success(), "the live figures failed");
    for format in ["html", "pdf"] {
        let out = dir.join(format!("report.{format}"));
        let out = out.to_str().expect("a UTF-8 path");
        row(
            &format!("report --week 2026-W47 --format {format}"),
            candor.run(&[
                "report", "--week", "2026-W47", "--format", format, "-o", out,
            ]),
        );
    }
    let export = dir.join("export.json");
    row(
        "export json",
        candor.run(&[
            "export",
            "json",
            "-o",
            export.to_str().expect("a UTF-8 path"),
        ]),
    );
    let exported = std::fs::metadata(&export).map_or(0, |m| m.len());
    println!("  {:<46} {:>9.1} MB", "export size", exported as f64 / 1e6);
    std::fs::remove_file(&export).ok();
    row("audit verify", candor.run(&["audit", "verify"]));
}

/// The desktop's live flags, in this process: judged first on opening, then
/// again after `candor` (another writer of the file) records one call, asked
/// at the instant after it, as the desktop's clock would be.
fn live_figures(candor: &Candor) {
    let store = candor_core::Store::open(&candor.db).expect("the bench database");
    let now = chrono::Utc::now();
    let started = std::time::Instant::now();
    let mut live = candor_core::flags::Live::new(&store, now).expect("the live record");
    let first = live.flags(&store, now).expect("the flags").len();
    println!(
        "  {:<46} {:>9.3} s  ({first} flags)",
        "live flags: first judgement (desktop, opening)",
        started.elapsed().as_secs_f64()
    );
    candor.run(&ADD);
    let now = chrono::Utc::now();
    let started = std::time::Instant::now();
    let after = live.flags(&store, now).expect("the flags").len();
    println!(
        "  {:<46} {:>9.3} s  ({after} flags)",
        "live flags: after another writer's write",
        started.elapsed().as_secs_f64()
    );
    let later = now + chrono::Duration::days(1);
    let started = std::time::Instant::now();
    live.flags(&store, later).expect("the flags");
    println!(
        "  {:<46} {:>9.3} s",
        "live flags: a day later, no write",
        started.elapsed().as_secs_f64()
    );
}

/// `candor import mbox` of `m` messages into the demo beside the floor's rate.
fn import_figures(bin: &Path, dir: &Path, log: &Path, m: usize) {
    let mbox = dir.join(format!("import-{m}.mbox"));
    std::fs::write(&mbox, demo::mbox(m, "bench")).expect("the mailbox");
    let bytes = std::fs::read(&mbox).expect("the mailbox");
    let floor_db = dir.join(format!("floor-{m}.db"));
    let floor = floor::messages_per_second(&bytes, &floor_db);
    drop(bytes);
    std::fs::remove_file(&floor_db).ok();
    let candor = Candor {
        bin: bin.to_path_buf(),
        db: dir.join(format!("import-{m}.db")),
        log: log.to_path_buf(),
    };
    candor.run(&["demo"]);
    let cost = candor.run(&[
        "--as",
        "Sam Carter",
        "import",
        "mbox",
        mbox.to_str().expect("a UTF-8 path"),
    ]);
    let rate = m as f64 / cost.secs;
    println!(
        "  {:<46} {:>9.3} s {:>9.1} MB  {rate:>8.0} msg/s; floor {floor:.0} msg/s; {:.1}% of the floor",
        format!("import mbox, {m} messages"),
        cost.secs,
        cost.rss,
        100.0 * rate / floor
    );
    std::fs::remove_file(&candor.db).ok();
    std::fs::remove_file(&mbox).ok();
}
