//! The demo engagement: a realistic, deterministic story. The same `now` and
//! seed give the same database content, ids included. Entries are recorded at
//! the story's own times, as if logged while the story unfolded.

mod scale;
mod story;

pub use scale::{mbox, scale};

use crate::error::Result;
use crate::key::{Ids, Key};
use crate::model::{
    Department, Engagement, Party, PartyRole, Person, Procedure, Record, ScopeItem, Weekday,
};
use crate::store::{Author, Change, Store};
use chrono::{DateTime, Duration, TimeZone, Utc};

/// The demo's default "now": Friday of ISO week 2026-W47, 18:00 in Madrid.
pub fn default_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 17, 0, 0)
        .single()
        .expect("a valid instant")
}

/// The engagement's time zone in the demo.
const ZONE: chrono_tz::Tz = chrono_tz::Europe::Madrid;

/// When the story begins: 19:00 in Madrid, nine weeks of local days before
/// `now`'s. Anchored to the local day, not to `now`'s hour, so the story's
/// entries keep their order whatever time of day the demo is loaded, and the
/// last of them (the day before `now`'s) is always in the past.
pub(crate) fn story_start(now: DateTime<Utc>) -> DateTime<Utc> {
    local(
        now.with_timezone(&ZONE).date_naive() - Duration::days(63),
        19,
        0,
    )
}

/// Local time `hh:mm` on `date` in the demo's zone.
fn local(date: chrono::NaiveDate, hh: u32, mm: u32) -> DateTime<Utc> {
    let naive = date.and_hms_opt(hh, mm, 0).expect("a valid time of day");
    ZONE.from_local_datetime(&naive)
        .earliest()
        .expect("a local time that exists")
        .with_timezone(&Utc)
}

/// What [`load`] made, for the caller to report.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub engagement: Key,
    pub entities: usize,
    /// The provider lead, a sensible identity for trying the app.
    pub lead: Key,
}

/// The story being recorded: entries are appended in the order of their recording times.
pub(crate) struct Story<'a> {
    store: &'a mut Store,
    ids: Ids,
    start: DateTime<Utc>,
    count: usize,
    last: DateTime<Utc>,
}

impl Story<'_> {
    /// Local time `hh:mm` in the engagement's zone, `day` days after the story's first day.
    pub fn at(&self, day: i64, hh: u32, mm: u32) -> DateTime<Utc> {
        local(
            self.start.with_timezone(&ZONE).date_naive() + Duration::days(day),
            hh,
            mm,
        )
    }

    fn author_at(&mut self, actor: &str, at: DateTime<Utc>) -> Author {
        debug_assert!(
            at >= self.last,
            "story entries are recorded in order: {at} after {}",
            self.last
        );
        self.last = at;
        Author::new(actor, at)
    }

    fn add<R: Record>(&mut self, actor: &str, minutes: i64, data: R) -> Result<Key> {
        let at = self.start + Duration::minutes(minutes);
        self.add_at(actor, at, data)
    }

    /// Records a new entry at `at`; its kind is the data's.
    pub fn add_at<R: Record>(&mut self, actor: &str, at: DateTime<Utc>, data: R) -> Result<Key> {
        let data = serde_json::to_value(&data).expect("record data serialises");
        let (key, _) = self.apply_at(
            actor,
            at,
            Change::Create {
                kind: R::KIND,
                key: None,
                data,
            },
        )?;
        self.count += 1;
        Ok(key)
    }

    /// Records one change at `at`; returns the key and version it wrote.
    fn apply_at(&mut self, actor: &str, at: DateTime<Utc>, change: Change) -> Result<(Key, u32)> {
        let author = self.author_at(actor, at);
        let mut done = self.store.apply(&author, &mut self.ids, vec![change])?;
        Ok(done.remove(0))
    }

    /// Records, at `at`, an amendment made by `edit` of the entry's current
    /// data: only the top-level fields it changes are sent.
    pub fn amend_with<R: Record>(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        key: &Key,
        edit: impl FnOnce(&mut R),
        reason: &str,
    ) -> Result<()> {
        let row = self.store.require(key)?;
        if row.kind != R::KIND {
            return Err(crate::Error::Refused(format!(
                "{key} is a {}, not a {}",
                row.kind.as_str(),
                R::KIND.as_str()
            )));
        }
        let mut record: R = serde_json::from_value(row.data.clone())
            .map_err(|e| crate::Error::Refused(format!("{key} does not read as its kind: {e}")))?;
        edit(&mut record);
        let after = serde_json::to_value(&record).expect("record data serialises");
        self.apply_at(actor, at, Change::amend(&row, &after, reason))?;
        Ok(())
    }

    /// Voids an entry at `at`.
    pub fn void_at(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        key: &Key,
        reason: &str,
    ) -> Result<()> {
        self.revise_at(actor, at, key, |key, base| Change::Void {
            key,
            base,
            reason: reason.into(),
        })
    }

    /// Records, at `at`, the change `revise` makes of the entry's current version.
    fn revise_at(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        key: &Key,
        revise: impl FnOnce(Key, u32) -> Change,
    ) -> Result<()> {
        let base = self.store.require(key)?.version;
        self.apply_at(actor, at, revise(key.clone(), base))?;
        Ok(())
    }

    /// Acknowledges or resolves, at `at`, the flag of `rule` about `subject`.
    pub fn annotate_at(
        &mut self,
        actor: &str,
        at: DateTime<Utc>,
        rule: &str,
        subject: &Key,
        state: crate::model::FlagState,
        note: &str,
    ) -> Result<()> {
        let flags = crate::flags::at(self.store, at)?;
        let flag = flags
            .iter()
            .find(|f| f.rule.as_str() == rule && f.subjects.iter().any(|s| &s.key == subject))
            .ok_or_else(|| {
                crate::Error::NotFound(format!("no {rule} flag about {subject} at {at}"))
            })?;
        let author = self.author_at(actor, at);
        crate::flags::annotate(
            self.store,
            &author,
            &mut self.ids,
            &flag.id.clone(),
            state,
            note,
        )?;
        self.count += 1;
        Ok(())
    }

    /// A fresh item id, as of `at`.
    pub fn item_id(&mut self, at: DateTime<Utc>) -> Key {
        self.ids.key(at)
    }
}

/// Loads the demo engagement into an empty store, in one transaction (all of
/// it or nothing). The story begins nine weeks before `now` ([`story_start`]).
pub fn load(store: &mut Store, now: DateTime<Utc>, seed: u64) -> Result<Summary> {
    store.atomically(|store| load_story(store, now, seed))
}

fn load_story(store: &mut Store, now: DateTime<Utc>, seed: u64) -> Result<Summary> {
    if !store.is_empty()? {
        return Err(crate::Error::Refused(format!(
            "{} already holds a record; the demo loads into an empty database",
            store.path().display()
        )));
    }
    let start = story_start(now);
    let mut s = Story {
        store,
        ids: Ids::seeded(seed),
        start,
        count: 0,
        last: start,
    };
    let boot = Author::BOOTSTRAP;

    let engagement = s.add(boot, 0, Engagement {
        name: "Northwind Foods — Finance & Logistics outsourcing".into(),
        time_zone: ZONE.name().into(),
        week_start: Weekday::Monday,
        default_cadence_days: 14,
        description: "Accounts payable, freight audit and carrier invoicing run by Brightline for Northwind Foods.".into(),
        internal_note: "Contract renewal talks start in Q1; margin is thin on freight audit.".into(),
    })?;

    let party = |name: &str, role: PartyRole| Party {
        name: name.into(),
        role,
        ..Default::default()
    };
    let client = s.add(boot, 1, party("Northwind Foods", PartyRole::Client))?;
    let provider = s.add(
        boot,
        1,
        party("Brightline Outsourcing", PartyRole::Provider),
    )?;
    let contractor = s.add(boot, 1, Party {
        internal_note: "Subcontracted under Brightline's MSA; not visible to Northwind by name in invoices.".into(),
        ..party("Keystone Freight Audit", PartyRole::ThirdParty)
    })?;

    let dept = |name: &str, party: &Key| Department {
        name: name.into(),
        party: party.clone(),
        ..Default::default()
    };
    let finance = s.add(boot, 2, dept("Finance", &client))?;
    let logistics = s.add(boot, 2, dept("Logistics", &client))?;
    let procurement = s.add(
        boot,
        2,
        Department {
            cadence_days: Some(28),
            ..dept("Procurement", &client)
        },
    )?;
    let executive = s.add(
        boot,
        2,
        Department {
            cadence_days: Some(28),
            ..dept("Executive office", &client)
        },
    )?;
    let delivery = s.add(boot, 3, dept("Service delivery", &provider))?;
    let account = s.add(boot, 3, dept("Account management", &provider))?;
    let management = s.add(boot, 3, dept("Management", &provider))?;
    let audit_team = s.add(boot, 3, dept("Audit team", &contractor))?;

    let person = |name: &str,
                  dept: &Key,
                  title: &str,
                  email: &str,
                  level: u8,
                  key: bool,
                  cadence: Option<u32>,
                  mgmt: bool| {
        Person {
            name: name.into(),
            department: dept.clone(),
            title: title.into(),
            emails: vec![email.into()],
            authority_level: level,
            key_stakeholder: key,
            cadence_days: cadence,
            management: mgmt,
            ..Default::default()
        }
    };
    let people = [
        (
            "Maria Lopez",
            &finance,
            "Finance director",
            "maria.lopez@northwind.example",
            4,
            true,
            Some(7),
            false,
        ),
        (
            "Tomás Ruiz",
            &finance,
            "AP supervisor",
            "tomas.ruiz@northwind.example",
            2,
            false,
            None,
            false,
        ),
        (
            "Jonas Weber",
            &logistics,
            "Head of logistics",
            "jonas.weber@northwind.example",
            4,
            true,
            Some(7),
            false,
        ),
        (
            "Aiko Tanaka",
            &logistics,
            "Transport planner",
            "aiko.tanaka@northwind.example",
            1,
            false,
            None,
            false,
        ),
        (
            "Priya Nair",
            &procurement,
            "Procurement manager",
            "priya.nair@northwind.example",
            3,
            true,
            None,
            false,
        ),
        (
            "Henrik Olsen",
            &executive,
            "Chief operating officer",
            "henrik.olsen@northwind.example",
            5,
            true,
            Some(28),
            false,
        ),
        (
            "Sam Carter",
            &account,
            "Outsourcing lead",
            "sam.carter@brightline.example",
            3,
            false,
            None,
            false,
        ),
        (
            "Lena Fischer",
            &account,
            "Account manager",
            "lena.fischer@brightline.example",
            3,
            false,
            None,
            false,
        ),
        (
            "Ravi Shah",
            &delivery,
            "AP analyst",
            "ravi.shah@brightline.example",
            1,
            false,
            None,
            false,
        ),
        (
            "Chloé Martin",
            &delivery,
            "Team lead, AP",
            "chloe.martin@brightline.example",
            2,
            false,
            None,
            false,
        ),
        (
            "Diego Alvarez",
            &delivery,
            "Freight billing analyst",
            "diego.alvarez@brightline.example",
            1,
            false,
            None,
            false,
        ),
        (
            "Grace Kim",
            &management,
            "Delivery director",
            "grace.kim@brightline.example",
            4,
            false,
            None,
            true,
        ),
        (
            "Owen Brooks",
            &management,
            "Managing director",
            "owen.brooks@brightline.example",
            5,
            false,
            None,
            true,
        ),
        (
            "Nadia Petrova",
            &audit_team,
            "Freight auditor",
            "nadia.petrova@keystone.example",
            1,
            false,
            None,
            false,
        ),
    ];
    let mut keys: Vec<Key> = Vec::new();
    for (i, (name, dept, title, email, level, key, cadence, mgmt)) in people.into_iter().enumerate()
    {
        // The bootstrap actor records until the provider's first person (the
        // lead, Sam Carter) exists; the lead records everyone after.
        let actor = if i > 6 {
            keys[6].0.clone()
        } else {
            boot.to_owned()
        };
        keys.push(s.add(
            &actor,
            4 + i as i64,
            person(name, dept, title, email, level, key, cadence, mgmt),
        )?);
    }
    let lead = keys[6].clone();

    let procedure = |code: &str,
                     name: &str,
                     owner: &Key,
                     version: &str,
                     authority: Option<u8>,
                     disclose: bool,
                     description: &str| {
        Procedure {
            code: code.into(),
            name: name.into(),
            owner_department: owner.clone(),
            version: version.into(),
            exception_authority: authority,
            disclosure_required: disclose,
            description: description.into(),
            ..Default::default()
        }
    };
    let procedures = [
        (
            "FIN-01",
            "Three-way match before payment",
            &finance,
            "2.0",
            Some(3),
            true,
            "Invoices are paid only when PO, goods receipt and invoice agree.",
        ),
        (
            "FIN-04",
            "Month-end invoice cut-off",
            &finance,
            "1.3",
            Some(4),
            true,
            "Invoices received after the 25th are booked in the next period.",
        ),
        (
            "FIN-07",
            "Vendor master data change",
            &finance,
            "3.1",
            Some(3),
            true,
            "Bank detail changes need a call-back to a known vendor contact.",
        ),
        (
            "FIN-09",
            "Duplicate payment check",
            &finance,
            "1.0",
            Some(2),
            false,
            "Weekly scan of paid invoices for duplicates before the payment run.",
        ),
        (
            "LOG-02",
            "Carrier invoice approval",
            &logistics,
            "2.2",
            Some(3),
            true,
            "Carrier invoices are approved against the rate card and proof of delivery.",
        ),
        (
            "LOG-05",
            "Freight claim filing",
            &logistics,
            "1.1",
            Some(2),
            false,
            "Damage claims are filed with the carrier within 9 months of delivery.",
        ),
        (
            "PRC-03",
            "Spot-rate quotation",
            &procurement,
            "1.0",
            Some(4),
            true,
            "Spot freight above 5,000 EUR needs three quotes.",
        ),
        (
            "BL-01",
            "Ticket triage",
            &delivery,
            "4.0",
            None,
            false,
            "Every inbound request gets a ticket within one working day.",
        ),
    ];
    let mut procedure_keys = Vec::new();
    for (i, (code, name, owner, version, authority, disclose, description)) in
        procedures.into_iter().enumerate()
    {
        procedure_keys.push(s.add(
            &lead.0,
            20 + i as i64,
            procedure(code, name, owner, version, authority, disclose, description),
        )?);
    }

    let scope = [
        (
            "Accounts payable processing",
            "SOW §2.1",
            "Invoice capture, matching, payment proposals.",
        ),
        (
            "Vendor master data maintenance",
            "SOW §2.2",
            "Create and change vendor records on request.",
        ),
        (
            "Carrier invoice audit",
            "SOW §3.1",
            "Audit of road and sea freight invoices against rate cards.",
        ),
        (
            "Freight claims administration",
            "SOW §3.4",
            "Filing and tracking of carrier damage claims.",
        ),
        (
            "Monthly AP reporting",
            "SOW §5.1",
            "Aged payables and KPI pack by the 5th working day.",
        ),
    ];
    let mut scope_keys = Vec::new();
    for (i, (name, reference, description)) in scope.into_iter().enumerate() {
        scope_keys.push(s.add(
            &lead.0,
            30 + i as i64,
            ScopeItem {
                name: name.into(),
                reference: reference.into(),
                description: description.into(),
                ..Default::default()
            },
        )?);
    }

    story::unfold(
        &mut s,
        &keys,
        &procedure_keys,
        &scope_keys,
        [finance, logistics, procurement, executive],
    )?;

    Ok(Summary {
        engagement,
        entities: s.count,
        lead,
    })
}

#[cfg(test)]
mod tests;
