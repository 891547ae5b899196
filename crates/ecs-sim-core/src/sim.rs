//! [`Simulation`]: the cluster, its tasks and services, the timer queue and the event log, and the
//! command dispatch. Service scheduling lives in `scheduler`, health in `health`, instances in
//! `instances`, auto scaling in `scaling`, scheduled tasks in `scheduled`.

use crate::cluster_index::{ClusterIndex, Reservation};
use crate::command::{Command, Fault, LoggedCommand};
use crate::error::SimError;
use crate::event::{Event, EventKind, EventLog, TaskRef};
use crate::ids::{self, TaskId};
use crate::lifecycle;
use crate::model::*;
use crate::op::Op;
use crate::placement::{self, Constraint, Failure, Strategy};
use crate::rules;
use crate::time::Millis;
pub(crate) use crate::timers::Timer;
use crate::timers::TimerQueue;
use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// ECS's answer to a desired count for a DAEMON service.
pub(crate) const DAEMON_COUNT: &str =
    "The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again";

/// The tasks-per-slot map of a group with no live tasks.
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

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
    pub(crate) task_definitions: BTreeMap<String, TaskDefinition>,
    pub(crate) tasks: BTreeMap<TaskId, Task>,
    pub(crate) services: BTreeMap<String, Service>,
    /// Container instances, their reservations, and the per-service and per-group indexes.
    pub(crate) cluster: ClusterIndex,
    pub(crate) schedules: BTreeMap<String, ScheduleRecord>,
    pub(crate) timers: TimerQueue,
    pub(crate) events: EventLog,
    pub(crate) log: Vec<LoggedCommand>,
}

impl Simulation {
    /// A fresh cluster: the configured container instances and the built-in task definitions.
    pub fn new(config: SimConfig) -> Simulation {
        let cap = config.event_cap;
        let mut sim = Simulation {
            rng: Pcg64Mcg::seed_from_u64(config.seed),
            config,
            now: Millis::ZERO,
            task_definitions: BTreeMap::new(),
            tasks: BTreeMap::new(),
            services: BTreeMap::new(),
            cluster: ClusterIndex::default(),
            schedules: BTreeMap::new(),
            timers: TimerQueue::default(),
            events: EventLog::new(cap),
            log: Vec::new(),
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
    pub fn instances(&self) -> &BTreeMap<String, ContainerInstance> {
        self.cluster.instances()
    }

    /// Registered task definitions by `family:revision`.
    pub fn task_definitions(&self) -> &BTreeMap<String, TaskDefinition> {
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
    pub fn services(&self) -> &BTreeMap<String, Service> {
        &self.services
    }

    /// Schedules by name.
    pub fn schedules(&self) -> &BTreeMap<String, ScheduleRecord> {
        &self.schedules
    }

    /// The bounded event history, oldest first.
    pub fn events(&self) -> &VecDeque<Event> {
        self.events.history()
    }

    /// Every command accepted so far, with the time it was applied.
    pub fn command_log(&self) -> &[LoggedCommand] {
        &self.log
    }

    /// Every event emitted since the last drain, oldest first, however many: the queue is
    /// separate from the capped history of [`Simulation::events`], so nothing is lost between
    /// drains. A front end that never drains holds every event in memory.
    pub fn drain_events(&mut self) -> Vec<Event> {
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
    pub fn group_counts(&self, group: &str) -> &BTreeMap<u32, u32> {
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
        self.log.push(LoggedCommand { at, command });
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
            Command::UpdateService { service, desired_count, task_definition, force_new_deployment, deployment_configuration } => {
                self.update_service(service, *desired_count, task_definition.as_deref(), *force_new_deployment, *deployment_configuration)
            }
            Command::DeleteService { service, force } => self.delete_service(service, *force),
            Command::RunTask { task_definition, count, launch_type, group, placement_strategy, placement_constraints } => {
                self.run_task(task_definition, *count, *launch_type, group.as_deref(), placement_strategy, placement_constraints)
            }
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

    /// A task that has not been asked to stop yet (stopping one twice is a no-op in ECS; here
    /// the click on a stopping tile is simply ignored by the page).
    fn live_task(&self, op: Op, id: &str) -> Result<TaskId, SimError> {
        self.find_task_entry(op, id).map(|(k, _)| k)
    }

    /// Resolves `family:revision`, or `family` to its latest revision.
    pub(crate) fn resolve_task_definition(&self, op: Op, name: &str) -> Result<TaskDefinition, SimError> {
        let found = if name.contains(':') { self.task_definitions.get(name) } else { self.latest_revision(name) };
        found.cloned().ok_or_else(|| SimError::TaskDefinitionNotFound { op, name: name.to_string() })
    }

    fn latest_revision(&self, family: &str) -> Option<&TaskDefinition> {
        self.task_definitions.values().filter(|d| d.family == family).max_by_key(|d| d.revision)
    }

    fn register_task_definition(&mut self, mut td: TaskDefinition) -> Outcome {
        td.revision = self.latest_revision(&td.family).map_or(1, |d| d.revision + 1);
        let name = td.name();
        self.task_definitions.insert(name.clone(), td);
        self.emit(EventKind::TaskDefinitionRegistered { task_definition: name.clone() });
        Outcome { created: Some(name), ..Outcome::default() }
    }

    fn register_faulty(&mut self, family: &str, fault: Fault) -> Result<Outcome, SimError> {
        const OP: Op = Op::RegisterTaskDefinition;
        let mut td =
            self.latest_revision(family).cloned().ok_or_else(|| SimError::TaskDefinitionNotFound { op: OP, name: family.into() })?;
        match fault {
            Fault::ImagePull => {
                td.faults.image_pull_fails = true;
                for c in &mut td.containers {
                    c.image = format!("{}-does-not-exist", c.image);
                }
            }
            Fault::Unhealthy => td.faults.unhealthy = true,
            Fault::CrashOnStart => td.workload = Workload::Batch { run_seconds: 5, exit_code: 1 },
        }
        Ok(self.register_task_definition(td))
    }

    /// Checks a launch type and placement against a task definition (shared by run-task and
    /// create-service).
    pub(crate) fn check_launch(
        &self,
        op: Op,
        td: &TaskDefinition,
        launch_type: LaunchType,
        strategies: &[Strategy],
        constraints: &[Constraint],
    ) -> Result<(), SimError> {
        rules::compatible(op, td, launch_type)?;
        rules::placement(op, launch_type, strategies, constraints)
    }

    fn run_task(
        &mut self,
        td_name: &str,
        count: u32,
        launch_type: LaunchType,
        group: Option<&str>,
        strategies: &[Strategy],
        constraints: &[Constraint],
    ) -> Result<Outcome, SimError> {
        const OP: Op = Op::RunTask;
        rules::run_count(OP, count)?;
        let td = self.resolve_task_definition(OP, td_name)?;
        self.check_launch(OP, &td, launch_type, strategies, constraints)?;
        let group = group.map(str::to_string).unwrap_or_else(|| format!("family:{}", td.family));
        if group.is_empty() || group.len() > 255 {
            return Err(SimError::invalid(OP, "group must be 1 to 255 characters.").with_param("group").with_value(group));
        }
        let strategies = if strategies.is_empty() { vec![Strategy::Random] } else { strategies.to_vec() };
        let mut out = Outcome::default();
        for _ in 0..count {
            let spec = Launch { td: &td, launch_type, group: &group, service: None, strategies: &strategies, constraints, only: None };
            match self.launch_task(spec) {
                Ok(id) => out.tasks.push(id.to_string()),
                Err(f) => out.failures.push(f.reason.to_string()),
            }
        }
        if !out.failures.is_empty() {
            let failures = out.failures.clone();
            self.emit(EventKind::RunTaskNotPlaced { task_definition: td.name(), requested: count, failures });
        }
        Ok(out)
    }

    /// Creates a task record, reserves its resources and starts its lifecycle.
    pub(crate) fn launch_task(&mut self, spec: Launch<'_>) -> Result<TaskId, Failure> {
        let td = spec.td;
        let ports = td.host_ports();
        let (instance, az, explanation) = match spec.launch_type {
            LaunchType::Ec2 => {
                let req = placement::Request {
                    cpu: td.cpu,
                    memory: td.memory,
                    ports: &ports,
                    group: spec.group,
                    strategies: spec.strategies,
                    constraints: spec.constraints,
                    group_counts: self.cluster.group_counts(spec.group),
                };
                let placed = match spec.only {
                    Some(id) => {
                        let one: BTreeMap<String, ContainerInstance> =
                            self.cluster.instances().get(id).map(|i| (id.to_string(), i.clone())).into_iter().collect();
                        placement::place(&one, &req, &mut self.rng)?
                    }
                    None => placement::place(self.cluster.instances(), &req, &mut self.rng)?,
                };
                let booking = Reservation { cpu: td.cpu, memory: td.memory, ports: &ports, group: spec.group };
                let az = self.cluster.reserve(&placed.instance, booking).expect("placement returns a known instance");
                (Some(placed.instance), az, placed.explanation)
            }
            LaunchType::Fargate => {
                let az = self.fargate_az(spec.group);
                (None, az.clone(), vec![format!("Fargate: placed in {az}, the zone with the fewest tasks of {}.", spec.group)])
            }
        };
        let id = ids::task_id(&mut self.rng);
        let first = if spec.launch_type == LaunchType::Fargate || td.network_mode == "awsvpc" {
            TaskStatus::Provisioning
        } else {
            TaskStatus::Pending
        };
        let task = Task {
            id: id.to_string(),
            task_definition: td.name(),
            group: spec.group.to_string(),
            service: spec.service.map(|s| s.0.to_string()),
            started_by: spec.service.map(|s| s.1.to_string()),
            launch_type: spec.launch_type,
            container_instance: instance,
            az,
            cpu: td.cpu,
            memory: td.memory,
            host_ports: if spec.launch_type == LaunchType::Ec2 { ports } else { vec![] },
            last_status: first,
            desired_status: DesiredStatus::Running,
            stop_code: None,
            stopped_reason: None,
            exit_code: None,
            created_at: self.now,
            started_at: None,
            stopped_at: None,
            history: vec![StatusChange { at: self.now, status: first }],
            next_step_at: None,
            placement: explanation,
            health_status: HealthStatus::Unknown,
            failing_health: td.faults.unhealthy,
            failing_since: None,
            in_target_group: false,
        };
        let kind = EventKind::TaskCreated {
            task: task_ref(&task),
            ec2_instance: task.container_instance.as_ref().map(|ci| self.cluster.instances()[ci].ec2_instance_id.clone()),
            az: task.az.clone(),
            task_definition: task.task_definition.clone(),
            status: first,
        };
        if let Some((svc, _)) = spec.service {
            self.cluster.add_service_task(svc, id);
        }
        self.tasks.insert(id, task);
        self.emit(kind);
        self.schedule_step(id);
        Ok(id)
    }

    fn fargate_az(&mut self, group: &str) -> String {
        let mut azs: BTreeMap<String, u32> = BTreeMap::new();
        for i in self.cluster.instances().values() {
            azs.entry(i.az.clone()).or_insert(0);
        }
        if azs.is_empty() {
            for s in ['a', 'b', 'c'] {
                azs.insert(format!("{}{}", self.config.region, s), 0);
            }
        }
        for t in self.tasks.values().filter(|t| t.group == group && !t.is_stopped() && t.launch_type == LaunchType::Fargate) {
            if let Some(n) = azs.get_mut(&t.az) {
                *n += 1;
            }
        }
        let least = azs.values().copied().min().unwrap_or(0);
        let options: Vec<String> = azs.into_iter().filter(|(_, n)| *n == least).map(|(az, _)| az).collect();
        let i = rand::Rng::random_range(&mut self.rng, 0..options.len());
        options[i].clone()
    }

    /// Asks a task to stop: desiredStatus STOPPED now, lastStatus follows over time.
    pub(crate) fn stop_task(&mut self, id: TaskId, code: StopCode, reason: String, exit_code: Option<i32>) {
        let now = self.now;
        let Some(task) = self.tasks.get_mut(&id) else { return };
        if task.desired_status == DesiredStatus::Stopped {
            return;
        }
        task.desired_status = DesiredStatus::Stopped;
        task.stop_code = Some(code);
        task.stopped_reason = Some(reason.clone());
        if exit_code.is_some() {
            task.exit_code = exit_code;
        } else if task.last_status == TaskStatus::Running {
            // SIGTERM from the agent: the conventional 128 + 15.
            task.exit_code = Some(143);
        }
        let was = task.last_status;
        // A target registered in ACTIVATING is deregistered on the way down, even before RUNNING.
        let next = if was == TaskStatus::Activating && task.in_target_group {
            TaskStatus::Deactivating
        } else {
            lifecycle::next_stopping(was, with_eni(task))
        };
        set_status(task, next, now);
        let kind =
            EventKind::TaskStopping { task: task_ref(task), stop_code: code, reason, from: was, to: next, exit_code: task.exit_code };
        let service = task.service.clone();
        let failed_before_running = task.started_at.is_none();
        self.emit(kind);
        if next == TaskStatus::Deactivating {
            self.deregister_target(id);
        }
        self.schedule_step(id);
        if let Some(s) = service {
            self.note_task_stop(&s, id, code, failed_before_running);
            self.request_reconcile(&s, Millis::secs(3));
        }
    }

    /// Stops a task at once, skipping the states an agent would report (its host is gone).
    pub(crate) fn kill_now(&mut self, id: TaskId, code: StopCode, reason: String) {
        self.stop_task(id, code, reason, None);
        let now = self.now;
        if let Some(t) = self.tasks.get_mut(&id) {
            if t.last_status < TaskStatus::Stopping {
                set_status(t, TaskStatus::Stopping, now);
            }
        }
        self.finish_stop(id);
    }

    pub(crate) fn schedule_step(&mut self, id: TaskId) {
        let task = self.tasks.get(&id).expect("scheduling a known task");
        if task.last_status == TaskStatus::Running || task.last_status == TaskStatus::Stopped {
            self.tasks.get_mut(&id).expect("known task").next_step_at = None;
            return;
        }
        let status = task.last_status;
        // The agent tries the image pull for a while before giving up.
        let dwell = lifecycle::dwell(status, &mut self.rng);
        let at = self.now.plus(dwell);
        self.tasks.get_mut(&id).expect("known task").next_step_at = Some(at);
        self.push_timer(at, Timer::TaskStep(id));
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

    fn step_task(&mut self, id: TaskId) {
        let now = self.now;
        let Some(task) = self.tasks.get(&id) else { return };
        if task.next_step_at != Some(now) {
            return; // superseded by a stop request
        }
        let pull_fails = task.last_status == TaskStatus::Pending
            && task.desired_status == DesiredStatus::Running
            && self.task_definitions.get(&task.task_definition).is_some_and(|d| d.faults.image_pull_fails);
        if pull_fails {
            let image = self.task_definitions[&task.task_definition].containers.first().map(|c| c.image.clone()).unwrap_or_default();
            let reason = format!(
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: not found"
            );
            self.stop_task(id, StopCode::TaskFailedToStart, reason, None);
            return;
        }
        let task = self.tasks.get_mut(&id).expect("checked above");
        let next = if task.desired_status == DesiredStatus::Running {
            lifecycle::next_starting(task.last_status).unwrap_or(task.last_status)
        } else {
            lifecycle::next_stopping(task.last_status, with_eni(task))
        };
        set_status(task, next, now);
        let service = task.service.clone();
        match next {
            TaskStatus::Activating => self.register_target(id),
            TaskStatus::Running => self.on_running(id),
            TaskStatus::Stopped => {
                self.finish_stop(id);
                return;
            }
            _ => {}
        }
        self.schedule_step(id);
        // Only RUNNING changes what the scheduler counts; the other starting steps do not.
        if let (Some(s), TaskStatus::Running) = (service, next) {
            self.request_reconcile(&s, Millis::secs(1));
        }
    }

    fn on_running(&mut self, id: TaskId) {
        let now = self.now;
        let task = self.tasks.get_mut(&id).expect("known task");
        task.started_at = Some(now);
        let kind = EventKind::TaskRunning { task: task_ref(task) };
        let service = task.service.clone();
        let workload = self.task_definitions.get(&task.task_definition).map(|d| d.workload.clone());
        self.emit(kind);
        if let Some(Workload::Batch { run_seconds, .. }) = workload {
            self.push_timer(now.plus(Millis::secs(run_seconds)), Timer::BatchExit(id));
        }
        if let Some(s) = service {
            if let Some(svc) = self.services.get_mut(&s) {
                svc.start_failures = 0;
                svc.throttled_until = None;
            }
        }
        self.start_health_checks(id);
    }

    /// The task reached STOPPED: release what it held and schedule its removal from view.
    fn finish_stop(&mut self, id: TaskId) {
        let now = self.now;
        let Some(task) = self.tasks.get_mut(&id) else { return };
        set_status(task, TaskStatus::Stopped, now);
        task.stopped_at = Some(now);
        task.next_step_at = None;
        let kind = EventKind::TaskStopped { task: task_ref(task), stop_code: task.stop_code, exit_code: task.exit_code };
        let service = task.service.clone();
        if let Some(ci) = &task.container_instance {
            self.cluster.release(ci, Reservation::of(task));
        }
        self.emit(kind);
        let reap = now.plus(self.config.stopped_retention);
        self.push_timer(reap, Timer::Reap(id));
        if let Some(s) = service {
            self.request_reconcile(&s, Millis::secs(1));
        }
    }

    /// Records that something happened now.
    pub(crate) fn emit(&mut self, kind: EventKind) {
        self.events.push(self.now, kind);
    }
}

/// What to launch and where: the arguments of [`Simulation::launch_task`].
pub(crate) struct Launch<'a> {
    pub td: &'a TaskDefinition,
    pub launch_type: LaunchType,
    pub group: &'a str,
    /// (service name, deployment id) for service tasks.
    pub service: Option<(&'a str, &'a str)>,
    pub strategies: &'a [Strategy],
    pub constraints: &'a [Constraint],
    /// Place on this container instance only (DAEMON).
    pub only: Option<&'a str>,
}

fn with_eni(task: &Task) -> bool {
    task.history.first().is_some_and(|h| h.status == TaskStatus::Provisioning)
}

pub(crate) fn set_status(task: &mut Task, status: TaskStatus, now: Millis) {
    if task.last_status != status {
        task.last_status = status;
        task.history.push(StatusChange { at: now, status });
    }
}

/// How events name a task.
pub(crate) fn task_ref(task: &Task) -> TaskRef {
    TaskRef { task: task.id.clone(), service: task.service.clone(), group: task.group.clone() }
}
