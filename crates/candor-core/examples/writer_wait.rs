// A benchmark measures wall time: the one place in candor-core that reads the clock.
#![allow(clippy::disallowed_methods)]

//! How long another writer waits while a large import runs, printed beside
//! the same import alone (its floor): `cargo run --release -p candor-core
//! --example writer_wait` (CANDOR_BENCH_IMPORT messages, default 100,000).
//! A second connection records a matter every 20 ms during the import.

use candor_core::import::{self, Format, Options};
use candor_core::store::{Author, Change, Store};
use candor_core::{Ids, Kind, demo};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

fn import(store: &mut Store, author: &Author, bytes: &[u8]) -> (f64, usize) {
    let started = Instant::now();
    let file = import::File {
        format: Format::Mbox,
        name: "writers.mbox",
        bytes,
    };
    let report = import::import_file(
        store,
        author,
        &mut Ids::seeded(2),
        &file,
        &Options::around(author.at),
        &mut |_, _| true,
    )
    .expect("import");
    (started.elapsed().as_secs_f64(), report.imported.len())
}

fn fresh(path: &std::path::Path, now: chrono::DateTime<chrono::Utc>) -> (Store, Author) {
    let mut store = Store::create(path).expect("a database");
    demo::load(&mut store, now, 1).expect("demo");
    let sam = store.resolve(Kind::Person, "Sam Carter").expect("Sam").key;
    (store, Author::new(sam.0, now))
}

fn main() {
    let messages: usize = std::env::var("CANDOR_BENCH_IMPORT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let now = demo::default_now();
    let bytes = demo::mbox(messages, "wait");
    println!(
        "{messages} messages, {:.1} MB (release build)",
        bytes.len() as f64 / 1e6
    );

    let (mut alone, author) = fresh(&dir.path().join("alone.db"), now);
    let (secs, n) = import(&mut alone, &author, &bytes);
    println!(
        "{:<44} {:>8.2} s  {:>8.0} messages/s",
        "import alone (floor)",
        secs,
        n as f64 / secs
    );

    let path = dir.path().join("writers.db");
    let (mut store, author) = fresh(&path, now);
    let done = Arc::new(AtomicBool::new(false));
    let writer = {
        let (done, path, author) = (done.clone(), path.clone(), author.clone());
        std::thread::spawn(move || {
            let mut other = Store::open(&path).expect("a second connection");
            let mut ids = Ids::seeded(3);
            let mut waits = Vec::new();
            while !done.load(Ordering::SeqCst) {
                let started = Instant::now();
                let name = format!("Matter {}", waits.len());
                other
                    .apply(
                        &author,
                        &mut ids,
                        vec![Change::Create {
                            kind: Kind::Matter,
                            key: None,
                            data: serde_json::json!({ "name": name }),
                        }],
                    )
                    .expect("a concurrent write");
                waits.push(started.elapsed().as_secs_f64() * 1000.0);
                std::thread::sleep(Duration::from_millis(20));
            }
            waits
        })
    };
    let (secs, n) = import(&mut store, &author, &bytes);
    done.store(true, Ordering::SeqCst);
    let mut waits = writer.join().expect("the writer thread");
    waits.sort_by(f64::total_cmp);
    println!(
        "{:<44} {:>8.2} s  {:>8.0} messages/s",
        "import with a writer beside it",
        secs,
        n as f64 / secs
    );
    let at = |q: f64| waits[((waits.len() - 1) as f64 * q) as usize];
    println!(
        "{:<44} {:>8.1} ms (p50 {:.1} ms, p95 {:.1} ms; {} writes, all succeeded)",
        "the other writer's longest wait",
        at(1.0),
        at(0.5),
        at(0.95),
        waits.len()
    );
}
