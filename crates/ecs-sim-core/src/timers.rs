//! [`TimerQueue`]: what the simulation has promised to do later, in the order it will do it.

use crate::ids::TaskId;
use crate::time::Millis;
use serde::Serialize;
use std::collections::BTreeSet;

/// Something due at a virtual time.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub(crate) enum Timer {
    /// The agent moves a task to its next status.
    TaskStep(TaskId),
    /// A batch task's essential container exits.
    BatchExit(TaskId),
    /// A task's next health check result is due.
    Health(TaskId),
    /// A STOPPED task leaves the list.
    Reap(TaskId),
    /// A service scheduler pass.
    Reconcile(String),
    /// A steady service says so again.
    SteadyReminder(String),
    /// Application Auto Scaling evaluates a service's policy.
    Scaling(String),
    /// An EventBridge schedule fires.
    Schedule(String),
}

/// Timers by due time; timers due at the same time run in the order they were set.
///
/// Invariant: sequence numbers are unique and grow, so the order is total and a replay sets and
/// pops the same timers in the same order.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct TimerQueue {
    due: BTreeSet<(Millis, u64, Timer)>,
    seq: u64,
}

impl TimerQueue {
    /// Sets `timer` for `at`.
    pub fn push(&mut self, at: Millis, timer: Timer) {
        self.seq += 1;
        self.due.insert((at, self.seq, timer));
    }

    /// When the next timer is due.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.due.first().map(|t| t.0)
    }

    /// Takes the next timer if it is due at or before `t`.
    pub fn pop_due(&mut self, t: Millis) -> Option<(Millis, Timer)> {
        if self.next_deadline()? > t {
            return None;
        }
        self.due.pop_first().map(|(at, _, timer)| (at, timer))
    }

    /// Whether an equal timer is already set.
    pub fn contains(&self, timer: &Timer) -> bool {
        self.due.iter().any(|(_, _, t)| t == timer)
    }
}
