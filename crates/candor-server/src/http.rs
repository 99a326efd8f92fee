//! The HTTP API (docs/sync.md). Every request but the login carries a
//! bearer token; every engagement route checks the account's membership,
//! and every push item its roles, on that request.

use crate::accounts;
use crate::engagements::{Engagements, events_after};
use crate::members;
use crate::sequencer::{self, begin_as};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use candor_core::access::Role;
use candor_sync::wire::{Events, Login, Membership, Problem, Push, Pushed, Session};
use deadpool_postgres::Pool;
use serde::Deserialize;
use std::sync::Arc;

/// What every request handler shares.
pub struct App {
    pub pool: Pool,
    pub engagements: Engagements,
    pub session_hours: u32,
}

/// The API's routes.
pub fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/engagements", get(my_engagements))
        .route("/api/engagements/{id}/events", get(events))
        .route("/api/engagements/{id}/push", post(push))
        .route("/api/engagements/{id}/stream", get(stream))
        .route("/api/engagements/{id}/members", get(engagement_members))
        .layer(axum::extract::DefaultBodyLimit::max(64 * 1024 * 1024))
        .with_state(app)
}

/// A refusal, as the protocol's problem body.
pub struct Refusal(StatusCode, Problem);

impl Refusal {
    fn new(status: StatusCode, kind: &str, message: impl Into<String>) -> Refusal {
        Refusal(
            status,
            Problem {
                kind: kind.into(),
                message: message.into(),
            },
        )
    }
    fn unauthorized() -> Refusal {
        Refusal::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "sign in first: the session is missing or has expired",
        )
    }
}

impl From<anyhow::Error> for Refusal {
    fn from(e: anyhow::Error) -> Refusal {
        tracing::error!(error = format!("{e:#}"), "request failed");
        Refusal::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            format!("the server could not answer: {e:#}"),
        )
    }
}

impl From<tokio_postgres::Error> for Refusal {
    fn from(e: tokio_postgres::Error) -> Refusal {
        Refusal::from(anyhow::Error::new(e))
    }
}

impl From<deadpool_postgres::PoolError> for Refusal {
    fn from(e: deadpool_postgres::PoolError) -> Refusal {
        Refusal::from(anyhow::Error::new(e).context("PostgreSQL is unavailable"))
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        (self.0, Json(self.1)).into_response()
    }
}

type Answer<T> = Result<Json<T>, Refusal>;

/// The bearer token a request carries.
fn bearer(headers: &HeaderMap) -> Result<&str, Refusal> {
    headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .ok_or_else(Refusal::unauthorized)
}

/// The account a request's bearer token signs in.
async fn account(app: &App, headers: &HeaderMap) -> Result<String, Refusal> {
    let token = bearer(headers)?;
    let client = app.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT account FROM sessions WHERE token_hash = $1 AND expires_at > now()",
            &[&accounts::token_hash(token)],
        )
        .await?;
    row.map(|r| r.get(0)).ok_or_else(Refusal::unauthorized)
}

/// The account a request's token signs in and its current membership of
/// engagement `id` (one round trip), or the refusal saying why not.
async fn member(
    app: &App,
    headers: &HeaderMap,
    id: &str,
) -> Result<(String, members::Member), Refusal> {
    let token = bearer(headers)?;
    let client = app.pool.get().await?;
    let row = client
        .query_opt(
            "SELECT s.account, m.person, m.roles, m.revoked_at IS NOT NULL
             FROM sessions s LEFT JOIN members m ON m.account = s.account AND m.engagement = $2
             WHERE s.token_hash = $1 AND s.expires_at > now()",
            &[&accounts::token_hash(token), &id],
        )
        .await?
        .ok_or_else(Refusal::unauthorized)?;
    let account: String = row.get(0);
    match row.get::<_, Option<String>>(1) {
        Some(_) if row.get::<_, bool>(3) => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("{account}'s membership of {id} was revoked"),
        )),
        Some(person) => {
            let roles = members::roles_of(row.get(2))?;
            Ok((
                account,
                members::Member {
                    person,
                    roles,
                    revoked: false,
                },
            ))
        }
        None => Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            format!("{account} is not a member of engagement {id}"),
        )),
    }
}

async fn login(State(app): State<Arc<App>>, Json(login): Json<Login>) -> Answer<Session> {
    let mut client = app.pool.get().await?;
    let tx = begin_as(&mut client, &login.account).await?;
    let phc: Option<String> = tx
        .query_opt(
            "SELECT password_hash FROM accounts WHERE name = $1",
            &[&login.account],
        )
        .await?
        .map(|r| r.get(0));
    let password = login.password.clone();
    let matches = tokio::task::spawn_blocking(move || {
        // An unknown account takes as long to refuse as a wrong password.
        let known = phc.is_some();
        let phc = phc.unwrap_or_else(|| accounts::stand_in().to_owned());
        accounts::password_matches(&phc, &password) && known
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    if !matches {
        tracing::warn!(account = login.account, "sign-in refused");
        return Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "the account or the password is wrong",
        ));
    }
    let token = accounts::new_token()?;
    let expires_at = chrono::Utc::now() + chrono::Duration::hours(i64::from(app.session_hours));
    tx.execute(
        "INSERT INTO sessions (token_hash, account, expires_at) VALUES ($1, $2, $3::text::timestamptz)",
        &[
            &accounts::token_hash(&token),
            &login.account,
            &expires_at.to_rfc3339(),
        ],
    )
    .await?;
    tx.execute("DELETE FROM sessions WHERE expires_at < now()", &[])
        .await?;
    let memberships = members::list(&tx, None, Some(&login.account)).await?;
    tx.commit().await?;
    tracing::info!(account = login.account, "signed in");
    Ok(Json(Session {
        token,
        expires_at: candor_core::time::truncate(expires_at),
        memberships,
    }))
}

async fn my_engagements(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
) -> Answer<Vec<Membership>> {
    let account = account(&app, &headers).await?;
    let mut client = app.pool.get().await?;
    let tx = begin_as(&mut client, &account).await?;
    let list = members::list(&tx, None, Some(&account)).await?;
    tx.commit().await?;
    Ok(Json(list))
}

#[derive(Deserialize)]
struct Page {
    #[serde(default)]
    after: i64,
    limit: Option<i64>,
}

async fn events(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(page): Query<Page>,
    headers: HeaderMap,
) -> Answer<Events> {
    let (account, _) = member(&app, &headers, &id).await?;
    let mut client = app.pool.get().await?;
    let tx = client.transaction().await?;
    let limit = page.limit.unwrap_or(5000).clamp(1, 5000);
    tx.execute("SELECT set_config('candor.actor', $1, true)", &[&account])
        .await?;
    let (head, events) = tokio::try_join!(
        async {
            tx.query_one("SELECT head_seq FROM engagements WHERE id = $1", &[&id])
                .await
                .map(|r| r.get::<_, i64>(0))
                .map_err(anyhow::Error::new)
        },
        events_after(&tx, &id, page.after.max(0), limit),
    )?;
    tx.commit().await?;
    Ok(Json(Events { events, head }))
}

async fn push(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Json(push): Json<Push>,
) -> Answer<Pushed> {
    let (account, _) = member(&app, &headers, &id).await?;
    let eng = app.engagements.get(&id)?;
    let pool = app.pool.clone();
    let rt = tokio::runtime::Handle::current();
    let answers = tokio::task::spawn_blocking(move || {
        sequencer::push(&rt, &pool, &eng, &account, push.items)
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))??;
    for a in &answers {
        tracing::info!(engagement = id, client_id = a.client_id, outcome = ?a.outcome, "pushed");
    }
    Ok(Json(Pushed { answers }))
}

async fn stream(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, Refusal> {
    member(&app, &headers, &id).await?;
    let eng = app.engagements.get(&id)?;
    let mut heads = eng.head.subscribe();
    let events = async_stream(move |tx| async move {
        loop {
            let head = *heads.borrow_and_update();
            if tx
                .send(Ok::<_, std::convert::Infallible>(
                    SseEvent::default().event("head").data(head.to_string()),
                ))
                .await
                .is_err()
                || heads.changed().await.is_err()
            {
                return;
            }
        }
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}

/// A stream fed by `produce` through a small channel.
fn async_stream<T: Send + 'static, F>(
    produce: impl FnOnce(tokio::sync::mpsc::Sender<T>) -> F,
) -> impl futures_util::Stream<Item = T>
where
    F: std::future::Future<Output = ()> + Send + 'static,
{
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    tokio::spawn(produce(tx));
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

async fn engagement_members(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Answer<Vec<Membership>> {
    let (account, me) = member(&app, &headers, &id).await?;
    if !me.roles.contains(&Role::Admin) && !me.roles.contains(&Role::Lead) {
        return Err(Refusal::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "permission missing: the members of an engagement are listed for the role admin or lead",
        ));
    }
    let mut client = app.pool.get().await?;
    let tx = begin_as(&mut client, &account).await?;
    let list = members::list(&tx, Some(&id), None).await?;
    tx.commit().await?;
    Ok(Json(list))
}
