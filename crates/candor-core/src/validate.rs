//! Field and reference checks shared by every kind of entity.

use crate::error::{Error, FieldError};
use crate::key::Key;
use crate::kind::Kind;

/// What validation needs to know about other entities.
pub trait Lookup {
    /// The kind of the entity with this key and whether it is voided, if it exists.
    fn find(&self, key: &Key) -> Option<(Kind, bool)>;
}

/// What a kind's validation asks of one field, whatever its value: how
/// [`crate::describe`] learns the rules from the rules themselves.
#[derive(Debug, Clone, PartialEq)]
pub enum Demand {
    /// Must not be empty.
    Required,
    /// Must name an entity of one of these kinds.
    Reference(Vec<Kind>),
    /// A number within these bounds.
    Range(String, String),
}

/// Collects the problems of one entity's data.
pub struct Validator<'a> {
    entity: &'a str,
    lookup: &'a dyn Lookup,
    errors: Vec<FieldError>,
    refs: Vec<(String, Key)>,
    demands: Option<Vec<(String, Demand)>>,
}

impl<'a> Validator<'a> {
    /// A validator for the entity named `entity` (e.g. "person" or "people[3]").
    pub fn new(entity: &'a str, lookup: &'a dyn Lookup) -> Self {
        Validator {
            entity,
            lookup,
            errors: Vec::new(),
            refs: Vec::new(),
            demands: None,
        }
    }

    /// A validator that also notes what each check asks of its field
    /// (see [`Validator::demands`]).
    pub fn probing(entity: &'a str, lookup: &'a dyn Lookup) -> Self {
        Validator {
            demands: Some(Vec::new()),
            ..Validator::new(entity, lookup)
        }
    }

    fn demand(&mut self, field: &str, demand: Demand) {
        if let Some(d) = &mut self.demands {
            d.push((field.to_owned(), demand));
        }
    }

    /// What the checks run so far asked of each field (empty unless probing).
    pub fn demands(self) -> Vec<(String, Demand)> {
        self.demands.unwrap_or_default()
    }

    /// Records a problem with `field`.
    pub fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError {
            entity: self.entity.to_owned(),
            field: field.to_owned(),
            message: message.into(),
        });
    }

    /// Text that must not be empty or blank.
    pub fn required(&mut self, field: &str, value: &str) {
        self.required_as(field, value, format!("{} is required", human(field)));
    }

    /// Text that must not be empty or blank, with the message to give when it is.
    pub fn required_as(&mut self, field: &str, value: &str, message: impl Into<String>) {
        self.demand(field, Demand::Required);
        if value.trim().is_empty() {
            self.fail(field, message);
        }
    }

    /// A number within `lo..=hi`.
    pub fn range<T: PartialOrd + std::fmt::Display + Copy>(
        &mut self,
        field: &str,
        value: T,
        lo: T,
        hi: T,
    ) {
        self.demand(field, Demand::Range(lo.to_string(), hi.to_string()));
        if value < lo || value > hi {
            self.fail(field, format!("must be between {lo} and {hi}, not {value}"));
        }
    }

    /// A key that must name an existing, not voided entity of `kind`.
    pub fn reference(&mut self, field: &str, key: &Key, kind: Kind) {
        self.demand(field, Demand::Reference(vec![kind]));
        self.referenced(field, key, kind);
    }

    fn referenced(&mut self, field: &str, key: &Key, kind: Kind) {
        if key.as_str().trim().is_empty() {
            self.demand(field, Demand::Required);
            self.fail(field, format!("{} is required", human(field)));
            return;
        }
        self.refs.push((field.to_owned(), key.clone()));
        match self.lookup.find(key) {
            None => self.fail(field, format!("no {kind} has the key \"{key}\"")),
            Some((found, _)) if found != kind => {
                self.fail(field, format!("\"{key}\" is a {found}, not a {kind}"))
            }
            Some((_, true)) => self.fail(field, format!("{kind} \"{key}\" is voided")),
            Some(_) => {}
        }
    }

    /// A key that must name an existing, not voided entity of one of `kinds`.
    pub fn reference_any(&mut self, field: &str, key: &Key, kinds: &[Kind]) {
        self.demand(field, Demand::Reference(kinds.to_vec()));
        match self.lookup.find(key) {
            Some((found, _)) if kinds.contains(&found) => self.referenced(field, key, found),
            Some((found, _)) => {
                let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                self.fail(
                    field,
                    format!("\"{key}\" is a {found}, not a {}", names.join(" or ")),
                );
            }
            None if key.as_str().trim().is_empty() => self.referenced(field, key, kinds[0]),
            None => {
                let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                self.fail(
                    field,
                    format!("no {} has the key \"{key}\"", names.join(" or ")),
                );
            }
        }
    }

    /// A plausible e-mail address (something@domain).
    pub fn email(&mut self, field: &str, value: &str) {
        let ok = value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !value.contains(char::is_whitespace)
        });
        if !ok {
            self.fail(field, format!("\"{value}\" is not an e-mail address"));
        }
    }

    /// An IANA time zone name.
    pub fn time_zone(&mut self, field: &str, value: &str) {
        if value.parse::<chrono_tz::Tz>().is_err() {
            self.fail(
                field,
                format!("\"{value}\" is not an IANA time zone (e.g. Europe/Madrid)"),
            );
        }
    }

    /// The references the checks so far made, by field, whether valid or not.
    pub fn references(self) -> Vec<(String, Key)> {
        self.refs
    }

    /// Ends validation: the data is valid when nothing failed; returns the
    /// references checked, by field.
    pub fn finish(self) -> Result<Vec<(String, Key)>, Error> {
        if self.errors.is_empty() {
            Ok(self.refs)
        } else {
            Err(Error::Invalid(self.errors))
        }
    }
}

fn human(field: &str) -> String {
    let mut s = field.replace('_', " ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    s
}
