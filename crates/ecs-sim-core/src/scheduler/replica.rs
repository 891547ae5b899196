//! The REPLICA strategy's pass: start and stop tasks to reach the desired count within the deployment bounds, spread across zones.
use super::snapshot::{Counts, LiveTask, Snapshot};
use crate::counts;
use crate::event::EventKind;
use crate::ids::TaskId;
use crate::launch::Launch;
use crate::model::*;
use crate::placement::{Constraint, Strategy};
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
        let started = self.place_tasks(name, td_name, deployment, count, None);
        // The replacement of a task stopped first to rebalance is a rebalancing start.
        let replacing = self.services.get_mut(name).and_then(|s| s.rebalancing.as_mut()).filter(|r| r.replacing);
        match (replacing, started.first()) {
            (Some(r), Some(&first)) => {
                r.replacing = false;
                let az = self.tasks[&first].az.clone();
                self.emit(EventKind::RebalanceTasksStarted { service: name.into(), az, tasks: vec![first.to_string()] });
                self.report_started(name, &started[1..]);
            }
            _ => self.report_started(name, &started),
        }
        started
    }

    /// Places up to `count` tasks of the deployment by the service's strategies, constraints and
    /// capacity providers, with no event of their own. A placement failure is reported, unless
    /// the tasks must go to `zone` (a rebalancing move, which tries another zone instead).
    fn place_tasks(&mut self, name: &str, td_name: &str, deployment: &str, count: u32, zone: Option<&str>) -> Vec<TaskId> {
        let Some(td) = self.task_definitions.get(td_name).cloned() else { return Vec::new() };
        let svc = &self.services[name];
        let strategies = if svc.placement_strategy.is_empty() { Strategy::service_default() } else { svc.placement_strategy.clone() };
        let mut constraints = svc.placement_constraints.clone();
        constraints.extend(zone.map(|az| Constraint::MemberOf(format!("attribute:ecs.availability-zone == {az}"))));
        let launch_type = svc.launch_type;
        let providers = svc.capacity_provider_strategy.clone();
        let group = format!("service:{name}");
        let mut started = Vec::new();
        let mut on = self.live_per_provider(name);
        let mut reported = false;
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
                zone,
            };
            match self.launch_task(spec) {
                Ok(id) => {
                    if let Some(p) = provider {
                        on[p as usize] += 1;
                    }
                    started.push(id)
                }
                Err(f) => {
                    if zone.is_none() && !reported {
                        self.report_placement_failure(name, &f);
                        reported = true;
                    }
                    // No Spot capacity: that task waits, and the strategy's other providers
                    // still get their share.
                    match provider {
                        Some(p) if f.reason == crate::model::NO_CAPACITY => on[p as usize] += 1,
                        _ => break,
                    }
                }
            }
        }
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
        if f.reason == crate::model::NO_CAPACITY {
            self.emit(EventKind::SpotCapacityUnavailable { service: name.into() });
            return self.request_reconcile(name, PLACEMENT_RETRY);
        }
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
        self.stop_for_deployment(deployment, &ids);
        let tasks = ids.iter().map(TaskId::to_string).collect();
        self.emit(EventKind::TasksStopped { service: name.into(), tasks });
    }

    /// Stops the tasks as the deployment's scaling activity, with no service event.
    fn stop_for_deployment(&mut self, deployment: &str, ids: &[TaskId]) {
        let reason = format!("Scaling activity initiated by (deployment {deployment})");
        for id in ids {
            self.stop_task(*id, StopCode::ServiceSchedulerInitiated, reason.clone(), None);
        }
    }

    /// Stops `extra` tasks (see [`Self::scale_in_victims`]).
    pub(super) fn scale_in(&mut self, name: &str, deployment: &str, active: Vec<TaskId>, extra: usize) -> Vec<TaskId> {
        let stopped = self.scale_in_victims(active, extra);
        self.stop_tasks(name, deployment, stopped.clone());
        stopped
    }

    /// `extra` of the tasks, each time from the AZ (then instance) holding the most of them,
    /// preferring tasks that are not RUNNING yet, then the newest.
    fn scale_in_victims(&self, mut active: Vec<TaskId>, extra: usize) -> Vec<TaskId> {
        let mut stopped = Vec::new();
        for _ in 0..extra.min(active.len()) {
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
                .expect("the loop runs at most as often as there are tasks");
            active.retain(|id| *id != victim);
            stopped.push(victim);
        }
        stopped
    }

    /// One task above the desired count while a task started by zone rebalancing waits to be
    /// paired with a stop, so the pass does not scale it in before it is healthy.
    pub(super) fn rebalance_extra(&self, svc: &Service) -> u32 {
        let started =
            svc.rebalancing.as_ref().filter(|r| r.desired == svc.desired_count && svc.deployments.len() == 1).and_then(|r| r.started);
        u32::from(started.is_some_and(|id| self.tasks.get(&id).is_some_and(|t| t.desired_status == DesiredStatus::Running)))
    }

    /// The zones the service's tasks can go to (see [`Simulation::zones`]), and how many of its
    /// tasks that are not stopping each holds.
    fn zone_counts(&self, name: &str) -> (Vec<String>, Vec<u32>) {
        let zones = self.zones(self.services[name].launch_type == LaunchType::Fargate);
        let mut counts = vec![0; zones.len()];
        for (_, t) in self.service_task_ids(name).filter(|(_, t)| t.desired_status == DesiredStatus::Running) {
            if let Ok(i) = zones.binary_search(&t.az) {
                counts[i] += 1;
            }
        }
        (zones, counts)
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
        if svc.rebalancing.is_none() && !svc.steady {
            return;
        }
        let (zones, tasks_per_zone) = self.zone_counts(name);
        let (fewest, most) = (tasks_per_zone.iter().min().copied().unwrap_or(0), tasks_per_zone.iter().max().copied().unwrap_or(0));
        let balanced = most - fewest <= 1;
        let zones_fewest: Vec<String> = zones.iter().zip(&tasks_per_zone).filter(|(_, n)| **n == fewest).map(|(z, _)| z.clone()).collect();
        match svc.rebalancing.clone() {
            None => {
                if balanced {
                    return;
                }
                let desired = svc.desired_count;
                self.services.get_mut(name).expect("looked up above").rebalancing =
                    Some(Rebalancing { started: None, desired, replacing: false });
                // Said only once the first move is made: a service whose short zones have no room
                // for a task is left as it is.
                let announce = EventKind::RebalancingStarted { service: name.into(), zones, tasks_per_zone };
                if !self.rebalance_step(name, &zones_fewest, Some(announce)) {
                    self.services.get_mut(name).expect("looked up above").rebalancing = None;
                }
            }
            Some(Rebalancing { started: Some(id), .. }) => {
                let Some(task) = self.tasks.get(&id).filter(|t| t.desired_status == DesiredStatus::Running) else {
                    // It went away before it was paired with a stop: start over from the count.
                    self.services.get_mut(name).expect("looked up above").rebalancing =
                        Some(Rebalancing { started: None, desired: svc.desired_count, replacing: false });
                    return self.request_reconcile(name, Millis::secs(1));
                };
                let has_check = || self.task_definitions.get(&task.task_definition).is_some_and(|d| d.health_check().is_some());
                match self.is_healthy(task, &self.services[name], has_check) {
                    Counts::Yes => {
                        self.rebalance_stop(name, Some(id), None);
                    }
                    Counts::From(at) => self.request_reconcile(name, at.since(self.now)),
                    Counts::No => {}
                }
            }
            Some(Rebalancing { started: None, .. }) => {
                let stopping = self.service_task_ids(name).any(|(_, t)| t.desired_status == DesiredStatus::Stopped && !t.is_stopped());
                if stopping {
                    return;
                }
                if balanced {
                    self.services.get_mut(name).expect("looked up above").rebalancing = None;
                    self.emit(EventKind::RebalancingCompleted { service: name.into(), zones, tasks_per_zone });
                } else {
                    self.rebalance_step(name, &zones_fewest, None);
                }
            }
        }
    }

    /// One move toward balance within the deployment bounds, after `announce` if it is made: start
    /// a task in the first of the zones with the fewest that has room for it when maximumPercent
    /// leaves room for one more; otherwise stop one in the zone with the most when
    /// minimumHealthyPercent allows one fewer (the pass then replaces it, in a zone with the
    /// fewest); otherwise wait. Whether a move was made.
    fn rebalance_step(&mut self, name: &str, fewest: &[String], announce: Option<EventKind>) -> bool {
        let svc = &self.services[name];
        let (lower, upper) = svc.deployment_configuration.bounds(svc.desired_count);
        let live = self.live_tasks(name).len() as u32;
        if live < upper {
            let (td, deployment) = (svc.task_definition.clone(), svc.deployments[0].id.clone());
            let Some(id) = fewest.iter().find_map(|az| self.place_tasks(name, &td, &deployment, 1, Some(az)).pop()) else { return false };
            if let Some(r) = self.services.get_mut(name).and_then(|s| s.rebalancing.as_mut()) {
                r.started = Some(id);
            }
            if let Some(e) = announce {
                self.emit(e);
            }
            let az = self.tasks[&id].az.clone();
            self.emit(EventKind::RebalanceTasksStarted { service: name.into(), az, tasks: vec![id.to_string()] });
            true
        } else if live == svc.desired_count
            && self.snapshot(name).live.iter().filter(|t| t.healthy).count() as u32 > lower
            && fewest.iter().any(|az| self.has_room(name, az))
        {
            // Stop first only while the healthy tasks stay above the floor, and only when a
            // short zone can take the replacement the pass will start.
            let stopped = self.rebalance_stop(name, None, announce);
            if let Some(r) = self.services.get_mut(name).and_then(|s| s.rebalancing.as_mut()) {
                r.replacing = stopped;
            }
            stopped
        } else {
            false
        }
    }

    /// Whether the zone could take one more of the service's tasks now: an ACTIVE instance there
    /// with the CPU, memory and host ports it needs, or for Fargate, Spot capacity if the task
    /// would go on Spot.
    fn has_room(&self, name: &str, az: &str) -> bool {
        let svc = &self.services[name];
        let Some(td) = self.task_definitions.get(&svc.task_definition) else { return false };
        if svc.launch_type == LaunchType::Fargate {
            let on = self.live_per_provider(name);
            let providers = &svc.capacity_provider_strategy;
            let spot = !providers.is_empty() && next_provider(providers, |p| on[p as usize]) == CapacityProvider::FargateSpot;
            return !spot || self.spot_available(az);
        }
        let ports = td.host_ports();
        self.cluster.instances().values().any(|i| {
            i.status == InstanceStatus::Active
                && i.az == az
                && i.cpu_free() >= td.cpu
                && i.memory_free() >= td.memory
                && ports.iter().all(|p| !i.ports_used.contains(p))
        })
    }

    /// Stops one task (not `keep`) where scale-in would: in the zone, then on the instance, with
    /// the most of the service's tasks.
    fn rebalance_stop(&mut self, name: &str, keep: Option<TaskId>, announce: Option<EventKind>) -> bool {
        if let Some(r) = self.services.get_mut(name).and_then(|s| s.rebalancing.as_mut()) {
            r.started = None;
        }
        let live = self.live_tasks(name).into_iter().filter(|id| Some(*id) != keep).collect();
        let Some(victim) = self.scale_in_victims(live, 1).pop() else { return false };
        let deployment = self.services[name].deployments[0].id.clone();
        self.stop_for_deployment(&deployment, &[victim]);
        if let Some(e) = announce {
            self.emit(e);
        }
        let az = self.tasks[&victim].az.clone();
        self.emit(EventKind::RebalanceTasksStopped { service: name.into(), az, tasks: vec![victim.to_string()] });
        true
    }
}
