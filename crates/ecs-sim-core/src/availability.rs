//! Availability: how much of the time a service, or a group of standalone tasks, had every task it
//! wanted RUNNING, and how many stopped tasks the service scheduler replaced. It turns the lesson
//! "a service keeps the lights on, a standalone task does not" into a number.
//!
//! The tallies follow the event stream ([`Availability::observe`], called for every event the
//! simulation emits), so they cost nothing between events and replay exactly with the run.
//! - A **service** wants its `desiredCount` of RUNNING tasks. A task that stops without the
//!   scheduler asking (a user's StopTask, an exit, a failed start, a lost host), or that the
//!   scheduler stops because its health check failed, is owed a replacement; the next task the
//!   service launches pays it.
//! - A **standalone group** (`family:worker`) wants each task it launched, until the task exits on
//!   its own with code 0 (its work is done). Nothing replaces a standalone task.

use crate::event::EventKind;
use crate::model::{StopCode, TaskStatus};
use crate::time::Millis;
use serde::Serialize;

/// One service's, or one standalone group's, record.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    /// When it first wanted a task.
    pub since: Millis,
    /// Tasks RUNNING now.
    pub running: u32,
    /// Tasks it wants RUNNING now.
    pub wanted: u32,
    /// Time with fewer RUNNING than wanted, up to `short_since`.
    short_for: Millis,
    /// Since when it has been short, if it is now.
    short_since: Option<Millis>,
    /// Tasks that stopped without being asked to (or were stopped as unhealthy).
    pub unplanned_stops: u32,
    /// Tasks the service scheduler started in their place.
    pub replacements: u32,
    /// Stops not yet paid by a replacement.
    owed: u32,
}

impl Tally {
    /// How long it has been watched, up to `now`.
    pub fn span(&self, now: Millis) -> Millis {
        now.since(self.since)
    }

    /// Time with fewer RUNNING tasks than wanted, up to `now`.
    pub fn short_for(&self, now: Millis) -> Millis {
        self.short_for.plus(self.short_since.map_or(Millis::ZERO, |t| now.since(t)))
    }

    /// Whole percent of the time (rounded down) with every wanted task RUNNING; `None` before any
    /// time has passed.
    pub fn percent_at_desired(&self, now: Millis) -> Option<u32> {
        let span = self.span(now).0;
        (span > 0).then(|| ((span - self.short_for(now).0.min(span)) * 100 / span) as u32)
    }

    /// Closes or opens the short interval after `running` or `wanted` changed.
    fn settle(&mut self, now: Millis) {
        let short = self.running < self.wanted;
        match (short, self.short_since) {
            (true, None) => self.short_since = Some(now),
            (false, Some(t)) => {
                self.short_for = self.short_for.plus(now.since(t));
                self.short_since = None;
            }
            _ => {}
        }
    }
}

/// Every service's and standalone group's [`Tally`], by name and by group. Lists sorted by
/// name, not maps: one more map type would cost the page a kilobyte of wasm.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Availability {
    /// By service name.
    pub services: Vec<(String, Tally)>,
    /// By task group (`family:worker`), standalone tasks only.
    pub standalone: Vec<(String, Tally)>,
}

/// The tally under `key` in a list sorted by key, added (watched from `now`) if missing.
fn entry<'a>(list: &'a mut Vec<(String, Tally)>, key: &str, now: Millis) -> &'a mut Tally {
    let i = match list.binary_search_by(|(k, _)| k.as_str().cmp(key)) {
        Ok(i) => i,
        Err(i) => {
            list.insert(i, (key.to_string(), Tally { since: now, ..Tally::default() }));
            i
        }
    };
    &mut list[i].1
}

fn find<'a>(list: &'a [(String, Tally)], key: &str) -> Option<&'a Tally> {
    list.binary_search_by(|(k, _)| k.as_str().cmp(key)).ok().map(|i| &list[i].1)
}

impl Availability {
    /// Follows one event. `desired` is the event's service's desiredCount now, if it names one.
    pub(crate) fn observe(&mut self, now: Millis, kind: &EventKind, desired: Option<u32>) {
        use EventKind::*;
        let tally = match kind.task_ref() {
            Some(t) => match &t.service {
                Some(s) => self.service(s, now),
                None => entry(&mut self.standalone, &t.group, now),
            },
            None => match kind.service() {
                Some(s) => self.service(s, now),
                None => return,
            },
        };
        let service = kind.task_ref().is_none_or(|t| t.service.is_some());
        match kind {
            TaskCreated { .. } if service && tally.owed > 0 => {
                tally.owed -= 1;
                tally.replacements += 1;
            }
            TaskCreated { .. } if !service => tally.wanted += 1,
            TaskRunning { .. } => tally.running += 1,
            TaskStopping { stop_code, from, exit_code, .. } => {
                if *from == TaskStatus::Running {
                    tally.running = tally.running.saturating_sub(1);
                }
                let done = *stop_code == StopCode::EssentialContainerExited && *exit_code == Some(0);
                if !service && done {
                    tally.wanted = tally.wanted.saturating_sub(1);
                } else if *stop_code != StopCode::ServiceSchedulerInitiated {
                    tally.unplanned_stops += 1;
                    tally.owed += u32::from(service);
                }
            }
            ContainerUnhealthy { .. } | TargetUnhealthy { .. } => {
                tally.unplanned_stops += 1;
                tally.owed += 1;
            }
            _ => {}
        }
        if let (true, Some(d)) = (service, desired) {
            tally.wanted = d;
            tally.owed = tally.owed.min(d);
        }
        tally.settle(now);
    }

    /// A service's desired count changed without an event (update-service, auto scaling).
    pub(crate) fn desired_changed(&mut self, now: Millis, service: &str, desired: u32) {
        let tally = self.service(service, now);
        tally.wanted = desired;
        tally.owed = tally.owed.min(desired);
        tally.settle(now);
    }

    fn service(&mut self, name: &str, now: Millis) -> &mut Tally {
        // A service is watched from its first event, or from its first pass, whichever is first.
        entry(&mut self.services, name, now)
    }

    /// A service's tally, if it has been watched.
    pub fn of_service(&self, name: &str) -> Option<&Tally> {
        find(&self.services, name)
    }

    /// A standalone task group's tally, if it has been watched.
    pub fn of_group(&self, group: &str) -> Option<&Tally> {
        find(&self.standalone, group)
    }
}
