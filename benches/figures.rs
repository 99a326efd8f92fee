//! Candor's performance figures, printed (not asserted): `cargo bench --bench figures`.
//! CANDOR_BENCH_SCALE sets the number of synthetic communications (default 100000).
//! How long a writer waits beside a large import: `cargo run --release -p
//! candor-core --example writer_wait`.

use candor_core::flags;
use candor_core::import::{self, Format, Options};
use candor_core::log::{self, Filter};
use candor_core::record::Snapshot;
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
    let bytes = demo::mbox(messages, "bench");
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
}
