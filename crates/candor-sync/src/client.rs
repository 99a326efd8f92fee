//! The HTTP client of a team server, and one round of sync.

use crate::wire::{Events, ItemAnswer, Login, Outcome, Problem, Push, PushItem, Pushed, Session};
use candor_core::Store;
use candor_core::store::Settled;
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::time::Duration;

/// What can go wrong talking to the server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The server could not be reached (the copy works offline meanwhile).
    #[error("the team server at {url} cannot be reached: {message}")]
    Offline { url: String, message: String },
    /// The server answered with a problem (signed out, a missing permission, …).
    #[error("the team server refused: {}", .0.message)]
    Server(Problem),
    /// The server's answer is not what the protocol says.
    #[error("the team server's answer could not be read: {0}")]
    Protocol(String),
    /// The local copy refused what the server sent, or could not be written.
    #[error(transparent)]
    Record(#[from] candor_core::Error),
}

/// A signed-in connection to one engagement on a team server.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    url: String,
    engagement: String,
    token: String,
}

/// The largest page of events one pull asks for.
const PAGE: i64 = 5000;

impl Client {
    /// A client of `engagement` on the server at `url`, with a session `token`.
    pub fn new(url: &str, engagement: &str, token: &str) -> Client {
        Client {
            agent: agent(),
            url: url.trim_end_matches('/').to_owned(),
            engagement: engagement.to_owned(),
            token: token.to_owned(),
        }
    }

    /// Signs in to the server at `url`; the session says which engagements the account is a member of.
    pub fn login(url: &str, account: &str, password: &str) -> Result<Session, Error> {
        let url = url.trim_end_matches('/');
        let body = Login {
            account: account.to_owned(),
            password: password.to_owned(),
        };
        let answer = agent().post(format!("{url}/api/login")).send_json(&body);
        read(url, answer)
    }

    /// The server's chain after `after`, one page.
    pub fn events(&self, after: i64) -> Result<Events, Error> {
        let answer = self
            .agent
            .get(format!(
                "{}/api/engagements/{}/events?after={after}&limit={PAGE}",
                self.url, self.engagement
            ))
            .header("Authorization", format!("Bearer {}", self.token))
            .call();
        read(&self.url, answer)
    }

    /// Sends outbox items; the answers come in the same order.
    pub fn push(&self, items: Vec<PushItem>) -> Result<Pushed, Error> {
        self.post(
            &format!("engagements/{}/push", self.engagement),
            &Push { items },
        )
    }

    fn post<T: DeserializeOwned>(&self, path: &str, body: &impl Serialize) -> Result<T, Error> {
        let answer = self
            .agent
            .post(format!("{}/api/{path}", self.url))
            .header("Authorization", format!("Bearer {}", self.token))
            .send_json(body);
        read(&self.url, answer)
    }

    /// Waits up to `wait` for the server's head to move past `seen`,
    /// reading its live stream (server-sent events); returns the new head,
    /// or `None` when nothing changed in time.
    pub fn wait_for_head(&self, seen: i64, wait: Duration) -> Result<Option<i64>, Error> {
        use std::io::BufRead;
        let answer = self
            .agent
            .get(format!(
                "{}/api/engagements/{}/stream",
                self.url, self.engagement
            ))
            .header("Authorization", format!("Bearer {}", self.token))
            .config()
            .timeout_global(Some(wait))
            .build()
            .call();
        let answer = match answer {
            Err(ureq::Error::Timeout(_)) => return Ok(None),
            other => other,
        };
        let mut answer = answer.map_err(|e| Error::Offline {
            url: self.url.clone(),
            message: e.to_string(),
        })?;
        if !answer.status().is_success() {
            return read(&self.url, Ok(answer));
        }
        let lines = std::io::BufReader::new(answer.body_mut().as_reader()).lines();
        for line in lines {
            let Ok(line) = line else { return Ok(None) };
            if let Some(head) = line.strip_prefix("data:")
                && let Ok(head) = head.trim().parse::<i64>()
                && head > seen
            {
                return Ok(Some(head));
            }
        }
        Ok(None)
    }
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        .build()
        .into()
}

fn read<T: DeserializeOwned>(
    url: &str,
    answer: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<T, Error> {
    let mut answer = answer.map_err(|e| Error::Offline {
        url: url.to_owned(),
        message: e.to_string(),
    })?;
    let ok = answer.status().is_success();
    let body = answer
        .body_mut()
        .with_config()
        .limit(256 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| Error::Offline {
            url: url.to_owned(),
            message: e.to_string(),
        })?;
    if ok {
        serde_json::from_str(&body).map_err(|e| Error::Protocol(e.to_string()))
    } else {
        Err(Error::Server(serde_json::from_str(&body).unwrap_or(
            Problem {
                kind: "unavailable".into(),
                message: format!("HTTP {}: {}", answer.status(), body.trim()),
            },
        )))
    }
}

/// What one round of sync did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SyncReport {
    /// Outbox items the server recorded.
    pub accepted: usize,
    /// Items the server answered with a conflict or a refusal, with its words.
    pub refused: Vec<(String, String)>,
    /// Events taken from the server.
    pub pulled: usize,
    /// Items still waiting (the server could not be reached for them).
    pub waiting: usize,
}

/// One round: pushes what waits in `store`'s outbox, then pulls the
/// server's chain after the copy's head into it. A change the server refused
/// stays in the outbox, marked, for the person to resolve.
pub fn sync(store: &mut Store, client: &Client) -> Result<SyncReport, Error> {
    let mut report = SyncReport::default();
    let waiting: Vec<PushItem> = store
        .outbox()?
        .into_iter()
        .filter(|o| o.state == "waiting")
        .map(|o| PushItem {
            client_id: o.client_id,
            made_at: o.made_at,
            changes: o.changes,
        })
        .collect();
    if !waiting.is_empty() {
        let pushed = client.push(waiting)?;
        for ItemAnswer { client_id, outcome } in pushed.answers {
            let settled = match outcome {
                Outcome::Accepted { .. } => {
                    report.accepted += 1;
                    Settled::Accepted
                }
                Outcome::Conflict { message } => {
                    report.refused.push((client_id.clone(), message.clone()));
                    Settled::Conflict(message)
                }
                Outcome::Refused { message } => {
                    report.refused.push((client_id.clone(), message.clone()));
                    Settled::Refused(message)
                }
            };
            store.settle(&client_id, settled)?;
        }
    }
    report.pulled = pull(store, client)?;
    report.waiting = store
        .outbox()?
        .iter()
        .filter(|o| o.state == "waiting")
        .count();
    Ok(report)
}

/// Takes the server's events after the copy's head, page by page; each page
/// is one transaction, and its first event must link to the copy's head.
pub fn pull(store: &mut Store, client: &Client) -> Result<usize, Error> {
    let mut pulled = 0;
    loop {
        let head = store.head()?.map_or(0, |h| h.seq);
        let page = client.events(head)?;
        if page.events.is_empty() {
            return Ok(pulled);
        }
        store.append_events(&page.events)?;
        pulled += page.events.len();
        if head + page.events.len() as i64 >= page.head {
            return Ok(pulled);
        }
    }
}
