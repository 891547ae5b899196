//! The one command language every front end speaks: the page, the console, the CLI, saved state
//! and tests. Commands are plain serde data; optional fields default, so saved JSON stays short.

use crate::model::{
    AzRebalancing, CapacityProviderItem, DeploymentConfigurationRequest, LaunchType, LoadBalancer, ScalingMetric, SchedulingStrategy,
};
use crate::op::Op;
use crate::placement::{Constraint, Strategy};
use crate::time::Millis;
use serde::{Deserialize, Serialize};

/// A change requested from outside. Apply with [`crate::Simulation::apply`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "op")]
pub enum Command {
    /// `aws ecs register-task-definition --cli-input-json …`: the JSON as pasted.
    #[serde(rename_all = "camelCase")]
    RegisterTaskDefinition {
        /// The task definition JSON (AWS's input shape, plus optional `x-ecs-sim` extras).
        json: String,
    },
    /// `aws ecs create-service`.
    #[serde(rename_all = "camelCase")]
    CreateService {
        /// Service name (1–255 letters, numbers, `-`, `_`).
        service_name: String,
        /// `family:revision` (or `family` for the latest revision).
        task_definition: String,
        /// Tasks to keep running (ignored for DAEMON).
        #[serde(default)]
        desired_count: u32,
        /// EC2 or FARGATE; ignored when a capacity provider strategy is given.
        #[serde(default)]
        launch_type: LaunchType,
        /// FARGATE and FARGATE_SPOT items with their weights and bases.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        capacity_provider_strategy: Vec<CapacityProviderItem>,
        /// REPLICA (default) or DAEMON.
        #[serde(default)]
        scheduling_strategy: SchedulingStrategy,
        /// Placement strategies, in order; empty means the service default.
        #[serde(default)]
        placement_strategy: Vec<Strategy>,
        /// Placement constraints.
        #[serde(default)]
        placement_constraints: Vec<Constraint>,
        /// Rolling-update bounds and circuit breaker; fields not given take ECS's defaults.
        #[serde(default)]
        deployment_configuration: Option<DeploymentConfigurationRequest>,
        /// A target group to register tasks with.
        #[serde(default)]
        load_balancer: Option<LoadBalancer>,
        /// Seconds after a task starts during which health checks are ignored.
        #[serde(default)]
        health_check_grace_period_seconds: u32,
        /// `--availability-zone-rebalancing`: `None` is ECS's default for a new service, ENABLED.
        #[serde(default)]
        availability_zone_rebalancing: Option<AzRebalancing>,
    },
    /// `aws ecs update-service`.
    #[serde(rename_all = "camelCase")]
    UpdateService {
        /// Service name.
        service: String,
        /// New desired count.
        #[serde(default)]
        desired_count: Option<u32>,
        /// New task definition: starts a deployment when it differs.
        #[serde(default)]
        task_definition: Option<String>,
        /// Start a deployment even with the same task definition.
        #[serde(default)]
        force_new_deployment: bool,
        /// Deployment settings to change; fields not given keep their value.
        #[serde(default)]
        deployment_configuration: Option<DeploymentConfigurationRequest>,
        /// `--availability-zone-rebalancing`: `None` keeps the service's setting.
        #[serde(default)]
        availability_zone_rebalancing: Option<AzRebalancing>,
        /// `--capacity-provider-strategy`: the providers the scheduler starts tasks on from now on
        /// (no new deployment); an empty list goes back to the launch type. `None` keeps them.
        #[serde(default)]
        capacity_provider_strategy: Option<Vec<CapacityProviderItem>>,
    },
    /// `aws ecs delete-service`; without `force` the desired count must be 0 first.
    #[serde(rename_all = "camelCase")]
    DeleteService {
        /// Service name.
        service: String,
        /// Delete even with tasks running (they are stopped).
        #[serde(default)]
        force: bool,
    },
    /// `aws ecs run-task`.
    #[serde(rename_all = "camelCase")]
    RunTask {
        /// `family:revision` (or `family`).
        task_definition: String,
        /// 1 to 10.
        count: u32,
        /// EC2 or FARGATE; ignored when a capacity provider strategy is given.
        #[serde(default)]
        launch_type: LaunchType,
        /// FARGATE and FARGATE_SPOT items with their weights and bases.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        capacity_provider_strategy: Vec<CapacityProviderItem>,
        /// Task group; `family:FAMILY` when absent.
        #[serde(default)]
        group: Option<String>,
        /// Placement strategies (EC2); none means `random`.
        #[serde(default)]
        placement_strategy: Vec<Strategy>,
        /// Placement constraints (EC2).
        #[serde(default)]
        placement_constraints: Vec<Constraint>,
    },
    /// `aws ecs stop-task`: what a click on a task tile sends.
    #[serde(rename_all = "camelCase")]
    StopTask {
        /// Task id (full, or a unique prefix of at least 4 hex digits).
        task: String,
        /// Reason; ECS uses "Task stopped by user" when none is given.
        #[serde(default)]
        reason: Option<String>,
    },
    /// Simulator: launch a new EC2 container instance into the cluster.
    #[serde(rename_all = "camelCase")]
    AddInstance {
        /// Instance type from the catalogue, e.g. `m5.large`.
        instance_type: String,
        /// Availability zone, e.g. `us-east-1b`.
        availability_zone: String,
    },
    /// `aws ecs update-container-instances-state --status DRAINING`.
    #[serde(rename_all = "camelCase")]
    DrainInstance {
        /// Container-instance id or EC2 instance id.
        instance: String,
    },
    /// `aws ecs update-container-instances-state --status ACTIVE`.
    #[serde(rename_all = "camelCase")]
    ActivateInstance {
        /// Container-instance id or EC2 instance id.
        instance: String,
    },
    /// Simulator: the EC2 instance is terminated (or fails); its tasks stop.
    #[serde(rename_all = "camelCase")]
    TerminateInstance {
        /// Container-instance id or EC2 instance id.
        instance: String,
    },
    /// Simulator: AWS takes its Fargate Spot capacity back. Every live FARGATE_SPOT task (in one
    /// zone, or in all) gets the two-minute warning and is stopped with stopCode
    /// `SpotInterruption`.
    #[serde(rename_all = "camelCase")]
    InterruptSpot {
        /// Only this availability zone; all zones when absent.
        #[serde(default)]
        availability_zone: Option<String>,
    },
    /// Simulator: the task's essential container crashes with this exit code.
    #[serde(rename_all = "camelCase")]
    CrashTask {
        /// Task id or unique prefix.
        task: String,
        /// Exit code (default 1).
        #[serde(default = "one")]
        exit_code: i32,
    },
    /// Simulator: the task's container health check starts failing.
    #[serde(rename_all = "camelCase")]
    MakeTaskUnhealthy {
        /// Task id or unique prefix.
        task: String,
    },
    /// Simulator: registers a copy of a family's latest revision with a fault built in.
    #[serde(rename_all = "camelCase")]
    RegisterFaultyRevision {
        /// The family.
        family: String,
        /// What goes wrong.
        fault: Fault,
    },
    /// Application Auto Scaling: target tracking on the service's average CPU.
    #[serde(rename_all = "camelCase")]
    PutScalingPolicy {
        /// Service name.
        service: String,
        /// Lowest desired count.
        min_capacity: u32,
        /// Highest desired count.
        max_capacity: u32,
        /// The predefined metric tracked (average CPU when absent).
        #[serde(default, skip_serializing_if = "ScalingMetric::is_cpu")]
        metric: ScalingMetric,
        /// The metric's target: percent (1–100) for CPU and memory, requests per target a
        /// minute for ALBRequestCountPerTarget.
        #[serde(alias = "targetCpuPercent")]
        target_value: u32,
        /// Seconds between scale-outs (default 300).
        #[serde(default = "cooldown")]
        scale_out_cooldown: u32,
        /// Seconds between scale-ins (default 300).
        #[serde(default = "cooldown")]
        scale_in_cooldown: u32,
    },
    /// Removes a service's scaling policy.
    #[serde(rename_all = "camelCase")]
    DeleteScalingPolicy {
        /// Service name.
        service: String,
    },
    /// Simulator: how much CPU work the service's traffic needs, in percent of one task's CPU
    /// (300 = three tasks fully busy). Average utilization = demand / running tasks.
    #[serde(rename_all = "camelCase")]
    SetLoad {
        /// Service name.
        service: String,
        /// Total CPU demand, percent of one task.
        cpu_demand_percent: u32,
        /// Total memory demand, percent of one task's memory; unchanged when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        memory_demand_percent: Option<u32>,
        /// Requests a minute through the service's target group; unchanged when absent.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        requests_per_minute: Option<u32>,
    },
    /// EventBridge Scheduler: run a standalone task on a schedule.
    #[serde(rename_all = "camelCase")]
    CreateSchedule {
        /// Schedule name (1–64 letters, numbers, `-`, `_`, `.`).
        name: String,
        /// `rate(…)`, `cron(…)` or `at(…)`.
        schedule_expression: String,
        /// `family:revision` (or `family`).
        task_definition: String,
        /// Tasks per run, 1–10.
        #[serde(default = "one_u32")]
        count: u32,
        /// EC2 or FARGATE.
        #[serde(default)]
        launch_type: LaunchType,
    },
    /// Deletes a schedule.
    #[serde(rename_all = "camelCase")]
    DeleteSchedule {
        /// Schedule name.
        name: String,
    },
}

/// A fault built into a new revision.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Fault {
    /// The image cannot be pulled: tasks never reach RUNNING.
    ImagePull,
    /// The container health check always fails.
    Unhealthy,
    /// The essential container exits with code 1 a few seconds after starting.
    CrashOnStart,
}

fn one() -> i32 {
    1
}

fn one_u32() -> u32 {
    1
}

fn cooldown() -> u32 {
    300
}

impl Command {
    /// The API operation the command stands for, as error messages name it.
    pub fn operation(&self) -> Op {
        match self {
            Command::RegisterTaskDefinition { .. } | Command::RegisterFaultyRevision { .. } => Op::RegisterTaskDefinition,
            Command::CreateService { .. } => Op::CreateService,
            Command::UpdateService { .. } => Op::UpdateService,
            Command::DeleteService { .. } => Op::DeleteService,
            Command::RunTask { .. } => Op::RunTask,
            Command::StopTask { .. } | Command::InterruptSpot { .. } | Command::CrashTask { .. } | Command::MakeTaskUnhealthy { .. } => {
                Op::StopTask
            }
            Command::AddInstance { .. } => Op::RegisterContainerInstance,
            Command::DrainInstance { .. } | Command::ActivateInstance { .. } => Op::UpdateContainerInstancesState,
            Command::TerminateInstance { .. } => Op::DeregisterContainerInstance,
            Command::PutScalingPolicy { .. } | Command::DeleteScalingPolicy { .. } | Command::SetLoad { .. } => Op::PutScalingPolicy,
            Command::CreateSchedule { .. } => Op::CreateSchedule,
            Command::DeleteSchedule { .. } => Op::DeleteSchedule,
        }
    }

    /// The command as the log keeps it: a launch type beside a capacity provider strategy (which
    /// decides alone) is left at its default, as the `aws` line that carries the strategy reads
    /// back, so a saved run and its replay log the same commands.
    pub fn canonical(mut self) -> Command {
        if let Command::CreateService { launch_type, capacity_provider_strategy, .. }
        | Command::RunTask { launch_type, capacity_provider_strategy, .. } = &mut self
        {
            if !capacity_provider_strategy.is_empty() {
                *launch_type = LaunchType::default();
            }
        }
        self
    }

    /// A `create-service` with every option at its default.
    pub fn create_service(name: &str, task_definition: &str, desired_count: u32, launch_type: LaunchType) -> Command {
        Command::CreateService {
            service_name: name.into(),
            task_definition: task_definition.into(),
            desired_count,
            launch_type,
            capacity_provider_strategy: vec![],
            scheduling_strategy: SchedulingStrategy::Replica,
            placement_strategy: vec![],
            placement_constraints: vec![],
            deployment_configuration: None,
            load_balancer: None,
            health_check_grace_period_seconds: 0,
            availability_zone_rebalancing: None,
        }
    }

    /// A `run-task` with default placement.
    pub fn run_task(task_definition: &str, count: u32, launch_type: LaunchType) -> Command {
        Command::RunTask {
            task_definition: task_definition.into(),
            count,
            launch_type,
            capacity_provider_strategy: vec![],
            group: None,
            placement_strategy: vec![],
            placement_constraints: vec![],
        }
    }

    /// An `update-service --desired-count`.
    pub fn scale(service: &str, desired_count: u32) -> Command {
        Command::UpdateService {
            service: service.into(),
            desired_count: Some(desired_count),
            task_definition: None,
            force_new_deployment: false,
            deployment_configuration: None,
            availability_zone_rebalancing: None,
            capacity_provider_strategy: None,
        }
    }
}

/// A command and the virtual time it was applied at: one line of the replayable log.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LoggedCommand {
    /// When it was applied.
    pub at: Millis,
    /// What was applied.
    pub command: Command,
}
