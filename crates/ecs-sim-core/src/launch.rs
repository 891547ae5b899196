//! Launching tasks: run-task's checks and placement, then a task in its first status on an
//! instance (or on Fargate) with its resources reserved.

use crate::cluster_index::Reservation;
use crate::command::Command;
use crate::error::SimError;
use crate::event::EventKind;
use crate::ids::{self, TaskId};
use crate::model::*;
use crate::op::Op;
use crate::placement::{self, Constraint, Failure, Strategy};
use crate::rules;
use crate::sim::{task_ref, Outcome, Simulation};

impl Simulation {
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

    /// The launch type a command's tasks get: FARGATE under a capacity provider strategy (whose
    /// rules are checked here), else the one given.
    pub(crate) fn launch_type_of(op: Op, given: LaunchType, strategy: &[CapacityProviderItem]) -> Result<LaunchType, SimError> {
        if strategy.is_empty() {
            return Ok(given);
        }
        rules::capacity_provider_strategy(op, strategy)?;
        Ok(LaunchType::Fargate)
    }

    pub(crate) fn run_task(&mut self, cmd: &Command) -> Result<Outcome, SimError> {
        const OP: Op = Op::RunTask;
        let Command::RunTask {
            task_definition: td_name,
            count,
            launch_type,
            capacity_provider_strategy: providers,
            group,
            placement_strategy: strategies,
            placement_constraints: constraints,
        } = cmd
        else {
            unreachable!("run_task is only called with RunTask")
        };
        let (count, group) = (*count, group.as_deref());
        rules::run_count(OP, count)?;
        let launch_type = Self::launch_type_of(OP, *launch_type, providers)?;
        let td = self.resolve_task_definition(OP, td_name)?;
        self.check_launch(OP, &td, launch_type, strategies, constraints)?;
        let group = group.map(str::to_string).unwrap_or_else(|| format!("family:{}", td.family));
        if group.is_empty() || group.len() > 255 {
            return Err(SimError::invalid(OP, "group must be 1 to 255 characters.").with_param("group").with_value(group));
        }
        let strategies = if strategies.is_empty() { vec![Strategy::Random] } else { strategies.to_vec() };
        let mut out = Outcome::default();
        let mut placed = [0u32; 2];
        for _ in 0..count {
            let provider = (!providers.is_empty()).then(|| next_provider(providers, |p| placed[p as usize]));
            let spec = Launch {
                td: &td,
                launch_type,
                provider,
                group: &group,
                service: None,
                strategies: &strategies,
                constraints,
                only: None,
                zone: None,
            };
            match self.launch_task(spec) {
                Ok(id) => {
                    if let Some(p) = provider {
                        placed[p as usize] += 1;
                    }
                    out.tasks.push(id.to_string())
                }
                Err(f) => {
                    // A task that found no Spot capacity still takes its turn in the strategy.
                    if let Some(p) = provider {
                        placed[p as usize] += 1;
                    }
                    out.failures.push(f.reason.to_string())
                }
            }
        }
        if !out.failures.is_empty() {
            let failures = out.failures.clone();
            self.emit(EventKind::RunTaskNotPlaced { task_definition: td.name(), requested: count, failures });
        }
        Ok(out)
    }

    /// One placement decision over every instance, reserving nothing (what `ecs-sim bench` times).
    pub fn decide_placement(&self, req: &placement::Request<'_>, rng: &mut impl rand::Rng) -> Result<placement::Placed, Failure> {
        crate::placement_fast::place(&self.cluster, req, rng)
    }

    /// Creates a task record, reserves its resources and starts its lifecycle.
    pub(crate) fn launch_task(&mut self, spec: Launch<'_>) -> Result<TaskId, Failure> {
        let td = spec.td;
        let ports = td.host_ports();
        let (instance, az, explanation) = match spec.launch_type {
            LaunchType::Ec2 => {
                self.cluster.prepare(td.cpu, td.memory);
                // A standalone group's stopping tasks keep counting until STOPPED.
                let spread_counts = spec.service.and_then(|_| self.cluster.spread_counts(spec.group));
                let req = placement::Request {
                    cpu: td.cpu,
                    memory: td.memory,
                    ports: &ports,
                    group: spec.group,
                    strategies: spec.strategies,
                    constraints: spec.constraints,
                    group_counts: self.cluster.group_counts(spec.group),
                    spread_counts: spread_counts.as_ref().unwrap_or_else(|| self.cluster.group_counts(spec.group)),
                };
                let placed = match spec.only {
                    Some(id) => {
                        let one = self.cluster.instances().get(id).map_or(&self.cluster.packed()[..0], |i| self.cluster.packed_one(i));
                        placement::place(&self.cluster, one, &req, &mut self.rng)
                    }
                    None => crate::placement_fast::place(&self.cluster, &req, &mut self.rng),
                }?;
                let booking = Reservation { cpu: td.cpu, memory: td.memory, ports: &ports, group: spec.group, stopping: false };
                let az = self.cluster.reserve(&placed.instance, booking).expect("placement returns a known instance");
                (Some(placed.instance), az, placed.explanation)
            }
            LaunchType::Fargate => {
                let spot = spec.provider == Some(CapacityProvider::FargateSpot);
                let az = match spec.zone {
                    Some(z) => (!spot || self.spot_available(z)).then(|| z.to_string()),
                    None => self.fargate_az(spec.group, spot),
                };
                let Some(az) = az else {
                    let reason = crate::model::NO_CAPACITY;
                    return Err(Failure { reason, resource: None, closest: None, explanation: vec![reason.into()] });
                };
                let on = spec.provider.map_or("Fargate", CapacityProvider::as_str);
                (None, az.clone(), vec![format!("{on}: placed in {az}, the zone with the fewest tasks of {}.", spec.group)])
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
            capacity_provider: spec.provider,
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
            counted_healthy: false,
        };
        let kind = EventKind::TaskCreated {
            task: task_ref(&task),
            ec2_instance: task.container_instance.as_ref().map(|ci| self.cluster.instances()[ci].ec2_instance_id.clone()),
            az: task.az.clone(),
            task_definition: task.task_definition.clone(),
            status: first,
            capacity_provider: spec.provider,
        };
        if let Some((svc, _)) = spec.service {
            self.cluster.add_service_task(svc, id);
        }
        self.tasks.insert(id, task);
        self.emit(kind);
        self.schedule_step(id);
        Ok(id)
    }

    pub(crate) fn fargate_az(&mut self, group: &str, spot: bool) -> Option<String> {
        let mut azs = self.zones(true);
        if spot {
            azs.retain(|az| self.spot_available(az));
        }
        let mut counts = vec![0u32; azs.len()];
        // A service's stopping task no longer counts, as in the EC2 spread.
        let counted = |t: &&Task| !t.is_stopped() && (t.service.is_none() || t.desired_status == DesiredStatus::Running);
        for t in self.tasks.values().filter(|t| t.group == group && t.launch_type == LaunchType::Fargate).filter(counted) {
            if let Ok(i) = azs.binary_search(&t.az) {
                counts[i] += 1;
            }
        }
        let least = counts.iter().copied().min().unwrap_or(0);
        let options: Vec<&String> = azs.iter().zip(&counts).filter(|(_, n)| **n == least).map(|(az, _)| az).collect();
        if options.is_empty() {
            return None;
        }
        let i = rand::Rng::random_range(&mut self.rng, 0..options.len());
        Some(options[i].clone())
    }

    /// The cluster's Availability Zones, in order: those of its container instances (for EC2, of
    /// its ACTIVE ones only), or for Fargate in a cluster without any, the region's first three.
    pub(crate) fn zones(&self, fargate: bool) -> Vec<String> {
        let mut zones: Vec<String> = self.cluster.zones().iter().filter(|z| fargate || z.1 > 0).map(|z| z.0.clone()).collect();
        if zones.is_empty() && fargate {
            zones = ['a', 'b', 'c'].iter().map(|s| format!("{}{s}", self.config.region)).collect();
        }
        zones
    }
}

/// What to launch and where: the arguments of [`Simulation::launch_task`].
pub(crate) struct Launch<'a> {
    pub td: &'a TaskDefinition,
    pub launch_type: LaunchType,
    /// FARGATE or FARGATE_SPOT, under a capacity provider strategy.
    pub provider: Option<CapacityProvider>,
    pub group: &'a str,
    /// (service name, deployment id) for service tasks.
    pub service: Option<(&'a str, &'a str)>,
    pub strategies: &'a [Strategy],
    pub constraints: &'a [Constraint],
    /// Place on this container instance only (DAEMON).
    pub only: Option<&'a str>,
    /// Place in this zone only (a rebalancing move); for EC2 the constraints say so too.
    pub zone: Option<&'a str>,
}
