//! [`Simulation`]: the cluster, its tasks and services, the timer queue and the event log, and the
//! command dispatch. Service scheduling lives in `scheduler`, health in `health`, instances in
//! `instances`, auto scaling in `scaling`, scheduled tasks in `scheduled`.

use crate::cluster_index::ClusterIndex;
use crate::command::{Command, LoggedCommand};
use crate::error::SimError;
use crate::event::{Event, EventKind, EventLog, TaskRef};
use crate::ids::TaskId;
use crate::model::*;
use crate::op::Op;
use crate::time::Millis;
pub(crate) use crate::timers::Timer;
use crate::timers::TimerQueue;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// ECS's answer to a desired count for a DAEMON service.
pub(crate) const DAEMON_COUNT: &str =
    "The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again";

use crate::vec_map::VecMap;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};
use std::sync::Arc;

/// How a run is set up. Together with the command log, this is everything a replay needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SimConfig {
    /// Seed of the run's generator (ids, jitter, tie-breaks).
    pub seed: u64,
    /// AWS region, e.g. `us-east-1`.
    pub region: String,
    /// Cluster name.
    pub cluster: String,
    /// Instance type and AZ suffix (`a`, `b`, …) of each container instance at start.
    pub instances: Vec<(String, char)>,
    /// The event log keeps at most this many events (oldest dropped first).
    pub event_cap: usize,
    /// How long STOPPED tasks stay visible (real ECS: about an hour; the simulator default is
    /// shorter so the view does not fill up).
    pub stopped_retention: Millis,
    /// The wall-clock instant (Unix ms, UTC) that virtual time zero stands for; schedules
    /// (`cron()`, `at()`) are evaluated against it.
    pub start_unix_ms: i64,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            seed: 1,
            region: "us-east-1".into(),
            cluster: "production".into(),
            instances: vec![("m5.large".into(), 'a'), ("m5.large".into(), 'b'), ("m5.large".into(), 'c')],
            event_cap: 1_000,
            stopped_retention: Millis::mins(5),
            start_unix_ms: 1_795_507_200_000, // 2026-11-24T08:00:00Z
        }
    }
}

/// What a successful command produced.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Tasks started by the command (run-task), or the task it acted on.
    pub tasks: Vec<String>,
    /// Per-task placement failures (run-task), e.g. `RESOURCE:MEMORY`.
    pub failures: Vec<String>,
    /// A name the command created: a task definition `family:revision`, an instance id.
    pub created: Option<String>,
}

/// A deterministic, sans-IO Amazon ECS cluster.
///
/// # Calling protocol
/// The simulation never reads a clock, never draws from a global generator and never does I/O:
/// time and commands come in as arguments, events go out as data.
/// 1. Build it with [`Simulation::new`] from a [`SimConfig`] (the seed lives there).
/// 2. Apply commands with [`Simulation::apply`]. A command takes effect at [`Simulation::now`];
///    a rejected one returns a [`SimError`] and changes nothing (not even the event log). An
///    accepted one is logged, and then every timer it made due *now* runs before `apply`
///    returns, so the state you read afterwards is settled and a replay sees the same order.
/// 3. Move virtual time forward with [`Simulation::advance_to`] (or [`Simulation::advance_by`]).
///    Timers due on the way run in (time, creation) order; idle time costs nothing;
///    [`Simulation::next_deadline`] says when something will next happen. Time never runs
///    backwards and stops at 30 days.
/// 4. After each call, take the new events with [`Simulation::drain_events`]: it returns every
///    event since the previous drain, in order, with consecutive ids, however many there were
///    (the queue is unbounded until drained). [`Simulation::events`] is a separate, capped history
///    (`SimConfig::event_cap`) for a log view; it may have dropped events a drain still returns.
///    Events are [`EventKind`] data; [`crate::event::wording`] renders their ECS messages.
///
/// Read the state with the getters ([`Simulation::tasks`], [`Simulation::services`], …). The whole
/// state serializes with serde. The seed plus [`Simulation::command_log`] replay the run byte for
/// byte with [`Simulation::replay`], natively and in wasm.
#[derive(Clone, Debug, Serialize)]
pub struct Simulation {
    pub(crate) config: SimConfig,
    pub(crate) now: Millis,
    pub(crate) rng: Pcg64Mcg,
    pub(crate) task_definitions: VecMap<TaskDefinition>,
    pub(crate) tasks: BTreeMap<TaskId, Task>,
    pub(crate) services: VecMap<Service>,
    /// Container instances, their reservations, and the per-service and per-group indexes.
    pub(crate) cluster: ClusterIndex,
    pub(crate) schedules: VecMap<ScheduleRecord>,
    pub(crate) timers: TimerQueue,
    pub(crate) events: EventLog,
    pub(crate) log: Vec<LoggedCommand>,
    /// Time at the desired count and replacements, per service and standalone group.
    pub(crate) availability: crate::availability::Availability,
    /// Zones without Fargate Spot capacity, until when (see `crate::spot`).
    pub(crate) spot_short: Vec<(String, Millis)>,
}

impl Simulation {
    /// A fresh cluster: the configured container instances and the built-in task definitions.
    pub fn new(config: SimConfig) -> Simulation {
        let cap = config.event_cap;
        let mut sim = Simulation {
            rng: Pcg64Mcg::seed_from_u64(config.seed),
            config,
            now: Millis::ZERO,
            task_definitions: VecMap::new(),
            tasks: BTreeMap::new(),
            services: VecMap::new(),
            cluster: ClusterIndex::default(),
            schedules: VecMap::new(),
            timers: TimerQueue::default(),
            events: EventLog::new(cap),
            log: Vec::new(),
            availability: Default::default(),
            spot_short: Vec::new(),
        };
        let mut skipped = Vec::new();
        for (ty, az) in sim.config.instances.clone() {
            let az = format!("{}{}", sim.config.region, az);
            if crate::model::instance_type(&ty).is_some() {
                sim.register_instance(&ty, &az);
            } else {
                // A saved config from elsewhere may name a type this build lacks: skip it, say so.
                skipped.push(ty);
            }
        }
        for td in crate::catalog::builtin_task_definitions() {
            sim.task_definitions.insert(td.name(), td);
        }
        let (cluster, region, instances) = (sim.config.cluster.clone(), sim.config.region.clone(), sim.instances().len());
        sim.emit(EventKind::ClusterReady { cluster, region, instances });
        for instance_type in skipped {
            sim.emit(EventKind::InstanceTypeSkipped { instance_type });
        }
        sim
    }

    /// Rebuilds a run from its config and command log, then advances to `until`.
    pub fn replay(config: SimConfig, log: &[LoggedCommand], until: Millis) -> Result<Simulation, SimError> {
        let mut sim = Simulation::new(config);
        for entry in log {
            sim.advance_to(entry.at);
            sim.apply(entry.command.clone())?;
        }
        sim.advance_to(until);
        Ok(sim)
    }

    /// The run's configuration.
    pub fn config(&self) -> &SimConfig {
        &self.config
    }

    /// The current virtual time.
    pub fn now(&self) -> Millis {
        self.now
    }

    /// Container instances by id.
    pub fn instances(&self) -> &crate::cluster_index::Instances {
        self.cluster.instances()
    }

    /// Registered task definitions by `family:revision`.
    pub fn task_definitions(&self) -> &VecMap<TaskDefinition> {
        &self.task_definitions
    }

    /// Tasks by id, including STOPPED ones not yet reaped.
    pub fn tasks(&self) -> &BTreeMap<TaskId, Task> {
        &self.tasks
    }

    /// The task with this full id (32 hex digits), if it is still listed.
    pub fn task(&self, id: &str) -> Option<&Task> {
        TaskId::parse(id).and_then(|id| self.tasks.get(&id))
    }

    /// Services by name, including INACTIVE ones.
    pub fn services(&self) -> &VecMap<Service> {
        &self.services
    }

    /// Schedules by name.
    pub fn schedules(&self) -> &VecMap<ScheduleRecord> {
        &self.schedules
    }

    /// The bounded event history, oldest first.
    pub fn events(&self) -> &VecDeque<Arc<Event>> {
        self.events.history()
    }

    /// Every command accepted so far, with the time it was applied.
    pub fn command_log(&self) -> &[LoggedCommand] {
        &self.log
    }

    /// Every event emitted since the last drain, oldest first, however many: the queue is
    /// separate from the capped history of [`Simulation::events`], so nothing is lost between
    /// drains. A front end that never drains holds every event in memory.
    pub fn drain_events(&mut self) -> Vec<Arc<Event>> {
        self.events.drain()
    }

    /// Checks the cluster index (reservations, per-group and per-service counts, unavailable
    /// instances) against the tasks, naming the first invariant broken. For tests and fuzzing:
    /// a failure is a bug in the simulator.
    pub fn check_index(&self) -> Result<(), String> {
        self.cluster.check(&self.tasks)
    }

    /// When the next timer is due, if any.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.timers.next_deadline()
    }

    /// A service's tasks, including STOPPED ones not yet reaped, in id order.
    pub fn service_tasks(&self, name: &str) -> impl Iterator<Item = &Task> + '_ {
        self.cluster.service_task_ids(name).filter_map(|id| self.tasks.get(&id))
    }

    /// Live tasks of a task group (`service:web`, `family:batch`) per container-instance
    /// [`slot`](ContainerInstance::slot): what placement reads to spread or keep tasks apart.
    pub fn group_counts(&self, group: &str) -> &crate::cluster_index::SlotCounts {
        self.cluster.group_counts(group)
    }

    /// Counts a service's tasks: (running, pending) where pending means starting up.
    pub fn service_counts(&self, name: &str) -> (u32, u32) {
        let mut running = 0;
        let mut pending = 0;
        for t in self.service_tasks(name) {
            if t.desired_status == DesiredStatus::Running {
                if t.last_status == TaskStatus::Running {
                    running += 1;
                } else if t.last_status.is_starting() {
                    pending += 1;
                }
            }
        }
        (running, pending)
    }

    /// Finds a task by full id or a unique prefix of at least 4 characters.
    pub fn find_task(&self, op: Op, id: &str) -> Result<&Task, SimError> {
        self.find_task_entry(op, id).map(|(_, t)| t)
    }

    /// [`Simulation::find_task`] with the task's key.
    fn find_task_entry(&self, op: Op, id: &str) -> Result<(TaskId, &Task), SimError> {
        let not_found = || SimError::TaskNotFound { op, id: id.to_string() };
        if let Some((k, t)) = TaskId::parse(id).and_then(|k| self.tasks.get_key_value(&k)) {
            return Ok((*k, t));
        }
        if id.len() < 4 {
            return Err(not_found());
        }
        let Some(range) = TaskId::prefix_range(id) else { return Err(not_found()) };
        let mut hits = self.tasks.range(range);
        match (hits.next(), hits.next()) {
            (Some((k, t)), None) => Ok((*k, t)),
            _ => Err(not_found()),
        }
    }

    /// Moves virtual time forward by `d`.
    pub fn advance_by(&mut self, d: Millis) {
        self.advance_to(self.now.plus(d));
    }

    /// Moves virtual time forward to `t`, running every timer due on the way, in order.
    /// A `t` in the past is ignored: time never runs backwards. Time stops at
    /// [`crate::time::MAX_TIME`] (30 days).
    pub fn advance_to(&mut self, t: Millis) {
        // Virtual time ends at 30 days: far past any lesson, and it keeps every replay (and
        // every saved run) finite whatever a script or a visitor asks for.
        let t = t.min(crate::time::MAX_TIME);
        while let Some((at, timer)) = self.timers.pop_due(t) {
            self.now = self.now.max(at);
            self.fire(timer);
        }
        self.now = self.now.max(t);
    }

    /// Applies one command at the current virtual time. On error nothing changes.
    pub fn apply(&mut self, command: Command) -> Result<Outcome, SimError> {
        let at = self.now;
        let outcome = self.dispatch(&command)?;
        self.log.push(LoggedCommand { at, command: command.canonical() });
        // Whatever the command made due now happens now, so a replay (which advances to each
        // command's time before applying it) sees the same order.
        self.advance_to(at);
        Ok(outcome)
    }

    fn dispatch(&mut self, command: &Command) -> Result<Outcome, SimError> {
        self.check_daemon_count(command)?;
        match command {
            Command::RegisterTaskDefinition { json } => {
                let td = crate::taskdef::parse_task_definition(json)?;
                Ok(self.register_task_definition(td))
            }
            Command::RegisterFaultyRevision { family, fault } => self.register_faulty(family, *fault),
            Command::CreateService { .. } => self.create_service(command),
            Command::UpdateService { .. } => self.update_service(command),
            Command::DeleteService { service, force } => self.delete_service(service, *force),
            Command::RunTask { .. } => self.run_task(command),
            Command::InterruptSpot { availability_zone } => Ok(self.interrupt_spot(availability_zone.as_deref())),
            Command::StopTask { task, reason } => {
                let id = self.live_task(Op::StopTask, task)?;
                let reason = reason.clone().unwrap_or_else(|| "Task stopped by user".into());
                self.stop_task(id, StopCode::UserInitiated, reason, None);
                Ok(Outcome { tasks: vec![id.to_string()], ..Outcome::default() })
            }
            Command::CrashTask { task, exit_code } => {
                let id = self.live_task(Op::StopTask, task)?;
                let reason = "Essential container in task exited".to_string();
                self.stop_task(id, StopCode::EssentialContainerExited, reason, Some(*exit_code));
                Ok(Outcome { tasks: vec![id.to_string()], ..Outcome::default() })
            }
            Command::MakeTaskUnhealthy { task } => {
                let id = self.live_task(Op::StopTask, task)?;
                self.make_unhealthy(id);
                Ok(Outcome { tasks: vec![id.to_string()], ..Outcome::default() })
            }
            Command::AddInstance { instance_type, availability_zone } => self.add_instance(instance_type, availability_zone),
            Command::DrainInstance { instance } => self.drain_instance(instance),
            Command::ActivateInstance { instance } => self.activate_instance(instance),
            Command::TerminateInstance { instance } => self.terminate_instance(instance),
            Command::PutScalingPolicy { .. } | Command::DeleteScalingPolicy { .. } | Command::SetLoad { .. } => {
                self.scaling_command(command)
            }
            Command::CreateSchedule { name, schedule_expression, task_definition, count, launch_type } => {
                self.create_schedule(name, schedule_expression, task_definition, *count, *launch_type)
            }
            Command::DeleteSchedule { name } => self.delete_schedule(name),
        }
    }

    /// ECS's refusal of a desired count for a DAEMON service, checked before anything else about
    /// the call (the daemon scheduler keeps one task per instance, so a count means a mistake).
    fn check_daemon_count(&self, command: &Command) -> Result<(), SimError> {
        let refused = match command {
            Command::CreateService { scheduling_strategy: SchedulingStrategy::Daemon, desired_count: n @ 1.., .. } => {
                Some((Op::CreateService, *n))
            }
            Command::UpdateService { service, desired_count: Some(n), .. }
                if self.services.get(service).is_some_and(|s| s.scheduling_strategy == SchedulingStrategy::Daemon) =>
            {
                Some((Op::UpdateService, *n))
            }
            _ => None,
        };
        refused.map_or(Ok(()), |(op, n)| Err(SimError::invalid(op, DAEMON_COUNT).with_param("desiredCount").with_value(n)))
    }

    /// The key of a task the command names (full id or unique prefix). Stopping a task that is
    /// already stopping is accepted and changes nothing, as in ECS.
    fn live_task(&self, op: Op, id: &str) -> Result<TaskId, SimError> {
        self.find_task_entry(op, id).map(|(k, _)| k)
    }

    pub(crate) fn push_timer(&mut self, at: Millis, timer: Timer) {
        self.timers.push(at, timer);
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::TaskStep(id) => self.step_task(id),
            Timer::BatchExit(id) => {
                let Some(t) = self.tasks.get(&id) else { return };
                if t.desired_status != DesiredStatus::Running {
                    return;
                }
                let workload = self.task_definitions.get(&t.task_definition).map(|d| d.workload.clone());
                if let Some(Workload::Batch { exit_code, .. }) = workload {
                    self.stop_task(id, StopCode::EssentialContainerExited, "Essential container in task exited".into(), Some(exit_code));
                }
            }
            Timer::Health(id) => self.health_due(id),
            Timer::Reap(id) => {
                if self.tasks.get(&id).is_some_and(|t| t.is_stopped()) {
                    if let Some(svc) = self.tasks.remove(&id).and_then(|t| t.service) {
                        self.cluster.remove_service_task(&svc, id);
                    }
                }
            }
            Timer::Reconcile(name) => self.reconcile_due(&name),
            Timer::SteadyReminder(name) => self.steady_reminder(&name),
            Timer::Scaling(name) => self.scaling_tick(&name),
            Timer::Schedule(name) => self.schedule_fire(&name),
        }
    }

    /// Records that something happened now.
    pub(crate) fn emit(&mut self, kind: EventKind) {
        use crate::service_messages as messages;
        // A message that reports a lasting cause is not repeated while the cause lasts.
        if let Some((service, cause)) = messages::cause_of(&kind) {
            let message = crate::event::wording::message(&kind);
            if let Some(svc) = self.services.get_mut(service) {
                if !messages::shows(&mut svc.shown_causes, cause, message, self.now) {
                    return;
                }
            }
        }
        if let Some((service, causes)) = messages::resolved_by(&kind) {
            if let Some(svc) = self.services.get_mut(service) {
                messages::resolve(&mut svc.shown_causes, causes, self.now);
            }
        }
        let desired = kind.service().and_then(|s| self.services.get(s)).map(|s| s.desired_count);
        self.availability.observe(self.now, &kind, desired);
        self.events.push(self.now, kind);
    }
}

impl Simulation {
    /// Brings a service's tally up to its desiredCount after a scheduler pass: update-service,
    /// delete-service and a DAEMON pass change it without an event of their own, and each runs a
    /// pass at once.
    pub(crate) fn note_desired(&mut self, name: &str) {
        if let Some(svc) = self.services.get(name) {
            let desired = if svc.status == crate::model::ServiceStatus::Active { svc.desired_count } else { 0 };
            self.availability.desired_changed(self.now, name, desired);
        }
    }

    /// How well each service and standalone group kept its tasks RUNNING.
    pub fn availability(&self) -> &crate::availability::Availability {
        &self.availability
    }
}

/// How events name a task.
pub(crate) fn task_ref(task: &Task) -> TaskRef {
    TaskRef { task: task.id.clone(), service: task.service.clone(), group: task.group.clone() }
}
