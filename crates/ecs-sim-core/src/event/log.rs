//! [`EventLog`]: where the simulation puts what happened. Two views of one sequence: a lossless
//! queue that a front end drains, and a capped history that a log panel shows.

use super::{Event, EventKind};
use crate::time::Millis;
use serde::Serialize;
use std::collections::VecDeque;
use std::sync::Arc;

/// The simulation's events. Each is stored once and shared (`Arc`) between the queue, the history
/// and whoever drained it: events never change, and a front end copies rows every frame.
///
/// Invariants: ids start at 1 and grow by one per event; the history holds the last `cap` events
/// (at least one), oldest first; the queue holds every event since the last
/// [`EventLog::drain`], oldest first, however many there are.
#[derive(Clone, Debug, Serialize)]
pub struct EventLog {
    history: VecDeque<Arc<Event>>,
    queue: Vec<Arc<Event>>,
    cap: usize,
    next_id: u64,
}

impl EventLog {
    /// An empty log whose history keeps the last `cap` events (at least one).
    pub fn new(cap: usize) -> EventLog {
        EventLog { history: VecDeque::new(), queue: Vec::new(), cap: cap.max(1), next_id: 1 }
    }

    /// Records an event at `at`, with the severity its kind carries.
    pub fn push(&mut self, at: Millis, kind: EventKind) {
        let event = Arc::new(Event { id: self.next_id, at, severity: kind.severity(), kind });
        self.next_id += 1;
        self.queue.push(Arc::clone(&event));
        self.history.push_back(event);
        if self.history.len() > self.cap {
            self.history.pop_front();
        }
    }

    /// Every event since the last drain, oldest first; the queue is empty afterwards.
    pub fn drain(&mut self) -> Vec<Arc<Event>> {
        std::mem::take(&mut self.queue)
    }

    /// The capped history, oldest first.
    pub fn history(&self) -> &VecDeque<Arc<Event>> {
        &self.history
    }

    /// How many events have ever been recorded.
    pub fn total(&self) -> u64 {
        self.next_id - 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steady(n: u32) -> EventKind {
        EventKind::SteadyState { service: format!("s{n}") }
    }

    #[test]
    fn the_queue_keeps_what_the_history_drops() {
        let mut log = EventLog::new(3);
        for n in 0..10 {
            log.push(Millis(u64::from(n)), steady(n));
        }
        assert_eq!(log.history().iter().map(|e| e.id).collect::<Vec<_>>(), [8, 9, 10]);
        let drained = log.drain();
        assert_eq!(drained.iter().map(|e| e.id).collect::<Vec<_>>(), (1..=10).collect::<Vec<_>>());
        assert!(log.drain().is_empty(), "a second drain has nothing new");
        log.push(Millis(20), steady(20));
        assert_eq!(log.drain().iter().map(|e| e.id).collect::<Vec<_>>(), [11]);
        assert_eq!(log.total(), 11);
    }
}
