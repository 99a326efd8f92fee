//! Field and reference checks shared by every kind of entity.

use crate::error::{Error, FieldError};
use crate::key::Key;
use crate::kind::Kind;

/// What validation needs to know about other entities.
pub trait Lookup {
    /// The kind of the entity with this key and whether it is voided, if it exists.
    fn find(&self, key: &Key) -> Option<(Kind, bool)>;
}

/// Collects the problems of one entity's data.
pub struct Validator<'a> {
    entity: &'a str,
    lookup: &'a dyn Lookup,
    errors: Vec<FieldError>,
    refs: Vec<(String, Key)>,
}

impl<'a> Validator<'a> {
    /// A validator for the entity named `entity` (e.g. "person" or "people[3]").
    pub fn new(entity: &'a str, lookup: &'a dyn Lookup) -> Self {
        Validator {
            entity,
            lookup,
            errors: Vec::new(),
            refs: Vec::new(),
        }
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
        if value.trim().is_empty() {
            self.fail(field, format!("{} is required", human(field)));
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
        if value < lo || value > hi {
            self.fail(field, format!("must be between {lo} and {hi}, not {value}"));
        }
    }

    /// A key that must name an existing, not voided entity of `kind`.
    pub fn reference(&mut self, field: &str, key: &Key, kind: Kind) {
        if key.as_str().trim().is_empty() {
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
        match self.lookup.find(key) {
            Some((found, _)) if kinds.contains(&found) => self.reference(field, key, found),
            Some((found, _)) => {
                let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
                self.fail(
                    field,
                    format!("\"{key}\" is a {found}, not a {}", names.join(" or ")),
                );
            }
            None if key.as_str().trim().is_empty() => self.reference(field, key, kinds[0]),
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
