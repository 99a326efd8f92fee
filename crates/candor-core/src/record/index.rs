//! Lookups over a snapshot, built once and shared by the flags, the report,
//! the judgements and the hosts: who a person is and on which side, a
//! department with its party, disclosures by subject, authority on a day.

use super::{Entry, Snapshot, Subject, calendar};
use crate::key::Key;
use crate::model::*;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// Lookups over one [`Snapshot`].
pub struct Index<'a> {
    pub s: &'a Snapshot,
    pub person: HashMap<&'a Key, &'a Person>,
    pub department: HashMap<&'a Key, &'a Department>,
    pub party: HashMap<&'a Key, &'a Party>,
    pub procedure: HashMap<&'a Key, &'a Procedure>,
    pub communication: HashMap<&'a Key, &'a Entry<Communication>>,
    /// The role of each department's party.
    role: HashMap<&'a Key, PartyRole>,
    /// Disclosures by subject, earliest first.
    disclosed: HashMap<&'a Key, Vec<&'a Disclosure>>,
    /// The rules of engagement in force at the snapshot's instant.
    pub rules: Option<&'a RulesOfEngagement>,
}

/// The name of an authority level ("department head").
pub fn level_name(level: u8) -> &'static str {
    AUTHORITY_LEVELS
        .iter()
        .find(|(l, _)| *l == level)
        .map_or("unknown", |(_, n)| n)
}

impl<'a> Index<'a> {
    /// Builds the lookups of `s`.
    pub fn new(s: &'a Snapshot) -> Index<'a> {
        let party: HashMap<&Key, &Party> = s.parties.iter().map(|p| (&p.key, &p.data)).collect();
        let department: HashMap<&Key, &Department> =
            s.departments.iter().map(|d| (&d.key, &d.data)).collect();
        let role = s
            .departments
            .iter()
            .filter_map(|d| party.get(&d.data.party).map(|p| (&d.key, p.role)))
            .collect();
        let mut disclosed: HashMap<&Key, Vec<&Disclosure>> = HashMap::new();
        for d in &s.disclosures {
            disclosed.entry(&d.data.subject).or_default().push(&d.data);
        }
        for list in disclosed.values_mut() {
            list.sort_by_key(|d| d.disclosed_at);
        }
        Index {
            s,
            person: s.people.iter().map(|p| (&p.key, &p.data)).collect(),
            department,
            party,
            procedure: s.procedures.iter().map(|p| (&p.key, &p.data)).collect(),
            communication: s.communications.iter().map(|c| (&c.key, c)).collect(),
            role,
            disclosed,
            rules: super::terms::in_force(s).map(|r| &r.data),
        }
    }

    /// An entity's label, or its key when unknown.
    pub fn label(&self, key: &Key) -> String {
        self.s.label(key)
    }

    /// A reference to an entity with its label.
    pub fn subject(&self, kind: &str, key: &Key) -> Subject {
        Subject {
            kind: kind.to_owned(),
            key: key.clone(),
            label: self.label(key),
        }
    }

    /// The side of a department's party.
    pub fn department_role(&self, department: &Key) -> Option<PartyRole> {
        self.role.get(department).copied()
    }

    /// The side of a person's party.
    pub fn person_role(&self, key: &Key) -> Option<PartyRole> {
        self.person
            .get(key)
            .and_then(|p| self.department_role(&p.department))
    }

    /// A person's party.
    pub fn party_of(&self, person: &Key) -> Option<&'a Party> {
        let p = self.person.get(person)?;
        let d = self.department.get(&p.department)?;
        self.party.get(&d.party).copied()
    }

    /// "Maria Lopez (Northwind Foods Finance)".
    pub fn who(&self, key: &Key) -> String {
        let Some(p) = self.person.get(key) else {
            return self.label(key);
        };
        format!("{} ({})", p.name, self.unit(&p.department))
    }

    /// A party, or a department with its party ("Northwind Foods Logistics").
    pub fn unit(&self, key: &Key) -> String {
        match self.department.get(key) {
            Some(d) => format!("{} {}", self.label(&d.party), d.name),
            None => self.label(key),
        }
    }

    /// The provider's name, or "the provider".
    pub fn provider(&self) -> String {
        self.s
            .parties
            .iter()
            .find(|p| p.data.role == PartyRole::Provider)
            .map_or_else(|| "the provider".to_owned(), |p| p.data.name.clone())
    }

    /// The disclosures of `subject` to `audience` made by the snapshot's instant, earliest first.
    pub fn disclosures(
        &self,
        subject: &Key,
        audience: Audience,
    ) -> impl Iterator<Item = &'a Disclosure> + '_ {
        self.disclosed
            .get(subject)
            .into_iter()
            .flatten()
            .copied()
            .filter(move |d| d.audience == audience && d.disclosed_at <= self.s.at)
    }

    /// The earliest disclosure of `subject` to `audience` made by the snapshot's instant.
    pub fn first_disclosure(&self, subject: &Key, audience: Audience) -> Option<&'a Disclosure> {
        self.disclosures(subject, audience).next()
    }

    /// The authority `person` could exercise at `at`: their own level, or a
    /// higher one delegated to them that local day (with the delegating person).
    pub fn authority(&self, person: &Key, at: DateTime<Utc>) -> (u8, Option<&'a Key>) {
        let level_of = |k: &Key| self.person.get(k).map_or(0, |p| p.authority_level);
        let own = level_of(person);
        let day = calendar::local_date(at, self.s.zone);
        self.s
            .delegations
            .iter()
            .filter(|d| &d.data.to == person && d.data.starts <= day && day <= d.data.ends)
            .map(|d| (level_of(&d.data.from), &d.data.from))
            .filter(|(level, _)| *level > own)
            .max_by_key(|(level, _)| *level)
            .map_or((own, None), |(level, from)| (level, Some(from)))
    }

    /// The engagement's default cadence (days).
    pub fn default_cadence(&self) -> u32 {
        self.s
            .engagement
            .as_ref()
            .map_or(14, |e| e.default_cadence_days)
    }
}
