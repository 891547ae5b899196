//! What happened, in ECS's own words. Events are the core's only output channel.

use crate::time::Millis;
use serde::{Deserialize, Serialize};

/// How much an event matters.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Normal progress.
    Info,
    /// Something a person should look at.
    Warning,
    /// Something failed.
    Error,
}

/// What an event is about, so a front end can filter and react without parsing text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum EventKind {
    /// The cluster itself (instances, set-up).
    Cluster,
    /// A service event, as the console's Events tab shows.
    Service {
        /// The service.
        service: String,
    },
    /// A task changed status (as EventBridge's "ECS Task State Change").
    TaskState {
        /// The task id.
        task: String,
        /// The owning service, if any.
        service: Option<String>,
    },
}

/// One line of the event log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// Sequence number, from 1, never reused within a run.
    pub id: u64,
    /// Virtual time it happened.
    pub at: Millis,
    /// How much it matters.
    pub severity: Severity,
    /// What it is about.
    pub kind: EventKind,
    /// The message, worded as ECS words it.
    pub message: String,
}

impl Event {
    /// The service this event concerns, if any.
    pub fn service(&self) -> Option<&str> {
        match &self.kind {
            EventKind::Service { service } => Some(service),
            EventKind::TaskState { service, .. } => service.as_deref(),
            EventKind::Cluster => None,
        }
    }
}
