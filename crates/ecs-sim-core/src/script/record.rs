//! [`EventRecord`]: the events a front end has drained from its simulation, kept for
//! `expect event` lines. The simulation's own history is capped for the log view; a check must
//! not miss an event because the log scrolled past it.

use crate::event::Event;
use std::collections::VecDeque;
use std::sync::Arc;

/// Every event a host has drained from its simulation, oldest first, up to [`EventRecord::CAP`].
///
/// A host feeds it each batch from [`Simulation::drain_events`](crate::Simulation::drain_events)
/// and lends it to [`Session::execute`](super::Session::execute) through [`Host::read`](super::Host::read).
/// Event ids only grow within one simulation, so a batch that starts at or below the last id
/// recorded comes from a new simulation (the page reset, or restored a saved run): the record
/// starts over with it.
#[derive(Clone, Debug)]
pub struct EventRecord {
    events: VecDeque<Arc<Event>>,
    cap: usize,
}

impl Default for EventRecord {
    fn default() -> Self {
        EventRecord::new()
    }
}

impl EventRecord {
    /// How many events a record keeps (the oldest go first): ten times the log's default
    /// history, more than a lesson or a console session produces, and a few megabytes at most.
    pub const CAP: usize = 10_000;

    /// An empty record that keeps [`EventRecord::CAP`] events.
    pub fn new() -> EventRecord {
        EventRecord::with_cap(EventRecord::CAP)
    }

    /// An empty record that keeps at most `cap` events (at least one).
    pub fn with_cap(cap: usize) -> EventRecord {
        EventRecord { events: VecDeque::new(), cap: cap.max(1) }
    }

    /// Adds freshly drained events, oldest first.
    pub fn extend(&mut self, drained: impl IntoIterator<Item = Arc<Event>>) {
        for e in drained {
            if self.events.back().is_some_and(|last| e.id <= last.id) {
                self.events.clear();
            }
            self.events.push_back(e);
            if self.events.len() > self.cap {
                self.events.pop_front();
            }
        }
    }

    /// The recorded events, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &Event> + ExactSizeIterator + '_ {
        self.events.iter().map(|e| &**e)
    }

    /// How many events are recorded.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// Whether nothing is recorded yet.
    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

impl<'a> IntoIterator for &'a EventRecord {
    type Item = &'a Event;
    type IntoIter = std::iter::Map<std::collections::vec_deque::Iter<'a, Arc<Event>>, fn(&Arc<Event>) -> &Event>;
    fn into_iter(self) -> Self::IntoIter {
        self.events.iter().map(|e| &**e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{SimConfig, Simulation};

    #[test]
    fn a_new_simulation_starts_the_record_over_and_the_cap_drops_the_oldest() {
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(crate::Command::create_service("web", "web:1", 2, crate::LaunchType::Ec2)).unwrap();
        sim.advance_by(crate::Millis::secs(60));
        let mut r = EventRecord::with_cap(5);
        r.extend(sim.drain_events());
        assert_eq!(r.len(), 5);
        let newest = sim.events().back().map(|e| e.id);
        assert_eq!(r.iter().last().map(|e| e.id), newest);
        let mut fresh = Simulation::new(SimConfig::default());
        r.extend(fresh.drain_events());
        assert_eq!(r.iter().map(|e| e.id).collect::<Vec<_>>(), vec![1]);
    }
}
