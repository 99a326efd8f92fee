//! Candor's performance figures, printed (not asserted): `cargo bench --bench figures`.
//! CANDOR_BENCH_SCALE sets the number of synthetic communications (default 100000).

use candor_core::flags::{self, Snapshot};
use candor_core::import::{self, Format, Options};
use candor_core::log::{self, Filter};
use candor_core::report::{self, Edition};
use candor_core::store::{Author, Store};
use candor_core::{Ids, Kind, demo};
use std::time::Instant;

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let out = f();
    println!(
        "{what:<52} {:>10.1} ms",
        started.elapsed().as_secs_f64() * 1000.0
    );
    out
}

fn mbox(messages: usize) -> Vec<u8> {
    let mut out = String::new();
    for i in 0..messages {
        out.push_str(&format!(
            "From sender@example.com Mon Nov 16 10:00:00 2026\nFrom: Maria Lopez <maria.lopez@northwind.example>\nTo: sam.carter@brightline.example\nSubject: Invoice query {i}\nDate: Mon, 16 Nov 2026 10:{:02}:00 +0100\nMessage-ID: <bench-{i}@northwind.example>\n\nPlease check invoice {i} against the rate card and the proof of delivery.\n\n",
            i % 60
        ));
    }
    out.into_bytes()
}

fn main() {
    let n: usize = std::env::var("CANDOR_BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut store = Store::create(&dir.path().join("bench.db")).expect("a database");
    let now = demo::default_now();
    println!("Candor figures at {n} synthetic communications (release build)");
    timed("demo story", || {
        demo::load(&mut store, now, 1).expect("demo")
    });
    timed(
        &format!("demo --scale {n} (bulk load + search index)"),
        || demo::scale(&mut store, now, 1, n).expect("scale"),
    );
    let size = std::fs::metadata(dir.path().join("bench.db"))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("{:<52} {:>10.1} MB", "database size", size as f64 / 1e6);

    let filter = Filter::default();
    timed("log list: first page (50)", || {
        log::list(&store, &filter, 0, 50).expect("list")
    });
    timed("log list: page at offset n/2", || {
        log::list(&store, &filter, (n / 2) as i64, 50).expect("list")
    });
    let maria = store
        .resolve(Kind::Person, "Maria Lopez")
        .expect("Maria")
        .key;
    let by_person = Filter {
        person: Some(maria),
        ..Filter::default()
    };
    timed("log list: filtered by person, first page", || {
        log::list(&store, &by_person, 0, 50).expect("list")
    });
    let by_week = Filter {
        week: Some("2026-W47".into()),
        ..Filter::default()
    };
    timed("log list: filtered by week", || {
        log::list(&store, &by_week, 0, 50).expect("list")
    });
    timed("search \"carrier accrual\" (20 hits)", || {
        log::search(&store, "carrier accrual", 20).expect("search")
    });
    timed("search \"reconciliation ledger dispute\"", || {
        log::search(&store, "reconciliation ledger dispute", 20).expect("search")
    });

    let snapshot = timed("flags: load the record as of now", || {
        Snapshot::load(&store, now).expect("snapshot")
    });
    let found = timed("flags: evaluate all thirteen rules", || {
        flags::evaluate(&snapshot)
    });
    println!("{:<52} {:>10}", "flags holding", found.len());
    timed("flags: candor flags (load + evaluate)", || {
        flags::at(&store, now).expect("flags")
    });

    let built = timed("report: build 2026-W47 internal", || {
        report::build(&store, "2026-W47", Edition::Internal, now).expect("report")
    });
    timed("report: html", || report::html(&built).expect("html"));
    timed("report: markdown", || report::markdown(&built).expect("md"));
    timed("report: json", || report::json(&built));
    timed("report: csv", || report::csv_files(&built).expect("csv"));
    timed("report: xlsx", || report::xlsx(&built).expect("xlsx"));
    timed("report: pdf (Typst)", || {
        candor_pdf::pdf(&report::json(&built)).expect("pdf")
    });

    let messages = 10_000;
    let bytes = mbox(messages);
    let author = Author::new("bootstrap", now);
    let started = Instant::now();
    let file = import::File {
        format: Format::Mbox,
        name: "bench.mbox",
        bytes: &bytes,
    };
    let mut fresh = Store::create(&dir.path().join("import.db")).expect("a database");
    demo::load(&mut fresh, now, 1).expect("demo");
    let sam = fresh.resolve(Kind::Person, "Sam Carter").expect("Sam").key;
    let report = import::import_file(
        &mut fresh,
        &Author {
            actor: sam.0,
            ..author
        },
        &mut Ids::seeded(7),
        &file,
        &Options::around(now),
        &mut |_, _| true,
    )
    .expect("import");
    let secs = started.elapsed().as_secs_f64();
    println!(
        "{:<52} {:>10.0} messages/s ({} messages, {:.1} MB)",
        "import mbox",
        report.imported.len() as f64 / secs,
        report.imported.len(),
        bytes.len() as f64 / 1e6
    );
    timed("audit verify (whole chain + tables)", || {
        candor_core::audit::verify(&store, None).expect("verify")
    });
    writer_wait_during_import(&dir.path().join("writers.db"), now);
}

/// How long another writer waits while a large import runs: a second
/// connection records a matter every 20 ms during a CANDOR_BENCH_IMPORT-message
/// (default 100,000) import and reports its longest and median waits.
fn writer_wait_during_import(path: &std::path::Path, now: chrono::DateTime<chrono::Utc>) {
    use candor_core::store::Change;
    let messages: usize = std::env::var("CANDOR_BENCH_IMPORT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let mut store = Store::create(path).expect("a database");
    demo::load(&mut store, now, 1).expect("demo");
    let sam = store.resolve(Kind::Person, "Sam Carter").expect("Sam").key;
    let author = Author::new(sam.0.clone(), now);
    let bytes = mbox(messages);
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let done = done.clone();
        let path = path.to_path_buf();
        let author = author.clone();
        std::thread::spawn(move || {
            let mut other = Store::open(&path).expect("a second connection");
            let mut ids = Ids::seeded(8);
            let mut waits = Vec::new();
            while !done.load(std::sync::atomic::Ordering::SeqCst) {
                let started = Instant::now();
                other
                    .apply(
                        &author,
                        &mut ids,
                        vec![Change::Create {
                            kind: Kind::Matter,
                            key: None,
                            data: serde_json::json!({"name": format!("Matter {}", waits.len())}),
                        }],
                    )
                    .expect("a concurrent write");
                waits.push(started.elapsed().as_secs_f64() * 1000.0);
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            waits
        })
    };
    let started = Instant::now();
    let file = import::File {
        format: Format::Mbox,
        name: "writers.mbox",
        bytes: &bytes,
    };
    let report = import::import_file(
        &mut store,
        &author,
        &mut Ids::seeded(7),
        &file,
        &Options::around(now),
        &mut |_, _| true,
    )
    .expect("import");
    let secs = started.elapsed().as_secs_f64();
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let mut waits = writer.join().expect("the writer thread");
    waits.sort_by(f64::total_cmp);
    println!(
        "{:<52} {:>10.1} s ({} messages, {:.0} messages/s)",
        format!("import mbox of {messages} with a writer beside it"),
        secs,
        report.imported.len(),
        report.imported.len() as f64 / secs
    );
    println!(
        "{:<52} {:>10.1} ms (median {:.1} ms, {} writes, all succeeded)",
        "the other writer's longest wait",
        waits.last().copied().unwrap_or(0.0),
        waits.get(waits.len() / 2).copied().unwrap_or(0.0),
        waits.len()
    );
}
