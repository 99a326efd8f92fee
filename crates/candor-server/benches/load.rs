//! The team server's figures (`cargo bench -p candor-server --bench load`):
//! push throughput and latency with many members on loopback, and the
//! initial sync of a large engagement. It prints; nothing here is asserted
//! on time.
//!
//! `CANDOR_LOAD_MEMBERS` (default 50), `CANDOR_LOAD_SECONDS` (60) and
//! `CANDOR_LOAD_SCALE` (communications of the synced engagement, 100000).
//! Two loads: every member pushing again as soon as answered (the server's
//! most), and every member pushing once a second (a busy team). The members,
//! the server and PostgreSQL share this machine.

#[path = "../tests/team/fixture.rs"]
#[allow(dead_code)]
mod fixture;
#[path = "../tests/team/load.rs"]
mod load;

use candor_core::Store;
use std::time::{Duration, Instant};

fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let members = fixture::env_number("CANDOR_LOAD_MEMBERS", 50);
    let seconds = fixture::env_number("CANDOR_LOAD_SECONDS", 60);
    let scale = fixture::env_number("CANDOR_LOAD_SCALE", 100_000);
    println!("Candor team server figures, release build, PostgreSQL on loopback (fsync off)\n");

    let pg = fixture::Cluster::start();
    let server = fixture::Server::start(&pg);
    let length = Duration::from_secs(seconds as u64);
    load::run(&server, "busy", members, Duration::ZERO, length).print();
    load::run(&server, "steady", members, Duration::from_secs(1), length).print();

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("large.candor");
    let t = Instant::now();
    let person = {
        let mut store = Store::create(&file).unwrap();
        let now = candor_core::demo::default_now();
        candor_core::demo::load(&mut store, now, 7).unwrap();
        candor_core::demo::scale(&mut store, now, 7, scale).unwrap();
        candor_core::identity::provider_people(&store).unwrap()[0]
            .0
            .clone()
    };
    println!("demo --scale {scale}: {:.1} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    server.import("large", &file);
    println!("engagement import: {:.1} s", t.elapsed().as_secs_f64());
    server.member_of("large", "reader", person.as_str());
    let client = server.client_of("reader", "large");
    let t = Instant::now();
    let mut copy = Store::create(&dir.path().join("copy.candor")).unwrap();
    let pulled = candor_sync::pull(&mut copy, &client).unwrap();
    println!(
        "initial sync of {scale} communications: {pulled} events in {:.1} s",
        t.elapsed().as_secs_f64()
    );
}
