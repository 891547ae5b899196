//! The REPLICA strategy's pass: start and stop tasks to reach the desired count within the deployment bounds, spread across zones.
use super::snapshot::{Counts, LiveTask, Snapshot};
use crate::event::EventKind;
use crate::ids::TaskId;
use crate::launch::Launch;
use crate::model::*;
use crate::placement::{Constraint, Strategy};
use crate::sim::Simulation;
use crate::time::Millis;
use std::collections::BTreeMap;

/// After a placement failure the scheduler tries again this much later.
const PLACEMENT_RETRY: Millis = Millis::secs(60);
/// The same placement failure is reported again after this long (sim: ECS does not flood the
/// service's events with one message either).
const PLACEMENT_REPEAT: Millis = Millis::mins(5);

impl Simulation {
    /// Returns the snapshot of the service after the pass when the pass knows it: when it
    /// stopped nothing, no task it looked at changed, so that is the snapshot it started from
    /// plus the tasks it started.
    pub(super) fn replica_pass(&mut self, name: &str) -> Option<Snapshot> {
        let svc = &self.services[name];
        let primary = svc.deployments[0].clone();
        let desired = svc.desired_count + self.rebalance_extra(svc);
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
        if stuck && !self.services[name].stuck_reported {
            self.services.get_mut(name).expect("known").stuck_reported = true;
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
        let group = format!("service:{name}");
        let mut started = Vec::new();
        for _ in 0..count {
            let spec = Launch {
                td: &td,
                launch_type,
                group: &group,
                service: Some((name, deployment)),
                strategies: &strategies,
                constraints: &constraints,
                only: None,
            };
            match self.launch_task(spec) {
                Ok(id) => started.push(id),
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
        // Tasks were placed: a later shortage is news again (one reported in this very pass stays).
        let now = self.now;
        if let Some(s) = self.services.get_mut(name).filter(|s| s.placement_reported.as_ref().is_some_and(|(at, _)| *at < now)) {
            s.placement_reported = None;
        }
        let replaced_unhealthy = self.take_unhealthy_replacements(name, started.len() as u32);
        let tasks = started.iter().map(TaskId::to_string).collect();
        self.emit(EventKind::TasksStarted { service: name.into(), tasks, replaced_unhealthy });
    }

    pub(super) fn report_placement_failure(&mut self, name: &str, f: &crate::placement::Failure) {
        // The closest instance is named only when it is known what it lacks.
        let shortage = f.closest.clone().zip(f.resource);
        let now = self.now;
        let svc = self.services.get_mut(name).expect("a pass runs for a known service");
        let repeat = svc.placement_reported.as_ref().is_some_and(|(at, s)| *s == shortage && now.since(*at) < PLACEMENT_REPEAT);
        if !repeat {
            svc.placement_reported = Some((now, shortage.clone()));
            let (closest, missing) = shortage.map_or((None, None), |(ci, r)| (Some(ci), Some(r)));
            self.emit(EventKind::TaskNotPlaced { service: name.into(), closest, missing });
        }
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
            let mut per_az: BTreeMap<&str, usize> = BTreeMap::new();
            let mut per_ci: BTreeMap<&str, usize> = BTreeMap::new();
            for id in &active {
                let t = &self.tasks[id];
                *per_az.entry(&t.az).or_default() += 1;
                *per_ci.entry(t.container_instance.as_deref().unwrap_or("")).or_default() += 1;
            }
            let victim = active
                .iter()
                .max_by_key(|id| {
                    let t = &self.tasks[*id];
                    (
                        per_az[t.az.as_str()],
                        per_ci[t.container_instance.as_deref().unwrap_or("")],
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

    /// One task above the desired count while a task started by zone rebalancing waits to be
    /// paired with a stop, so the pass does not scale it in before it is healthy.
    pub(super) fn rebalance_extra(&self, svc: &Service) -> u32 {
        let started =
            svc.rebalancing.as_ref().filter(|r| r.desired == svc.desired_count && svc.deployments.len() == 1).and_then(|r| r.started);
        u32::from(started.is_some_and(|id| self.tasks.get(&id).is_some_and(|t| t.desired_status == DesiredStatus::Running)))
    }

    /// The zones the service's tasks can go to, in zone order, with how many of its tasks that
    /// are not stopping each holds. EC2: the zones with an ACTIVE container instance; Fargate: the
    /// cluster's zones (the region's first three without instances).
    fn zone_counts(&self, name: &str) -> Vec<(String, u32)> {
        let svc = &self.services[name];
        let mut zones: BTreeMap<String, u32> = BTreeMap::new();
        let active = svc.launch_type == LaunchType::Fargate;
        for i in self.cluster.instances().values().filter(|i| active || i.status == InstanceStatus::Active) {
            zones.entry(i.az.clone()).or_insert(0);
        }
        if zones.is_empty() && active {
            for s in ['a', 'b', 'c'] {
                zones.insert(format!("{}{}", self.config.region, s), 0);
            }
        }
        for (_, t) in self.service_task_ids(name).filter(|(_, t)| t.desired_status == DesiredStatus::Running) {
            if let Some(n) = zones.get_mut(&t.az) {
                *n += 1;
            }
        }
        zones.into_iter().collect()
    }

    /// Availability Zone rebalancing, after a pass ("Balancing an Amazon ECS service across
    /// Availability Zones"): once the service is steady and its tasks are uneven over the zones
    /// that can take them (two or more apart), it says so, starts a task in the zone with the
    /// fewest, waits until that task is healthy, stops one in the zone with the most, and repeats
    /// until balanced. Only for services whose placement spreads over zones first and has no
    /// constraints, and never during a deployment.
    pub(super) fn rebalance(&mut self, name: &str) {
        let Some(svc) = self.services.get(name) else { return };
        let spreads_zones = svc.placement_strategy.first().is_none_or(|s| *s == Strategy::Spread("attribute:ecs.availability-zone".into()));
        let eligible = svc.status == ServiceStatus::Active
            && svc.scheduling_strategy == SchedulingStrategy::Replica
            && svc.availability_zone_rebalancing == AzRebalancing::Enabled
            && svc.deployments.len() == 1
            && svc.placement_constraints.is_empty()
            && spreads_zones
            && svc.rebalancing.as_ref().is_none_or(|r| r.desired == svc.desired_count);
        if !eligible {
            if svc.rebalancing.is_some() {
                self.services.get_mut(name).expect("looked up above").rebalancing = None;
            }
            return;
        }
        let zones = self.zone_counts(name);
        let (fewest, most) = (zones.iter().map(|z| z.1).min().unwrap_or(0), zones.iter().map(|z| z.1).max().unwrap_or(0));
        let balanced = most - fewest <= 1;
        let split = |zones: &[(String, u32)]| -> (Vec<String>, Vec<u32>) { zones.iter().cloned().unzip() };
        match svc.rebalancing.clone() {
            None => {
                if !svc.steady || balanced {
                    return;
                }
                let (zs, counts) = split(&zones);
                let desired = svc.desired_count;
                self.services.get_mut(name).expect("looked up above").rebalancing = Some(Rebalancing { started: None, desired });
                self.emit(EventKind::RebalancingStarted { service: name.into(), zones: zs, tasks_per_zone: counts });
                self.rebalance_step(name, &zones, fewest, most);
            }
            Some(Rebalancing { started: Some(id), .. }) => {
                let Some(task) = self.tasks.get(&id) else { return self.rebalance_forget(name) };
                if task.desired_status != DesiredStatus::Running {
                    return self.rebalance_forget(name);
                }
                let has_check = || self.task_definitions.get(&task.task_definition).is_some_and(|d| d.health_check().is_some());
                // The new task must count as healthy (for minimumHealthyPercent) before one goes.
                match self.is_healthy(task, &self.services[name], has_check) {
                    Counts::Yes => self.rebalance_stop(name, Some(id), &zones, most),
                    Counts::From(t) if t <= self.now => self.rebalance_stop(name, Some(id), &zones, most),
                    Counts::From(t) => self.request_reconcile(name, t.since(self.now)),
                    Counts::No => {}
                }
            }
            Some(Rebalancing { started: None, .. }) => {
                let stopping = self.service_task_ids(name).any(|(_, t)| t.desired_status == DesiredStatus::Stopped && !t.is_stopped());
                if stopping {
                    return;
                }
                if balanced {
                    let (zs, counts) = split(&zones);
                    self.services.get_mut(name).expect("looked up above").rebalancing = None;
                    self.emit(EventKind::RebalancingCompleted { service: name.into(), zones: zs, tasks_per_zone: counts });
                } else {
                    self.rebalance_step(name, &zones, fewest, most);
                }
            }
        }
    }

    /// The rebalancing task went away before it was paired with a stop: start over from the count.
    fn rebalance_forget(&mut self, name: &str) {
        if let Some(r) = self.services.get_mut(name).and_then(|s| s.rebalancing.as_mut()) {
            r.started = None;
        }
        self.request_reconcile(name, Millis::secs(1));
    }

    /// One move toward balance within the deployment bounds: start a task in the short zone when
    /// maximumPercent leaves room for one more; otherwise stop one in the long zone when
    /// minimumHealthyPercent allows one fewer (the pass then replaces it in the short zone, where
    /// the spread puts it); otherwise wait.
    fn rebalance_step(&mut self, name: &str, zones: &[(String, u32)], fewest: u32, most: u32) {
        let svc = &self.services[name];
        let (lower, upper) = svc.deployment_configuration.bounds(svc.desired_count);
        let live = self.live_tasks(name).len() as u32;
        if live < upper {
            self.rebalance_start(name, zones, fewest);
        } else if live > lower && live == svc.desired_count {
            self.rebalance_stop(name, None, zones, most);
        }
    }

    /// Starts one task in the first zone holding `fewest`.
    fn rebalance_start(&mut self, name: &str, zones: &[(String, u32)], fewest: u32) {
        let Some(az) = zones.iter().find(|z| z.1 == fewest).map(|z| z.0.clone()) else { return };
        let svc = &self.services[name];
        let deployment = svc.deployments[0].id.clone();
        let Some(td) = self.task_definitions.get(&svc.task_definition).cloned() else { return };
        let strategies = if svc.placement_strategy.is_empty() { Strategy::service_default() } else { svc.placement_strategy.clone() };
        let constraints = vec![Constraint::MemberOf(format!("attribute:ecs.availability-zone == {az}"))];
        let group = format!("service:{name}");
        let launch_type = svc.launch_type;
        let spec = Launch {
            td: &td,
            launch_type,
            group: &group,
            service: Some((name, &deployment)),
            strategies: &strategies,
            constraints: &constraints,
            only: None,
        };
        match self.launch_task(spec) {
            Ok(id) => {
                let az = self.tasks[&id].az.clone();
                if let Some(r) = self.services.get_mut(name).and_then(|s| s.rebalancing.as_mut()) {
                    r.started = Some(id);
                }
                self.emit(EventKind::RebalanceTasksStarted { service: name.into(), az, tasks: vec![id.to_string()] });
            }
            Err(f) => self.report_placement_failure(name, &f),
        }
    }

    /// Stops one task (not `keep`) in the first zone holding `most`: on the instance with the
    /// most of the service's tasks, the newest there.
    fn rebalance_stop(&mut self, name: &str, keep: Option<TaskId>, zones: &[(String, u32)], most: u32) {
        let Some(az) = zones.iter().find(|z| z.1 == most).map(|z| z.0.clone()) else { return };
        let live: Vec<(TaskId, &Task)> =
            self.service_task_ids(name).filter(|(id, t)| Some(*id) != keep && t.desired_status == DesiredStatus::Running).collect();
        let mut per_ci: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, t) in &live {
            *per_ci.entry(t.container_instance.as_deref().unwrap_or("")).or_default() += 1;
        }
        let victim = live
            .iter()
            .filter(|(_, t)| t.az == az)
            .max_by_key(|(_, t)| (per_ci[t.container_instance.as_deref().unwrap_or("")], t.created_at))
            .map(|(id, _)| *id);
        if let Some(r) = self.services.get_mut(name).and_then(|s| s.rebalancing.as_mut()) {
            r.started = None;
        }
        let Some(victim) = victim else { return };
        let deployment = self.services[name].deployments[0].id.clone();
        let reason = format!("Scaling activity initiated by (deployment {deployment})");
        self.stop_task(victim, StopCode::ServiceSchedulerInitiated, reason, None);
        self.emit(EventKind::RebalanceTasksStopped { service: name.into(), az, tasks: vec![victim.to_string()] });
    }
}
