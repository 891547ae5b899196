//! [`EventFilter`]: which events an `expect event` line looks for, by kind and fields.
//! `task-stopped group=family:batch-job exitCode=0` matches a `task-stopped` event whose `group`
//! is `family:batch-job` and whose `exitCode` is 0. Field names are those of
//! [`EventKind::facts`] (the event's JSON form); a list field matches when it holds the value; an
//! absent value is written `none`.

use super::{Event, EventKind};
use std::fmt;

/// An event kind and the field values an event of that kind must have.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventFilter {
    /// The kind's kebab-case name, one of [`EventKind::NAMES`].
    pub kind: String,
    /// `(field, value)` pairs that must all hold.
    pub fields: Vec<(String, String)>,
}

/// Why a filter could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FilterError {
    /// Not an event kind.
    UnknownKind(String),
    /// A condition without `=`.
    NotAField(String),
}

impl fmt::Display for FilterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterError::UnknownKind(k) => write!(f, "'{k}' is not an event kind: use one of {}", EventKind::NAMES.join(", ")),
            FilterError::NotAField(w) => write!(f, "'{w}' is not a field condition: write field=value, such as service=web"),
        }
    }
}

impl EventFilter {
    /// Builds a filter from a kind name and `field=value` words.
    pub fn new<'a>(kind: &str, conditions: impl IntoIterator<Item = &'a str>) -> Result<EventFilter, FilterError> {
        if !EventKind::NAMES.contains(&kind) {
            return Err(FilterError::UnknownKind(kind.to_string()));
        }
        let fields = conditions
            .into_iter()
            .map(|c| c.split_once('=').map(|(k, v)| (k.to_string(), v.to_string())).ok_or_else(|| FilterError::NotAField(c.to_string())))
            .collect::<Result<_, _>>()?;
        Ok(EventFilter { kind: kind.to_string(), fields })
    }

    /// Whether the event is of this kind and has every field value.
    pub fn matches(&self, event: &Event) -> bool {
        let (name, facts) = event.kind.facts();
        name == self.kind && self.fields.iter().all(|(k, want)| facts.iter().any(|(f, v)| f == k && v.holds(want)))
    }
}

impl fmt::Display for EventFilter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.kind)?;
        for (k, v) in &self.fields {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}
