//! A bounded load on loopback: members pushing and pulling at once.

use crate::fixture::Server;
use candor_core::{Change, Kind, Store};
use candor_sync::wire::{Outcome, PushItem};
use std::time::{Duration, Instant};

/// What a load run measured.
pub struct Figures {
    pub members: usize,
    /// Each member's pause between pushes.
    pub pause: Duration,
    pub seconds: f64,
    pub pushes: usize,
    /// Push latencies, sorted.
    pub latencies: Vec<Duration>,
    pub events: i64,
}

impl Figures {
    pub fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i]
    }

    pub fn print(&self) {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{} members{} for {:.1} s: {} pushes ({:.0}/s), push latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms; chain {} events",
            self.members,
            if self.pause.is_zero() {
                ", each pushing again at once".to_owned()
            } else {
                format!(", each pushing every {} ms", self.pause.as_millis())
            },
            self.seconds,
            self.pushes,
            self.pushes as f64 / self.seconds,
            ms(self.percentile(0.50)),
            ms(self.percentile(0.95)),
            ms(self.percentile(0.99)),
            self.events
        );
    }
}

/// `members` members (made as `load-N`, role member, `prefix`ed), each
/// pushing one new matter, pulling what the others recorded since its last
/// pull and pausing `pause`, for `length`. The pulls fetch the events; applying them to a copy is each
/// member's own machine's work, not the server's, and is left out so the
/// members sharing this machine do not measure themselves.
pub fn run(
    server: &Server,
    prefix: &str,
    members: usize,
    pause: Duration,
    length: Duration,
) -> Figures {
    let accounts: Vec<String> = (0..members).map(|i| format!("{prefix}-{i}")).collect();
    for a in &accounts {
        server.member(a, "member");
    }
    let clients: Vec<_> = accounts
        .iter()
        .map(|a| (a.clone(), server.client(a)))
        .collect();
    let started = Instant::now();
    let until = started + length;
    let threads: Vec<_> = clients
        .into_iter()
        .map(|(account, client)| {
            std::thread::spawn(move || {
                let mut seen = 0;
                let mut latencies = Vec::new();
                let mut n = 0;
                while Instant::now() < until {
                    n += 1;
                    let item = PushItem {
                        client_id: format!("{account}-{n}"),
                        made_at: chrono::Utc::now(),
                        changes: vec![Change::Create {
                            kind: Kind::Matter,
                            key: None,
                            data: serde_json::json!({ "name": format!("{account} {n}") }),
                        }],
                    };
                    let t = Instant::now();
                    let pushed = client.push(vec![item]).unwrap();
                    latencies.push(t.elapsed());
                    assert!(
                        matches!(pushed.answers[0].outcome, Outcome::Accepted { .. }),
                        "{pushed:?}"
                    );
                    loop {
                        let page = client.events(seen).unwrap();
                        let Some(last) = page.events.last() else {
                            break;
                        };
                        seen = last.seq;
                    }
                    std::thread::sleep(pause);
                }
                latencies
            })
        })
        .collect();
    let mut latencies: Vec<Duration> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    let seconds = started.elapsed().as_secs_f64();
    latencies.sort();
    let mut copy = Store::open_in_memory().unwrap();
    candor_sync::pull(&mut copy, &server.client("root")).unwrap();
    assert!(candor_core::audit::verify(&copy, None).unwrap().ok());
    Figures {
        members,
        pause,
        seconds,
        pushes: latencies.len(),
        latencies,
        events: copy.head().unwrap().map_or(0, |h| h.seq),
    }
}
