//! [`TimerQueue`]: what the simulation has promised to do later, in the order it will do it.

use crate::ids::TaskId;
use crate::time::Millis;
use serde::Serialize;
use std::cmp::Reverse;
use std::collections::BinaryHeap;

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
///
/// A min-heap rather than a `BTreeSet` (whose node code the page would carry for this one type):
/// the order is total, so it pops exactly what the set's `pop_first` would, and it serializes
/// as the set did, in that order.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct TimerQueue {
    #[serde(serialize_with = "in_order")]
    due: BinaryHeap<Reverse<(Millis, u64, Timer)>>,
    seq: u64,
}

/// The timers as the sorted sequence a `BTreeSet` serializes.
fn in_order<S: serde::Serializer>(due: &BinaryHeap<Reverse<(Millis, u64, Timer)>>, s: S) -> Result<S::Ok, S::Error> {
    let mut all: Vec<&(Millis, u64, Timer)> = due.iter().map(|r| &r.0).collect();
    all.sort_unstable();
    s.collect_seq(all)
}

impl TimerQueue {
    /// Sets `timer` for `at`.
    pub fn push(&mut self, at: Millis, timer: Timer) {
        self.seq += 1;
        self.due.push(Reverse((at, self.seq, timer)));
    }

    /// When the next timer is due.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.due.peek().map(|t| t.0 .0)
    }

    /// Takes the next timer if it is due at or before `t`.
    pub fn pop_due(&mut self, t: Millis) -> Option<(Millis, Timer)> {
        if self.next_deadline()? > t {
            return None;
        }
        self.due.pop().map(|Reverse((at, _, timer))| (at, timer))
    }

    /// Whether an equal timer is already set.
    pub fn contains(&self, timer: &Timer) -> bool {
        self.due.iter().any(|r| r.0 .2 == *timer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn pops_and_serializes_as_the_sorted_set_it_replaced() {
        let mut q = TimerQueue::default();
        let mut set = BTreeSet::new();
        for (i, at) in [30u64, 10, 20, 10, 30, 0, 10].into_iter().enumerate() {
            let timer = if i % 2 == 0 { Timer::Reconcile(format!("s{i}")) } else { Timer::Schedule(format!("e{i}")) };
            q.push(Millis(at), timer.clone());
            set.insert((Millis(at), i as u64 + 1, timer));
        }
        let set_json = serde_json::to_string(&set).unwrap();
        assert_eq!(serde_json::to_string(&q).unwrap(), format!("{{\"due\":{set_json},\"seq\":7}}"));
        assert!(q.contains(&Timer::Schedule("e1".into())) && !q.contains(&Timer::Schedule("e2".into())));
        let mut popped = Vec::new();
        while let Some(t) = q.pop_due(Millis(20)) {
            popped.push(t);
        }
        let want: Vec<_> = set.iter().filter(|t| t.0 <= Millis(20)).map(|t| (t.0, t.2.clone())).collect();
        assert_eq!(popped, want);
        assert_eq!(q.next_deadline(), Some(Millis(30)));
    }
}
