//! The service scheduler. On every pass it closes the gap between what runs and what is wanted:
//! replacing stopped tasks, scaling, rolling deployments within minimumHealthyPercent /
//! maximumPercent. Passes are queued as timers ([`Simulation::request_reconcile`]) and run one
//! service at a time; after each, [`Simulation::after_pass`] records history, completes
//! deployments and reports steady state.
//!
//! - [`services`]: create-service, update-service, delete-service and the deployments they start;
//! - [`snapshot`]: one look at a service's tasks per pass;
//! - [`replica`] and [`daemon`]: the two scheduling strategies' passes;
//! - [`breaker`]: the deployment circuit breaker and the start throttle.

use crate::event::EventKind;
use crate::model::*;
use crate::sim::{Simulation, Timer};
use crate::time::Millis;

mod breaker;
mod daemon;
mod replica;
mod services;
mod snapshot;

pub use breaker::circuit_breaker_threshold;
use snapshot::Snapshot;

/// "Steady state" is repeated this often while a service stays steady (ECS: about every 6 h).
const STEADY_REPEAT: Millis = Millis::mins(360);
/// A sparkline keeps this many samples.
const HISTORY_CAP: usize = 240;

impl Simulation {
    /// Queues a scheduler pass for the service `delay` from now, unless one is already due sooner.
    pub(crate) fn request_reconcile(&mut self, name: &str, delay: Millis) {
        let at = self.now.plus(delay);
        let Some(svc) = self.services.get_mut(name) else { return };
        if svc.status == ServiceStatus::Inactive || svc.next_reconcile.is_some_and(|t| t <= at) {
            return;
        }
        svc.next_reconcile = Some(at);
        self.push_timer(at, Timer::Reconcile(name.to_string()));
    }

    /// Queues a pass for every live service (after the cluster itself changed).
    pub(crate) fn reconcile_all(&mut self, delay: Millis) {
        let names: Vec<String> = self.services.keys().cloned().collect();
        for n in names {
            self.request_reconcile(&n, delay);
        }
    }

    /// A queued pass is due; timers left over from passes that already ran are ignored.
    pub(crate) fn reconcile_due(&mut self, name: &str) {
        if self.services.get(name).is_some_and(|s| s.next_reconcile == Some(self.now)) {
            self.reconcile(name);
        }
    }

    /// One scheduler pass, now. It queues whatever later pass it needs (retries, throttle).
    pub(crate) fn reconcile(&mut self, name: &str) {
        let Some(svc) = self.services.get_mut(name) else { return };
        svc.next_reconcile = None;
        let after = match svc.status {
            ServiceStatus::Inactive => return,
            ServiceStatus::Draining => {
                let live = self.live_tasks(name);
                let deployment = self.services[name].deployments[0].id.clone();
                self.stop_tasks(name, &deployment, live);
                None
            }
            ServiceStatus::Active => match svc.scheduling_strategy {
                SchedulingStrategy::Replica => self.replica_pass(name),
                SchedulingStrategy::Daemon => {
                    self.daemon_pass(name);
                    None
                }
            },
        };
        let snap = match after {
            Some(snap) => {
                debug_assert_eq!(snap.clone().sorted(), self.snapshot(name).sorted(), "the pass's own snapshot went stale");
                snap
            }
            None => self.snapshot(name),
        };
        self.after_pass(name, snap);
        self.rebalance(name);
    }

    /// Records the sparkline sample, completes deployments, reports steady state, and retires a
    /// drained service.
    fn after_pass(&mut self, name: &str, snap: Snapshot) {
        self.note_desired(name);
        self.note_healthy(name, &snap);
        let now = self.now;
        let (running, pending) = (snap.running, snap.pending);
        let svc = self.services.get_mut(name).expect("after_pass on a known service");
        let sample = (now, running, svc.desired_count);
        if svc.history.last().map(|h| (h.1, h.2)) != Some((sample.1, sample.2)) {
            svc.history.push(sample);
            if svc.history.len() > HISTORY_CAP {
                svc.history.remove(0);
            }
        }
        if svc.status == ServiceStatus::Draining {
            if running + pending == 0 && !snap.stopping {
                svc.status = ServiceStatus::Inactive;
                self.emit(EventKind::ServiceDeleted { service: name.into() });
            }
            return;
        }
        // Old deployments with no tasks left are done with.
        svc.deployments.retain(|d| d.status == DeploymentStatus::Primary || snap.deployments_in_use.contains(&d.id));
        // Steady state asks for passing health checks; the 40 s wait of a task without any is
        // for minimumHealthyPercent alone, and holds a rolling update up through the old tasks.
        let all_current_and_healthy = snap.live.iter().all(|t| t.current && t.passing);
        let done = all_current_and_healthy && snap.live.len() as u32 == svc.desired_count && svc.deployments.len() == 1;
        let mut events = Vec::new();
        if done && svc.deployments[0].rollout_state == RolloutState::InProgress {
            let d = &mut svc.deployments[0];
            d.rollout_state = RolloutState::Completed;
            d.rollout_state_reason = "ECS deployment completed.".into();
            events.push(EventKind::DeploymentCompleted { service: name.into(), deployment: d.id.clone() });
            svc.last_completed = Some(svc.deployments[0].clone());
        }
        let steady = done && !snap.stopping && pending == 0;
        if steady && !svc.steady {
            svc.steady = true;
            svc.steady_reported_at = Some(now);
            events.push(EventKind::SteadyState { service: name.into() });
            self.push_timer(now.plus(STEADY_REPEAT), Timer::SteadyReminder(name.into()));
        } else if !steady {
            svc.steady = false;
        }
        for kind in events {
            self.emit(kind);
        }
    }

    pub(crate) fn steady_reminder(&mut self, name: &str) {
        let now = self.now;
        let Some(svc) = self.services.get_mut(name) else { return };
        let due = svc.steady_reported_at.is_some_and(|t| now.since(t) >= STEADY_REPEAT);
        if svc.steady && svc.status == ServiceStatus::Active && due {
            svc.steady_reported_at = Some(now);
            self.emit(EventKind::SteadyState { service: name.into() });
            self.push_timer(now.plus(STEADY_REPEAT), Timer::SteadyReminder(name.into()));
        }
    }
}
