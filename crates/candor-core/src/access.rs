//! Who may do what on a team's record: the roles of a team server's members
//! and the one table of kind × action × role. The server asks it of every
//! change it is pushed, inside the write that records the change.

use crate::audit::Action;
use crate::kind::Kind;
use serde::{Deserialize, Serialize};
use std::fmt;

/// A member's role on a team's engagement; a member may hold several.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// The outsourcing lead: logs communications, manages people and procedures.
    Lead,
    /// A team member: workarounds, requests, incidents, their own communications.
    Member,
    /// The account manager: flags, disclosures, reports and issuing them.
    AccountManager,
    /// Members and settings.
    Admin,
    /// Reads only.
    Viewer,
}

impl Role {
    /// Every role, in the order the table lists them.
    pub const ALL: [Role; 5] = [
        Role::Lead,
        Role::Member,
        Role::AccountManager,
        Role::Admin,
        Role::Viewer,
    ];

    /// The role's name as typed and stored (`account-manager`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Member => "member",
            Role::AccountManager => "account-manager",
            Role::Admin => "admin",
            Role::Viewer => "viewer",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Role, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s.trim())
            .ok_or_else(|| {
                format!(
                    "\"{s}\" is not a role (one of {})",
                    Role::ALL.map(Role::as_str).join(", ")
                )
            })
    }
}

/// Roles as a person reads them: `admin, lead`.
pub fn names(roles: &[Role]) -> String {
    roles
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Which entries of a kind a role reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    /// Every entry.
    All,
    /// Only the entries the member recorded first (version 1 is theirs).
    Own,
}

/// What `role` may do with `action` on entries of `kind`, if anything.
pub fn reach(role: Role, kind: Kind, action: Action) -> Option<Reach> {
    use Kind::*;
    match (role, kind) {
        (Role::Viewer, _) => None,
        (Role::Admin, Engagement | Settings) => Some(Reach::All),
        (Role::Admin, _) => None,
        (Role::Lead, Engagement | Settings | IssuedReport) => None,
        (Role::Lead, _) => Some(Reach::All),
        (Role::Member, Matter | Request | Incident | Workaround | Exception | AddressMapping) => {
            Some(Reach::All)
        }
        (Role::Member, Communication) if action == Action::Create => Some(Reach::All),
        (Role::Member, Communication) => Some(Reach::Own),
        (Role::Member, _) => None,
        (Role::AccountManager, FlagNote | IssuedReport | Disclosure) => Some(Reach::All),
        (Role::AccountManager, _) => None,
    }
}

/// A change a member's roles do not allow: says which permission was missing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denied {
    pub kind: Kind,
    pub action: Action,
    /// The roles that would allow it (on every entry).
    pub needs: Vec<Role>,
    /// True when a role allows it on the member's own entries only.
    pub own_only: bool,
}

impl fmt::Display for Denied {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = match self.action {
            Action::Create => "recording",
            Action::Amend => "amending",
            Action::Void => "voiding",
        };
        let needs: Vec<&str> = self.needs.iter().map(|r| r.as_str()).collect();
        write!(
            f,
            "permission missing: {verb} a {} needs the role {}",
            self.kind.noun(),
            if needs.is_empty() {
                "of none".to_owned()
            } else {
                needs.join(" or ")
            }
        )?;
        if self.own_only {
            write!(f, " (your roles allow it on entries you recorded)")?;
        }
        Ok(())
    }
}

/// Whether `roles` allow `action` on an entry of `kind`; `own` says whether
/// the member recorded the entry's first version.
pub fn check(roles: &[Role], kind: Kind, action: Action, own: bool) -> Result<(), Denied> {
    let reaches: Vec<Reach> = roles
        .iter()
        .filter_map(|r| reach(*r, kind, action))
        .collect();
    if reaches.contains(&Reach::All) || (own && reaches.contains(&Reach::Own)) {
        return Ok(());
    }
    Err(Denied {
        kind,
        action,
        needs: Role::ALL
            .into_iter()
            .filter(|r| reach(*r, kind, action) == Some(Reach::All))
            .collect(),
        own_only: reaches.contains(&Reach::Own),
    })
}

/// The table, as Markdown: one row per kind, one column per role, each
/// cell the actions that role may take (`own` where only on its own entries).
pub fn table_markdown() -> String {
    let mut out = String::from("| kind |");
    for role in Role::ALL {
        out.push_str(&format!(" {role} |"));
    }
    out.push_str("\n|---|");
    for _ in Role::ALL {
        out.push_str("---|");
    }
    out.push('\n');
    for kind in Kind::ALL {
        out.push_str(&format!("| {} |", kind.noun()));
        for role in Role::ALL {
            let cell: Vec<String> = [Action::Create, Action::Amend, Action::Void]
                .into_iter()
                .filter_map(|a| {
                    let word = match a {
                        Action::Create => "create",
                        Action::Amend => "amend",
                        Action::Void => "void",
                    };
                    match reach(role, *kind, a)? {
                        Reach::All => Some(word.to_owned()),
                        Reach::Own => Some(format!("{word} (own)")),
                    }
                })
                .collect();
            out.push_str(&format!(
                " {} |",
                if cell.is_empty() {
                    "—".to_owned()
                } else {
                    cell.join(", ")
                }
            ));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_missing_permission() {
        let e = check(&[Role::Viewer], Kind::Workaround, Action::Create, false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "permission missing: recording a workaround needs the role lead or member"
        );
        let e = check(&[Role::Member], Kind::Communication, Action::Amend, false).unwrap_err();
        assert!(e.to_string().contains("entries you recorded"), "{e}");
        assert!(check(&[Role::Member], Kind::Communication, Action::Amend, true).is_ok());
        assert!(
            check(
                &[Role::Viewer, Role::AccountManager],
                Kind::IssuedReport,
                Action::Create,
                false
            )
            .is_ok()
        );
    }

    #[test]
    fn roles_parse_by_name() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
        }
        assert!(
            "boss"
                .parse::<Role>()
                .unwrap_err()
                .contains("account-manager")
        );
    }

    #[test]
    fn docs_sync_md_holds_the_table() {
        let doc =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/sync.md"))
                .expect("docs/sync.md");
        assert!(
            doc.contains(&table_markdown()),
            "docs/sync.md must hold the permission table as `candor-server roles` prints it:\n{}",
            table_markdown()
        );
    }
}
