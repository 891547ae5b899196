//! The service scheduler: create, update and delete services, and on every pass close the gap
//! between what runs and what is wanted — replacing stopped tasks, scaling, rolling deployments
//! within minimumHealthyPercent / maximumPercent, the circuit breaker and the start throttle.

use crate::command::Command;
use crate::error::SimError;
use crate::event::EventKind;
use crate::ids::{self, TaskId};
use crate::model::*;
use crate::op::Op;
use crate::placement::Strategy;
use crate::rules;
use crate::sim::{Launch, Outcome, Simulation, Timer};
use crate::time::Millis;
use std::collections::BTreeMap;

/// "Steady state" is repeated this often while a service stays steady (ECS: about every 6 h).
const STEADY_REPEAT: Millis = Millis::mins(360);
/// After a placement failure the scheduler tries again this much later.
const PLACEMENT_RETRY: Millis = Millis::secs(60);
/// The same placement failure is reported again after this long (sim: ECS does not flood the
/// service's events with one message either).
const PLACEMENT_REPEAT: Millis = Millis::mins(5);
/// A sparkline keeps this many samples.
const HISTORY_CAP: usize = 240;
/// The longest throttle delay between start attempts.
const MAX_THROTTLE: Millis = Millis::mins(15);

/// Failure threshold of the deployment circuit breaker: clamp(ceil(desired / 2), 3, 200).
pub fn circuit_breaker_threshold(desired: u32) -> u32 {
    desired.div_ceil(2).clamp(3, 200)
}

impl Simulation {
    pub(crate) fn create_service(&mut self, cmd: &Command) -> Result<Outcome, SimError> {
        const OP: Op = Op::CreateService;
        let Command::CreateService {
            service_name: name,
            task_definition,
            desired_count,
            launch_type,
            scheduling_strategy,
            placement_strategy,
            placement_constraints,
            deployment_configuration,
            load_balancer,
            health_check_grace_period_seconds,
        } = cmd
        else {
            unreachable!("create_service is only called with CreateService")
        };
        rules::service_name(OP, name)?;
        rules::desired_count(OP, *desired_count)?;
        if self.services.get(name.as_str()).is_some_and(|s| s.status != ServiceStatus::Inactive) {
            return Err(SimError::ServiceExists { name: name.clone() });
        }
        let td = self.resolve_task_definition(OP, task_definition)?;
        self.check_launch(OP, &td, *launch_type, placement_strategy, placement_constraints)?;
        rules::daemon_launch_type(OP, *scheduling_strategy, *launch_type)?;
        let defaults = DeploymentConfiguration::default_for(*scheduling_strategy);
        let config = deployment_configuration.map_or(defaults, |r| r.apply_to(defaults));
        rules::deployment_configuration(OP, &config, *scheduling_strategy)?;
        if let Some(lb) = load_balancer {
            rules::load_balancer(OP, &td, lb)?;
        }
        rules::grace_period(OP, *health_check_grace_period_seconds)?;
        let deployment = self.new_deployment(&td.name());
        let svc = Service {
            name: name.clone(),
            task_definition: td.name(),
            desired_count: if *scheduling_strategy == SchedulingStrategy::Daemon { 0 } else { *desired_count },
            launch_type: *launch_type,
            scheduling_strategy: *scheduling_strategy,
            status: ServiceStatus::Active,
            placement_strategy: placement_strategy.clone(),
            placement_constraints: placement_constraints.clone(),
            deployment_configuration: config,
            load_balancer: load_balancer.clone(),
            health_check_grace_period_seconds: *health_check_grace_period_seconds,
            deployments: vec![deployment],
            created_at: self.now,
            steady: false,
            steady_reported_at: None,
            next_reconcile: None,
            stuck_reported: false,
            placement_reported: None,
            start_failures: 0,
            throttled_until: None,
            scaling: None,
            cpu_demand_percent: 0,
            unhealthy_replacements: 0,
            history: vec![(self.now, 0, *desired_count)],
            last_completed: None,
        };
        self.services.insert(name.clone(), svc);
        self.reconcile(name);
        Ok(Outcome::default())
    }

    fn new_deployment(&mut self, td: &str) -> Deployment {
        Deployment {
            id: ids::deployment_id(&mut self.rng),
            status: DeploymentStatus::Primary,
            task_definition: td.to_string(),
            rollout_state: RolloutState::InProgress,
            rollout_state_reason: "ECS deployment in progress.".into(),
            failed_tasks: 0,
            created_at: self.now,
        }
    }

    /// Makes `td` the PRIMARY deployment; older ones become ACTIVE until their tasks are gone.
    fn start_deployment(&mut self, name: &str, td: &str) {
        let dep = self.new_deployment(td);
        let svc = self.services.get_mut(name).expect("deploying a known service");
        for d in &mut svc.deployments {
            d.status = DeploymentStatus::Active;
        }
        svc.deployments.insert(0, dep);
        svc.task_definition = td.to_string();
        svc.steady = false;
        svc.stuck_reported = false;
        svc.start_failures = 0;
        svc.throttled_until = None;
    }

    pub(crate) fn update_service(
        &mut self,
        name: &str,
        desired: Option<u32>,
        td: Option<&str>,
        force: bool,
        request: Option<DeploymentConfigurationRequest>,
    ) -> Result<Outcome, SimError> {
        const OP: Op = Op::UpdateService;
        let svc = self.active_service(OP, name)?.clone();
        let config = request.map(|r| r.apply_to(svc.deployment_configuration));
        if let Some(n) = desired {
            rules::desired_count(OP, n)?;
        }
        if let Some(c) = &config {
            rules::deployment_configuration(OP, c, svc.scheduling_strategy)?;
        }
        let new_td = match td {
            Some(t) => {
                let def = self.resolve_task_definition(OP, t)?;
                self.check_launch(OP, &def, svc.launch_type, &svc.placement_strategy, &svc.placement_constraints)?;
                Some(def.name())
            }
            None => None,
        };
        let s = self.services.get_mut(name).expect("checked above");
        if let Some(n) = desired {
            if s.scheduling_strategy == SchedulingStrategy::Replica {
                s.desired_count = n;
                s.steady = false;
            }
        }
        if let Some(c) = config {
            s.deployment_configuration = c;
            s.stuck_reported = false;
        }
        match new_td {
            Some(t) if t != svc.task_definition || force => self.start_deployment(name, &t),
            None if force => self.start_deployment(name, &svc.task_definition),
            _ => {}
        }
        self.reconcile(name);
        Ok(Outcome::default())
    }

    pub(crate) fn delete_service(&mut self, name: &str, force: bool) -> Result<Outcome, SimError> {
        const OP: Op = Op::DeleteService;
        let svc = self.active_service(OP, name)?;
        if !force && svc.scheduling_strategy == SchedulingStrategy::Replica && svc.desired_count > 0 {
            return Err(SimError::invalid(
                OP,
                "The service cannot be stopped while it is scaled above 0. Set the desired count to 0 first, or use --force.",
            ));
        }
        svc.status = ServiceStatus::Draining;
        svc.desired_count = 0;
        svc.steady = false;
        svc.scaling = None;
        self.reconcile(name);
        Ok(Outcome::default())
    }

    pub(crate) fn active_service(&mut self, op: Op, name: &str) -> Result<&mut Service, SimError> {
        match self.services.get_mut(name) {
            None => Err(SimError::ServiceNotFound { op, name: name.to_string() }),
            Some(s) if s.status != ServiceStatus::Active => Err(SimError::ServiceNotActive { op, name: name.to_string() }),
            Some(s) => Ok(s),
        }
    }

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

    /// Called when one of the service's tasks is asked to stop: feeds the throttle and the
    /// circuit breaker.
    pub(crate) fn note_task_stop(&mut self, name: &str, task: TaskId, code: StopCode, before_running: bool) {
        let now = self.now;
        let exit = self.tasks.get(&task).and_then(|t| t.exit_code);
        let started_by = self.tasks.get(&task).and_then(|t| t.started_by.clone());
        let failed = match code {
            StopCode::TaskFailedToStart => true,
            StopCode::EssentialContainerExited => exit != Some(0),
            StopCode::ServiceSchedulerInitiated => {
                self.tasks.get(&task).and_then(|t| t.stopped_reason.as_deref()).is_some_and(|r| r.starts_with("Task failed"))
            }
            _ => false,
        };
        let Some(svc) = self.services.get_mut(name) else { return };
        if before_running && code != StopCode::ServiceSchedulerInitiated && code != StopCode::UserInitiated {
            svc.start_failures += 1;
            if svc.start_failures >= 3 {
                let steps = (svc.start_failures - 3).min(10);
                let delay = Millis(10_000u64 << steps).min(MAX_THROTTLE);
                svc.throttled_until = Some(now.plus(delay));
                self.emit(EventKind::StartThrottled { service: name.into() });
            }
        }
        if !failed {
            return;
        }
        let svc = self.services.get_mut(name).expect("checked above");
        let breaker = svc.deployment_configuration.deployment_circuit_breaker.filter(|b| b.enable);
        let threshold = circuit_breaker_threshold(svc.desired_count);
        let primary = &mut svc.deployments[0];
        if started_by.as_deref() != Some(primary.id.as_str()) || primary.rollout_state != RolloutState::InProgress {
            return;
        }
        primary.failed_tasks += 1;
        let Some(breaker) = breaker else { return };
        if primary.failed_tasks < threshold {
            return;
        }
        primary.rollout_state = RolloutState::Failed;
        primary.rollout_state_reason = format!("ECS deployment circuit breaker: {threshold} tasks failed to start or pass health checks.");
        let failed_id = primary.id.clone();
        // Not looked up in `deployments`: a COMPLETED deployment whose tasks were all replaced
        // (minimumHealthyPercent below 100) has already left that list.
        let previous = svc.last_completed.clone();
        self.emit(EventKind::DeploymentFailed { service: name.into(), deployment: failed_id.clone(), failed_tasks: threshold });
        if let (true, Some(prev)) = (breaker.rollback, previous) {
            self.emit(EventKind::RollingBack { service: name.into(), deployment: failed_id, to: prev.id.clone() });
            self.start_deployment(name, &prev.task_definition);
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
    }

    /// The service's tasks with desiredStatus RUNNING, in id order.
    fn live_tasks(&self, service: &str) -> Vec<TaskId> {
        self.service_task_ids(service).filter(|(_, t)| t.desired_status == DesiredStatus::Running).map(|(id, _)| id).collect()
    }

    /// A service's tasks with their ids, including STOPPED ones not yet reaped, in id order.
    fn service_task_ids(&self, name: &str) -> impl Iterator<Item = (TaskId, &Task)> + '_ {
        self.cluster.service_task_ids(name).filter_map(|id| self.tasks.get(&id).map(|t| (id, t)))
    }

    /// True when the task counts as healthy for the deployment bounds: RUNNING, and passing its
    /// container health check (`has_check`: whether its task definition has one) and target
    /// group check when it has them.
    fn is_healthy(&self, task: &Task, svc: &Service, has_check: impl FnOnce() -> bool) -> bool {
        if task.last_status != TaskStatus::Running || task.desired_status != DesiredStatus::Running {
            return false;
        }
        // HEALTHY passes and UNHEALTHY fails either way; no result yet passes only without a check.
        let container_ok = match task.health_status {
            HealthStatus::Healthy => true,
            HealthStatus::Unhealthy => false,
            HealthStatus::Unknown => !has_check(),
        };
        let lb_ok = svc.load_balancer.is_none() || self.target_healthy(task);
        container_ok && lb_ok
    }

    /// One look at a service's tasks, taken once per pass so the pass never re-scans the cluster.
    fn snapshot(&self, name: &str) -> Snapshot {
        let ids = self.cluster.service_task_ids(name);
        let mut snap = Snapshot { live: Vec::with_capacity(ids.size_hint().0), ..Snapshot::default() };
        self.observe(&mut snap, name, ids);
        snap
    }

    /// Adds these tasks of the service to a snapshot.
    fn observe(&self, snap: &mut Snapshot, name: &str, ids: impl Iterator<Item = TaskId>) {
        let Some(svc) = self.services.get(name) else { return };
        let primary = svc.deployments[0].id.as_str();
        // A service's tasks share one or two task definitions: look each up once.
        let mut checks: Vec<(&str, bool)> = Vec::new();
        for (id, t) in ids.filter_map(|id| self.tasks.get(&id).map(|t| (id, t))) {
            if t.is_stopped() {
                continue;
            }
            if let Some(d) = &t.started_by {
                if !snap.deployments_in_use.contains(d) {
                    snap.deployments_in_use.push(d.clone());
                }
            }
            if t.desired_status == DesiredStatus::Stopped {
                snap.stopping = true;
                continue;
            }
            let on_unavailable = t.container_instance.as_ref().is_some_and(|ci| self.cluster.is_unavailable(ci));
            let has_check = || {
                let td = t.task_definition.as_str();
                if let Some(&(_, c)) = checks.iter().find(|(n, _)| *n == td) {
                    return c;
                }
                let c = self.task_definitions.get(td).is_some_and(|d| d.health_check().is_some());
                checks.push((td, c));
                c
            };
            let live = LiveTask {
                id,
                current: t.started_by.as_deref() == Some(primary) && !on_unavailable,
                healthy: self.is_healthy(t, svc, has_check),
                starting: t.last_status.is_starting(),
            };
            if t.last_status == TaskStatus::Running {
                snap.running += 1;
            } else if live.starting {
                snap.pending += 1;
            }
            snap.live.push(live);
        }
    }

    /// Returns the snapshot of the service after the pass when the pass knows it: when it
    /// stopped nothing, no task it looked at changed, so that is the snapshot it started from
    /// plus the tasks it started.
    fn replica_pass(&mut self, name: &str) -> Option<Snapshot> {
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
        let mut started = Vec::new();
        if let Some(at) = throttled_until {
            self.request_reconcile(name, at.since(self.now));
        } else if start > 0 {
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

    fn daemon_pass(&mut self, name: &str) {
        let svc = self.services[name].clone();
        let primary = svc.deployments[0].clone();
        let Some(td) = self.task_definitions.get(&primary.task_definition).cloned() else { return };
        let group = format!("service:{name}");
        let eligible: Vec<String> = self
            .instances()
            .values()
            .filter(|i| i.status == InstanceStatus::Active)
            .filter(|i| {
                let one: BTreeMap<String, ContainerInstance> =
                    [(i.id.clone(), ContainerInstance { cpu_used: 0, memory_used: 0, ports_used: vec![], ..(*i).clone() })].into();
                let req = crate::placement::Request {
                    cpu: 0,
                    memory: 0,
                    ports: &[],
                    group: "",
                    strategies: &[],
                    constraints: &svc.placement_constraints,
                    group_counts: &BTreeMap::new(),
                };
                crate::placement::place(&one, &req, &mut rand_pcg::Pcg64Mcg::from_seed_zero()).is_ok()
            })
            .map(|i| i.id.clone())
            .collect();
        let svc_mut = self.services.get_mut(name).expect("known");
        svc_mut.desired_count = eligible.len() as u32;
        let live = self.live_tasks(name);
        let mut stop = Vec::new();
        let mut covered = Vec::new();
        for id in &live {
            let t = &self.tasks[id];
            let ci = t.container_instance.clone().unwrap_or_default();
            let current = t.started_by.as_deref() == Some(primary.id.as_str());
            if !eligible.contains(&ci) || !current {
                stop.push(*id);
            } else {
                covered.push(ci);
            }
        }
        self.stop_tasks(name, &primary.id, stop);
        let mut started = Vec::new();
        // The start throttle holds for a DAEMON as for a REPLICA service.
        if let Some(at) = svc.throttled_until.filter(|t| *t > self.now) {
            self.request_reconcile(name, at.since(self.now));
            return;
        }
        for ci in eligible.iter().filter(|ci| !covered.contains(ci)) {
            // The old daemon task there must be gone before its replacement fits.
            let busy = self.service_tasks(name).any(|t| !t.is_stopped() && t.container_instance.as_deref() == Some(ci.as_str()));
            if busy {
                continue;
            }
            let spec = Launch {
                td: &td,
                launch_type: LaunchType::Ec2,
                group: &group,
                service: Some((name, &primary.id)),
                strategies: &[],
                constraints: &[],
                only: Some(ci),
            };
            match self.launch_task(spec) {
                Ok(id) => started.push(id),
                Err(f) => self.report_placement_failure(name, &f),
            }
        }
        self.report_started(name, &started);
    }

    /// Starts up to `count` tasks of the PRIMARY deployment; returns the ones started.
    fn start_tasks(&mut self, name: &str, td_name: &str, deployment: &str, count: u32) -> Vec<TaskId> {
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

    fn report_started(&mut self, name: &str, started: &[TaskId]) {
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

    fn report_placement_failure(&mut self, name: &str, f: &crate::placement::Failure) {
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

    fn stop_tasks(&mut self, name: &str, deployment: &str, ids: Vec<TaskId>) {
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
    fn scale_in(&mut self, name: &str, deployment: &str, mut active: Vec<TaskId>, extra: usize) -> Vec<TaskId> {
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

    /// Records the sparkline sample, completes deployments, reports steady state, and retires a
    /// drained service.
    fn after_pass(&mut self, name: &str, snap: Snapshot) {
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
        let all_current_and_healthy = snap.live.iter().all(|t| t.current && t.healthy);
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

/// What a pass needs to know about a service's tasks.
#[derive(Clone, Debug, Default, PartialEq)]
struct Snapshot {
    /// Tasks with desiredStatus RUNNING.
    live: Vec<LiveTask>,
    /// Some task is on its way down.
    stopping: bool,
    running: u32,
    pending: u32,
    /// Deployments that still own a task that is not STOPPED.
    deployments_in_use: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
struct LiveTask {
    id: TaskId,
    /// Of the PRIMARY deployment and on an ACTIVE instance.
    current: bool,
    healthy: bool,
    starting: bool,
}

impl Snapshot {
    /// In a fixed order, to compare two snapshots of the same tasks taken differently.
    fn sorted(mut self) -> Snapshot {
        self.live.sort_by_key(|t| t.id);
        self.deployments_in_use.sort();
        self
    }
}

trait SeedZero {
    fn from_seed_zero() -> Self;
}

impl SeedZero for rand_pcg::Pcg64Mcg {
    /// A throwaway generator for eligibility checks that must not consume the run's randomness.
    fn from_seed_zero() -> Self {
        <rand_pcg::Pcg64Mcg as rand::SeedableRng>::seed_from_u64(0)
    }
}
