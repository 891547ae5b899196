//! The REPLICA strategy's pass: start and stop tasks to reach the desired count within the deployment bounds, spread across zones.
use super::snapshot::{LiveTask, Snapshot};
use crate::counts;
use crate::event::EventKind;
use crate::ids::TaskId;
use crate::launch::Launch;
use crate::model::*;
use crate::placement::Strategy;
use crate::sim::Simulation;
use crate::time::Millis;

/// After a placement failure the scheduler tries again this much later.
const PLACEMENT_RETRY: Millis = Millis::secs(60);

impl Simulation {
    /// Returns the snapshot of the service after the pass when the pass knows it: when it
    /// stopped nothing, no task it looked at changed, so that is the snapshot it started from
    /// plus the tasks it started.
    pub(super) fn replica_pass(&mut self, name: &str) -> Option<Snapshot> {
        let svc = &self.services[name];
        let primary = svc.deployments[0].clone();
        let desired = svc.desired_count;
        let (lower, upper) = svc.deployment_configuration.bounds(desired);
        let snap = self.snapshot(name);
        let mut current: Vec<TaskId> = snap.live.iter().filter(|t| t.current).map(|t| t.id).collect();
        let outdated: Vec<&LiveTask> = snap.live.iter().filter(|t| !t.current).collect();
        let mut stopped = Vec::new();
        if current.len() as u32 > desired {
            let extra = current.len() - desired as usize;
            let gone = self.scale_in(name, &primary.id, current.clone(), extra);
            current.retain(|id| !gone.contains(id));
            stopped.extend(gone);
        }
        if let Some(at) = snap.counts_next.filter(|_| !outdated.is_empty()) {
            // A replacement without health signals starts to count with no event to say so.
            self.request_reconcile(name, at.since(self.now));
        }
        if !outdated.is_empty() {
            // Unhealthy or still-starting old tasks cost nothing to stop; healthy ones only down
            // to the lower bound.
            let healthy = snap.live.iter().filter(|t| t.healthy && !stopped.contains(&t.id)).count() as u32;
            let mut budget = healthy.saturating_sub(lower);
            let mut old = Vec::new();
            for t in &outdated {
                if !t.healthy || budget > 0 {
                    if t.healthy {
                        budget -= 1;
                    }
                    old.push(t.id);
                }
            }
            stopped.extend(old.iter().cloned());
            self.stop_tasks(name, &primary.id, old);
        }
        let total = snap.live.len() as u32 - stopped.len() as u32;
        let room = upper.saturating_sub(total);
        let need = desired.saturating_sub(current.len() as u32);
        let start = room.min(need);
        let throttled_until = self.services[name].throttled_until.filter(|t| *t > self.now);
        // "A deployment in FAILED state doesn't launch any new tasks" (API reference, Deployment).
        let failed = primary.rollout_state == RolloutState::Failed;
        let mut started = Vec::new();
        if let Some(at) = throttled_until {
            self.request_reconcile(name, at.since(self.now));
        } else if start > 0 && !failed {
            started = self.start_tasks(name, &primary.task_definition, &primary.id, start);
        }
        // A new task that is still starting, or RUNNING but not yet past its health checks, will
        // free the budget to stop an old one: the bounds are not what holds the deployment up.
        let waiting = snap.live.iter().any(|t| t.starting || (t.current && !t.healthy));
        let stuck = !outdated.is_empty()
            && stopped.is_empty()
            && started.is_empty()
            && need > 0
            && room == 0
            && !waiting
            && !failed
            && throttled_until.is_none();
        if stuck {
            self.emit(EventKind::DeploymentBlocked { service: name.into() });
        }
        if !stopped.is_empty() {
            return None;
        }
        let mut snap = snap;
        self.observe(&mut snap, name, started.into_iter());
        Some(snap)
    }

    /// Starts up to `count` tasks of the PRIMARY deployment; returns the ones started.
    pub(super) fn start_tasks(&mut self, name: &str, td_name: &str, deployment: &str, count: u32) -> Vec<TaskId> {
        let Some(td) = self.task_definitions.get(td_name).cloned() else { return Vec::new() };
        let svc = &self.services[name];
        let strategies = if svc.placement_strategy.is_empty() { Strategy::service_default() } else { svc.placement_strategy.clone() };
        let constraints = svc.placement_constraints.clone();
        let launch_type = svc.launch_type;
        let providers = svc.capacity_provider_strategy.clone();
        let group = format!("service:{name}");
        let mut started = Vec::new();
        let mut on = self.live_per_provider(name);
        for _ in 0..count {
            let provider = (!providers.is_empty()).then(|| next_provider(&providers, |p| on[p as usize]));
            let spec = Launch {
                td: &td,
                launch_type,
                provider,
                group: &group,
                service: Some((name, deployment)),
                strategies: &strategies,
                constraints: &constraints,
                only: None,
            };
            match self.launch_task(spec) {
                Ok(id) => {
                    if let Some(p) = provider {
                        on[p as usize] += 1;
                    }
                    started.push(id)
                }
                Err(f) => {
                    self.report_placement_failure(name, &f);
                    break;
                }
            }
        }
        self.report_started(name, &started);
        started
    }

    pub(super) fn report_started(&mut self, name: &str, started: &[TaskId]) {
        if started.is_empty() {
            return;
        }
        // Tasks were placed: the event ends a placement failure reported before this instant
        // (see `crate::service_messages`).
        let replaced_unhealthy = self.take_unhealthy_replacements(name, started.len() as u32);
        let tasks = started.iter().map(TaskId::to_string).collect();
        self.emit(EventKind::TasksStarted { service: name.into(), tasks, replaced_unhealthy });
    }

    pub(super) fn report_placement_failure(&mut self, name: &str, f: &crate::placement::Failure) {
        // The closest instance is named only when it is known what it lacks.
        let shortage = f.closest.clone().zip(f.resource);
        let (closest, missing) = shortage.map_or((None, None), |(ci, r)| (Some(ci), Some(r)));
        self.emit(EventKind::TaskNotPlaced { service: name.into(), closest, missing });
        self.request_reconcile(name, PLACEMENT_RETRY);
    }

    pub(super) fn stop_tasks(&mut self, name: &str, deployment: &str, ids: Vec<TaskId>) {
        if ids.is_empty() {
            return;
        }
        let reason = format!("Scaling activity initiated by (deployment {deployment})");
        for id in &ids {
            self.stop_task(*id, StopCode::ServiceSchedulerInitiated, reason.clone(), None);
        }
        let tasks = ids.iter().map(TaskId::to_string).collect();
        self.emit(EventKind::TasksStopped { service: name.into(), tasks });
    }

    /// Stops `extra` tasks, each time from the AZ (then instance) holding the most of them,
    /// preferring tasks that are not RUNNING yet.
    pub(super) fn scale_in(&mut self, name: &str, deployment: &str, mut active: Vec<TaskId>, extra: usize) -> Vec<TaskId> {
        let mut stopped = Vec::new();
        for _ in 0..extra {
            let (mut per_az, mut per_ci) = (Vec::new(), Vec::new());
            for id in &active {
                let t = &self.tasks[id];
                counts::add(&mut per_az, &t.az, 1);
                counts::add(&mut per_ci, t.container_instance.as_deref().unwrap_or(""), 1);
            }
            let victim = active
                .iter()
                .max_by_key(|id| {
                    let t = &self.tasks[*id];
                    (
                        counts::of(&per_az, &t.az),
                        counts::of(&per_ci, t.container_instance.as_deref().unwrap_or("")),
                        t.last_status != TaskStatus::Running,
                        t.created_at,
                    )
                })
                .cloned()
                .expect("scale-in only runs with tasks to stop");
            active.retain(|id| *id != victim);
            stopped.push(victim);
        }
        self.stop_tasks(name, deployment, stopped.clone());
        stopped
    }
}
