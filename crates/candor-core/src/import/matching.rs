//! Matching imported addresses to the record's people, and building the
//! communication entity for a draft.

use super::Draft;
use crate::error::Result;
use crate::key::Key;
use crate::model::{
    AddressMapping, CommStatus, Communication, Department, Direction, Party, PartyRole, Person,
    Source,
};
use crate::store::Store;
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Addresses → people, from people's e-mails and remembered mappings.
pub(crate) struct Matcher {
    people: HashMap<String, Option<Key>>,
    role: HashMap<Key, PartyRole>,
    /// Domains of the client's and third parties' people (mail from them is theirs).
    outside_domains: HashSet<String>,
}

impl Matcher {
    pub fn load(store: &Store) -> Result<Matcher> {
        let parties: HashMap<Key, PartyRole> = store
            .load::<Party>()?
            .into_iter()
            .map(|(k, p)| (k, p.role))
            .collect();
        let departments: HashMap<Key, Key> = store
            .load::<Department>()?
            .into_iter()
            .map(|(k, d)| (k, d.party))
            .collect();
        let mut people = HashMap::new();
        let mut role = HashMap::new();
        let mut outside_domains = HashSet::new();
        for (key, person) in store.load::<Person>()? {
            let r = departments
                .get(&person.department)
                .and_then(|p| parties.get(p));
            for email in &person.emails {
                let email = email.to_lowercase();
                if r.is_some_and(|r| *r != PartyRole::Provider)
                    && let Some((_, domain)) = email.rsplit_once('@')
                {
                    outside_domains.insert(domain.to_owned());
                }
                people.insert(email, Some(key.clone()));
            }
            if let Some(r) = r {
                role.insert(key, *r);
            }
        }
        for (_, mapping) in store.load::<AddressMapping>()? {
            people.insert(mapping.address, mapping.person);
        }
        Ok(Matcher {
            people,
            role,
            outside_domains,
        })
    }

    /// Whether the address is of someone outside the provider: a client or
    /// third-party person (or an address mapped to one), or of their domains.
    pub fn is_outside(&self, address: &str) -> bool {
        match self.person(address) {
            Some(p) => self.role.get(p).is_some_and(|r| *r != PartyRole::Provider),
            None => address
                .rsplit_once('@')
                .is_some_and(|(_, d)| self.outside_domains.contains(d)),
        }
    }

    /// The person an address belongs to, if known.
    fn person(&self, address: &str) -> Option<&Key> {
        self.people.get(address).and_then(Option::as_ref)
    }

    fn participants(&self, addresses: &[String]) -> Vec<Key> {
        let mut out: Vec<Key> = Vec::new();
        for a in addresses {
            if let Some(p) = self.person(a)
                && !out.contains(p)
            {
                out.push(p.clone());
            }
        }
        out
    }

    fn direction(
        &self,
        from: Option<&Key>,
        participants: &[Key],
        status: CommStatus,
        is_message: bool,
    ) -> Direction {
        let provider = |k: &Key| self.role.get(k) == Some(&PartyRole::Provider);
        if !is_message || status != CommStatus::Held {
            return Direction::TwoWay;
        }
        match from {
            Some(f) if provider(f) && participants.iter().all(provider) => Direction::Internal,
            Some(f) if provider(f) => Direction::Outbound,
            _ => Direction::Inbound,
        }
    }

    /// The communication for a newly imported draft.
    pub fn build(&self, d: &Draft, source: Source) -> Value {
        if let Some(full) = &d.full {
            let mut full = full.clone();
            let (emails, keys): (Vec<&String>, Vec<&String>) =
                d.addresses.iter().partition(|a| a.contains('@'));
            let mut participants =
                self.participants(&emails.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            for k in keys {
                let k = Key(k.clone());
                if !participants.contains(&k) {
                    participants.push(k);
                }
            }
            full.participants = participants;
            full.addresses = emails.into_iter().cloned().collect();
            full.source = source;
            return serde_json::to_value(full).expect("a communication serialises");
        }
        let participants = self.participants(&d.addresses);
        let from = d.addresses.first().and_then(|a| self.person(a)).cloned();
        let is_message = d.kind == crate::model::CommKind::Email;
        let comm = Communication {
            kind: d.kind,
            status: d.status,
            occurred_at: d.occurred_at,
            ends_at: d.ends_at,
            direction: self.direction(from.as_ref(), &participants, d.status, is_message),
            from,
            participants,
            addresses: d.addresses.clone(),
            subject: d.subject.clone(),
            minutes: d.text.clone(),
            source,
            attachments: d.attachments.clone(),
            ..Communication::default()
        };
        serde_json::to_value(comm).expect("a communication serialises")
    }

    /// An updated calendar event: new time, subject and people; what the
    /// user recorded (minutes, items, held status) stays.
    pub fn update_event(&self, mut old: Communication, d: &Draft, source: Source) -> Value {
        old.occurred_at = d.occurred_at;
        old.ends_at = d.ends_at;
        old.subject = d.subject.clone();
        old.addresses = d.addresses.clone();
        old.participants = self.participants(&d.addresses);
        old.from = d.addresses.first().and_then(|a| self.person(a)).cloned();
        if old.status != CommStatus::Held || d.status == CommStatus::Cancelled {
            old.status = d.status;
        }
        if old.minutes.is_empty() {
            old.minutes = d.text.clone();
        }
        old.source = source;
        serde_json::to_value(old).expect("a communication serialises")
    }
}
