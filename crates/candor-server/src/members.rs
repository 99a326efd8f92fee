//! Members of an engagement: an account, the provider person of the record
//! it is, and its roles.

use anyhow::{Context, Result, bail};
use candor_core::Store;
use candor_core::access::Role;
use candor_sync::wire::Membership;
use tokio_postgres::Transaction;

/// A member as a push sees it.
#[derive(Debug, Clone)]
pub struct Member {
    pub person: String,
    pub roles: Vec<Role>,
    pub revoked: bool,
}

pub fn roles_of(names: Vec<String>) -> Result<Vec<Role>> {
    names
        .iter()
        .map(|n| n.parse::<Role>().map_err(anyhow::Error::msg))
        .collect()
}

/// Every membership of `engagement`, or of `account` when given instead.
pub async fn list(
    db: &Transaction<'_>,
    engagement: Option<&str>,
    account: Option<&str>,
) -> Result<Vec<Membership>> {
    let rows = db
        .query(
            "SELECT m.engagement, e.name, m.account, m.person, m.roles, m.revoked_at IS NOT NULL
             FROM members m JOIN engagements e ON e.id = m.engagement
             WHERE ($1::text IS NULL OR m.engagement = $1) AND ($2::text IS NULL OR m.account = $2)
             ORDER BY m.engagement, m.account",
            &[&engagement, &account],
        )
        .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Membership {
                engagement: r.get(0),
                name: r.get(1),
                account: r.get(2),
                person: r.get(3),
                roles: roles_of(r.get(4))?,
                revoked: r.get(5),
            })
        })
        .collect()
}

/// The key of the provider person `person` names (a name, e-mail or key) in `store`.
pub fn provider_person(store: &Store, person: &str) -> Result<String> {
    candor_core::identity::actor(store, Some(person))
        .with_context(|| format!("--person \"{person}\""))
}

/// Adds `account` to `engagement` as `person` with `roles` (or gives a
/// revoked member their membership back with these).
pub async fn add(
    db: &Transaction<'_>,
    engagement: &str,
    account: &str,
    person: &str,
    roles: &[Role],
) -> Result<()> {
    if roles.is_empty() {
        bail!("a member holds at least one role (--role)");
    }
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    db.execute(
        "INSERT INTO members (engagement, account, person, roles) VALUES ($1, $2, $3, $4)
         ON CONFLICT (engagement, account) DO UPDATE SET person = $3, roles = $4, revoked_at = NULL",
        &[&engagement, &account, &person, &names],
    )
    .await?;
    Ok(())
}

/// Replaces a member's roles.
pub async fn set_roles(
    db: &Transaction<'_>,
    engagement: &str,
    account: &str,
    roles: &[Role],
) -> Result<()> {
    if roles.is_empty() {
        bail!("a member holds at least one role (--role); to remove a member, revoke them");
    }
    let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
    let n = db
        .execute(
            "UPDATE members SET roles = $3 WHERE engagement = $1 AND account = $2",
            &[&engagement, &account, &names],
        )
        .await?;
    if n == 0 {
        bail!("{account} is not a member of {engagement}");
    }
    Ok(())
}

/// Revokes a membership: the member's later pushes are refused; what they recorded stays.
pub async fn revoke(db: &Transaction<'_>, engagement: &str, account: &str) -> Result<()> {
    let n = db
        .execute(
            "UPDATE members SET revoked_at = now() WHERE engagement = $1 AND account = $2 AND revoked_at IS NULL",
            &[&engagement, &account],
        )
        .await?;
    if n == 0 {
        bail!("{account} is not a current member of {engagement}");
    }
    Ok(())
}
