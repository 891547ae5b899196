//! [`Simulation`]: the cluster, its tasks and services, the timer queue and the event log.

use crate::command::{Command, LoggedCommand};
use crate::error::SimError;
use crate::event::{Event, EventKind, Severity};
use crate::ids;
use crate::lifecycle;
use crate::model::*;
use crate::time::Millis;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

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
        }
    }
}

/// What a successful command produced.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Outcome {
    /// Tasks started by the command (run-task), or the task it stopped (stop-task).
    pub tasks: Vec<String>,
    /// Per-task placement failures (run-task), e.g. `RESOURCE:MEMORY`.
    pub failures: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub(crate) enum Timer {
    TaskStep(String),
    BatchExit(String),
    Reap(String),
    Reconcile(String),
    SteadyReminder(String),
}

/// A deterministic, sans-IO Amazon ECS cluster.
///
/// # Calling protocol
/// The simulation never reads a clock and never draws from a global generator:
/// 1. Build it with [`Simulation::new`] from a [`SimConfig`] (the seed lives there).
/// 2. Apply commands with [`Simulation::apply`]; each takes effect at [`Simulation::now`].
///    A rejected command returns a [`SimError`] and changes nothing.
/// 3. Move virtual time forward with [`Simulation::advance_to`] (or [`Simulation::advance_by`]).
///    Only due timers run, so idle time costs nothing; [`Simulation::next_deadline`] says when
///    something will next happen.
/// 4. After each call, drain new events with [`Simulation::drain_events`]; the bounded history is
///    in [`Simulation::events`].
///
/// The whole state serializes with serde. The seed plus [`Simulation::command_log`] replay the run
/// byte for byte with [`Simulation::replay`], natively and in wasm.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Simulation {
    pub(crate) config: SimConfig,
    pub(crate) now: Millis,
    pub(crate) rng: ChaCha8Rng,
    pub(crate) instances: BTreeMap<String, ContainerInstance>,
    pub(crate) task_definitions: BTreeMap<String, TaskDefinition>,
    pub(crate) tasks: BTreeMap<String, Task>,
    pub(crate) services: BTreeMap<String, Service>,
    pub(crate) timers: BTreeSet<(Millis, u64, Timer)>,
    pub(crate) timer_seq: u64,
    pub(crate) events: VecDeque<Event>,
    pub(crate) next_event_id: u64,
    pub(crate) undrained: usize,
    pub(crate) log: Vec<LoggedCommand>,
}

impl Simulation {
    /// A fresh cluster: the configured container instances and the built-in task definitions.
    pub fn new(config: SimConfig) -> Simulation {
        let mut sim = Simulation {
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            config,
            now: Millis::ZERO,
            instances: BTreeMap::new(),
            task_definitions: BTreeMap::new(),
            tasks: BTreeMap::new(),
            services: BTreeMap::new(),
            timers: BTreeSet::new(),
            timer_seq: 0,
            events: VecDeque::new(),
            next_event_id: 1,
            undrained: 0,
            log: Vec::new(),
        };
        for (ty, az) in sim.config.instances.clone() {
            sim.register_instance(&ty, az);
        }
        for td in crate::catalog::builtin_task_definitions() {
            sim.task_definitions.insert(td.name(), td);
        }
        let msg = format!(
            "Cluster {} in {} is ready with {} container instances.",
            sim.config.cluster,
            sim.config.region,
            sim.instances.len()
        );
        sim.emit(Severity::Info, EventKind::Cluster, msg);
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
        &self.instances
    }

    /// Registered task definitions by `family:revision`.
    pub fn task_definitions(&self) -> &BTreeMap<String, TaskDefinition> {
        &self.task_definitions
    }

    /// Tasks by id, including STOPPED ones not yet reaped.
    pub fn tasks(&self) -> &BTreeMap<String, Task> {
        &self.tasks
    }

    /// Services by name, including INACTIVE ones.
    pub fn services(&self) -> &BTreeMap<String, Service> {
        &self.services
    }

    /// The bounded event history, oldest first.
    pub fn events(&self) -> &VecDeque<Event> {
        &self.events
    }

    /// Every command accepted so far, with the time it was applied.
    pub fn command_log(&self) -> &[LoggedCommand] {
        &self.log
    }

    /// Events emitted since the last drain, oldest first (at most the log's cap).
    pub fn drain_events(&mut self) -> Vec<Event> {
        let n = self.undrained.min(self.events.len());
        self.undrained = 0;
        self.events.iter().skip(self.events.len() - n).cloned().collect()
    }

    /// When the next timer is due, if any.
    pub fn next_deadline(&self) -> Option<Millis> {
        self.timers.first().map(|t| t.0)
    }

    /// Counts a service's tasks: (running, pending) where pending means starting up.
    pub fn service_counts(&self, name: &str) -> (u32, u32) {
        let mut running = 0;
        let mut pending = 0;
        for t in self.tasks.values().filter(|t| t.service.as_deref() == Some(name)) {
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
    pub fn find_task(&self, op: &'static str, id: &str) -> Result<&Task, SimError> {
        let not_found = || SimError::TaskNotFound { op, id: id.to_string() };
        if let Some(t) = self.tasks.get(id) {
            return Ok(t);
        }
        if id.len() < 4 {
            return Err(not_found());
        }
        let mut hits = self.tasks.range(id.to_string()..).take_while(|(k, _)| k.starts_with(id));
        match (hits.next(), hits.next()) {
            (Some((_, t)), None) => Ok(t),
            _ => Err(not_found()),
        }
    }

    /// Moves virtual time forward by `d`.
    pub fn advance_by(&mut self, d: Millis) {
        self.advance_to(self.now.plus(d));
    }

    /// Moves virtual time forward to `t`, running every timer due on the way, in order.
    /// A `t` in the past is ignored: time never runs backwards.
    pub fn advance_to(&mut self, t: Millis) {
        while let Some(&(at, _, _)) = self.timers.first() {
            if at > t {
                break;
            }
            let (at, _, timer) = self.timers.pop_first().expect("first() was Some");
            self.now = self.now.max(at);
            self.fire(timer);
        }
        self.now = self.now.max(t);
    }

    /// Applies one command at the current virtual time. On error nothing changes.
    pub fn apply(&mut self, command: Command) -> Result<Outcome, SimError> {
        let at = self.now;
        let outcome = match &command {
            Command::CreateService { service_name, task_definition, desired_count, launch_type } => {
                self.create_service(service_name, task_definition, *desired_count, *launch_type)?
            }
            Command::UpdateService { service, desired_count } => self.update_service(service, *desired_count)?,
            Command::DeleteService { service } => self.delete_service(service)?,
            Command::RunTask { task_definition, count, launch_type, group } => {
                self.run_task(task_definition, *count, *launch_type, group.as_deref())?
            }
            Command::StopTask { task, reason } => {
                let id = self.find_task("StopTask", task)?.id.clone();
                let reason = reason.clone().unwrap_or_else(|| "Task stopped by user".into());
                self.stop_task(&id, StopCode::UserInitiated, reason, None);
                Outcome { tasks: vec![id], failures: vec![] }
            }
        };
        self.log.push(LoggedCommand { at, command });
        // Whatever the command made due now happens now, so a replay (which advances to each
        // command's time before applying it) sees the same order.
        self.advance_to(at);
        Ok(outcome)
    }

    /// Resolves `family:revision`, or `family` to its latest revision.
    pub(crate) fn resolve_task_definition(&self, op: &'static str, name: &str) -> Result<TaskDefinition, SimError> {
        let found = if name.contains(':') {
            self.task_definitions.get(name)
        } else {
            self.task_definitions.values().filter(|d| d.family == name).max_by_key(|d| d.revision)
        };
        found.cloned().ok_or_else(|| SimError::TaskDefinitionNotFound { op, name: name.to_string() })
    }

    fn run_task(
        &mut self,
        td_name: &str,
        count: u32,
        launch_type: LaunchType,
        group: Option<&str>,
    ) -> Result<Outcome, SimError> {
        if !(1..=10).contains(&count) {
            return Err(SimError::invalid("RunTask", format!("count must be between 1 and 10 (got {count}).")));
        }
        let td = self.resolve_task_definition("RunTask", td_name)?;
        let group = group.map(str::to_string).unwrap_or_else(|| format!("family:{}", td.family));
        if group.is_empty() || group.len() > 255 {
            return Err(SimError::invalid("RunTask", "group must be 1 to 255 characters."));
        }
        let mut out = Outcome::default();
        for _ in 0..count {
            match self.launch_task(&td, launch_type, &group, None, crate::placement::Strategy::Random) {
                Ok(id) => out.tasks.push(id),
                Err(f) => {
                    let reason = f.resource.map(|r| r.failure_reason()).unwrap_or("AGENT");
                    out.failures.push(reason.to_string());
                }
            }
        }
        if !out.failures.is_empty() {
            let msg = format!(
                "run-task could not place {} of {} task(s) from {}: {}.",
                out.failures.len(),
                count,
                td.name(),
                out.failures.join(", ")
            );
            self.emit(Severity::Warning, EventKind::Cluster, msg);
        }
        Ok(out)
    }

    /// Creates a task record, reserves its resources and starts its lifecycle.
    pub(crate) fn launch_task(
        &mut self,
        td: &TaskDefinition,
        launch_type: LaunchType,
        group: &str,
        service: Option<(&str, &str)>,
        fallback: crate::placement::Strategy,
    ) -> Result<String, crate::placement::Failure> {
        let ports = td.host_ports();
        let (instance, az, explanation) = match launch_type {
            LaunchType::Ec2 => {
                let mut counts = BTreeMap::new();
                for t in self.tasks.values().filter(|t| t.group == group && !t.is_stopped()) {
                    if let Some(ci) = &t.container_instance {
                        *counts.entry(ci.clone()).or_insert(0) += 1;
                    }
                }
                let strategies = if service.is_some() {
                    crate::placement::Strategy::service_default()
                } else {
                    vec![fallback]
                };
                let req = crate::placement::Request {
                    cpu: td.cpu,
                    memory: td.memory,
                    ports: &ports,
                    group,
                    strategies: &strategies,
                };
                let placed = crate::placement::place(&self.instances, &counts, &req, &mut self.rng)?;
                let inst = self.instances.get_mut(&placed.instance).expect("placement returns a known instance");
                inst.cpu_used += td.cpu;
                inst.memory_used += td.memory;
                inst.ports_used.extend(&ports);
                (Some(inst.id.clone()), inst.az.clone(), placed.explanation)
            }
            LaunchType::Fargate => {
                let az = self.fargate_az(group);
                (None, az.clone(), vec![format!("Fargate: placed in {az}, the zone with the fewest tasks of {group}.")])
            }
        };
        let id = ids::hex32(&mut self.rng);
        let first =
            if launch_type == LaunchType::Fargate || td.network_mode == "awsvpc" { TaskStatus::Provisioning } else { TaskStatus::Pending };
        let task = Task {
            id: id.clone(),
            task_definition: td.name(),
            group: group.to_string(),
            service: service.map(|s| s.0.to_string()),
            started_by: service.map(|s| s.1.to_string()),
            launch_type,
            container_instance: instance,
            az,
            cpu: td.cpu,
            memory: td.memory,
            host_ports: if launch_type == LaunchType::Ec2 { ports } else { vec![] },
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
        };
        let where_ = match &task.container_instance {
            Some(ci) => format!("{} ({})", self.instances[ci].ec2_instance_id, task.az),
            None => format!("Fargate ({})", task.az),
        };
        let msg = format!("Task {} ({}) created on {} from {}: {}.", task.id, owner(&task), where_, task.task_definition, first);
        let kind = task_kind(&task);
        self.tasks.insert(id.clone(), task);
        self.emit(Severity::Info, kind, msg);
        self.schedule_step(&id);
        Ok(id)
    }

    fn fargate_az(&mut self, group: &str) -> String {
        let mut azs: BTreeMap<String, u32> = BTreeMap::new();
        for i in self.instances.values() {
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
    pub(crate) fn stop_task(&mut self, id: &str, code: StopCode, reason: String, exit_code: Option<i32>) {
        let now = self.now;
        let Some(task) = self.tasks.get_mut(id) else { return };
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
        let with_eni = task.history.first().is_some_and(|h| h.status == TaskStatus::Provisioning);
        let next = lifecycle::next_stopping(was, with_eni);
        set_status(task, next, now);
        let msg = format!(
            "Task {} ({}) desiredStatus STOPPED, stopCode {}: {}. lastStatus {} → {}.",
            task.id,
            owner(task),
            code.as_str(),
            reason,
            was,
            next
        );
        let kind = task_kind(task);
        let service = task.service.clone();
        self.emit(Severity::Warning, kind, msg);
        self.schedule_step(id);
        if let Some(s) = service {
            self.request_reconcile(&s, Millis::ZERO);
        }
    }

    fn schedule_step(&mut self, id: &str) {
        let task = self.tasks.get(id).expect("scheduling a known task");
        let dwell = lifecycle::dwell(task.last_status, &mut self.rng);
        if task.last_status == TaskStatus::Running || task.last_status == TaskStatus::Stopped {
            let task = self.tasks.get_mut(id).expect("known task");
            task.next_step_at = None;
            return;
        }
        let at = self.now.plus(dwell);
        self.tasks.get_mut(id).expect("known task").next_step_at = Some(at);
        self.push_timer(at, Timer::TaskStep(id.to_string()));
    }

    pub(crate) fn push_timer(&mut self, at: Millis, timer: Timer) {
        self.timer_seq += 1;
        self.timers.insert((at, self.timer_seq, timer));
    }

    fn fire(&mut self, timer: Timer) {
        match timer {
            Timer::TaskStep(id) => self.step_task(&id),
            Timer::BatchExit(id) => {
                let Some(t) = self.tasks.get(&id) else { return };
                if t.desired_status != DesiredStatus::Running {
                    return;
                }
                let td = self.task_definitions.get(&t.task_definition).map(|d| d.workload.clone());
                if let Some(Workload::Batch { exit_code, .. }) = td {
                    self.stop_task(&id, StopCode::EssentialContainerExited, "Essential container in task exited".into(), Some(exit_code));
                }
            }
            Timer::Reap(id) => {
                if self.tasks.get(&id).is_some_and(|t| t.is_stopped()) {
                    self.tasks.remove(&id);
                }
            }
            Timer::Reconcile(name) => self.reconcile(&name),
            Timer::SteadyReminder(name) => self.steady_reminder(&name),
        }
    }

    fn step_task(&mut self, id: &str) {
        let now = self.now;
        let Some(task) = self.tasks.get_mut(id) else { return };
        if task.next_step_at != Some(now) {
            return; // superseded by a stop request
        }
        let with_eni = task.history.first().is_some_and(|h| h.status == TaskStatus::Provisioning);
        let next = if task.desired_status == DesiredStatus::Running {
            lifecycle::next_starting(task.last_status).unwrap_or(task.last_status)
        } else {
            lifecycle::next_stopping(task.last_status, with_eni)
        };
        set_status(task, next, now);
        let service = task.service.clone();
        match next {
            TaskStatus::Running => {
                task.started_at = Some(now);
                let msg = format!("Task {} ({}) is RUNNING.", task.id, owner(task));
                let kind = task_kind(task);
                let td = self.task_definitions.get(&task.task_definition).map(|d| d.workload.clone());
                self.emit(Severity::Info, kind, msg);
                if let Some(Workload::Batch { run_seconds, .. }) = td {
                    self.push_timer(now.plus(Millis::secs(run_seconds)), Timer::BatchExit(id.to_string()));
                }
            }
            TaskStatus::Stopped => {
                task.stopped_at = Some(now);
                let exit = task.exit_code.map(|c| format!(" Exit code {c}.")).unwrap_or_default();
                let msg = format!("Task {} ({}) is STOPPED.{}", task.id, owner(task), exit);
                let kind = task_kind(task);
                let sev = if task.exit_code.is_some_and(|c| c != 0 && c != 143) { Severity::Error } else { Severity::Info };
                let (ci, cpu, mem, ports) = (task.container_instance.clone(), task.cpu, task.memory, task.host_ports.clone());
                if let Some(inst) = ci.and_then(|ci| self.instances.get_mut(&ci)) {
                    inst.cpu_used -= cpu;
                    inst.memory_used -= mem;
                    inst.ports_used.retain(|p| !ports.contains(p));
                }
                self.emit(sev, kind, msg);
                let reap = now.plus(self.config.stopped_retention);
                self.push_timer(reap, Timer::Reap(id.to_string()));
            }
            _ => {}
        }
        self.schedule_step(id);
        if let Some(s) = service {
            self.request_reconcile(&s, Millis::secs(1));
        }
    }

    fn register_instance(&mut self, ty: &str, az_suffix: char) {
        let spec = crate::model::instance_type(ty).expect("configured instance types come from the catalogue");
        let az = format!("{}{}", self.config.region, az_suffix);
        let id = ids::hex32(&mut self.rng);
        let mut attributes = BTreeMap::new();
        attributes.insert("ecs.availability-zone".to_string(), az.clone());
        attributes.insert("ecs.instance-type".to_string(), ty.to_string());
        attributes.insert("ecs.os-type".to_string(), "linux".to_string());
        attributes.insert("ecs.cpu-architecture".to_string(), "x86_64".to_string());
        let inst = ContainerInstance {
            id: id.clone(),
            ec2_instance_id: ids::ec2_instance_id(&mut self.rng),
            instance_type: ty.to_string(),
            az,
            cpu_total: spec.cpu,
            memory_total: spec.memory,
            cpu_used: 0,
            memory_used: 0,
            ports_used: vec![],
            status: InstanceStatus::Active,
            attributes,
        };
        self.instances.insert(id, inst);
    }

    pub(crate) fn emit(&mut self, severity: Severity, kind: EventKind, message: String) {
        let event = Event { id: self.next_event_id, at: self.now, severity, kind, message };
        self.next_event_id += 1;
        self.events.push_back(event);
        self.undrained += 1;
        while self.events.len() > self.config.event_cap.max(1) {
            self.events.pop_front();
        }
    }
}

fn set_status(task: &mut Task, status: TaskStatus, now: Millis) {
    if task.last_status != status {
        task.last_status = status;
        task.history.push(StatusChange { at: now, status });
    }
}

/// `service web` or `standalone, group family:batch-job`, for task messages.
pub(crate) fn owner(task: &Task) -> String {
    match &task.service {
        Some(s) => format!("service {s}"),
        None => format!("standalone, group {}", task.group),
    }
}

pub(crate) fn task_kind(task: &Task) -> EventKind {
    EventKind::TaskState { task: task.id.clone(), service: task.service.clone() }
}
