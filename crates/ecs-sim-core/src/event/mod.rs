//! What happened, as data. Each [`EventKind`] variant is one kind of happening with its facts as
//! typed fields; [`wording`] renders them in ECS's own words, in one place. Front ends filter,
//! announce and check on the fields, never on the text.

mod facts;
mod filter;
mod log;
pub mod wording;

pub use facts::Fact;
pub use filter::{EventFilter, FilterError};
pub use log::EventLog;

use crate::model::{CapacityProvider, HealthStatus, ScalingMetric, StopCode, TaskStatus};
use crate::placement_spec::Resource;
use crate::time::Millis;
use serde::Serialize;

/// How much an event matters.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Normal progress.
    Info,
    /// Something a person should look at.
    Warning,
    /// Something failed.
    Error,
}

/// Which part of ECS reports an event: the cluster, a service's Events tab, or a task state change
/// (as EventBridge's "ECS Task State Change").
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Instances, task definitions, schedules, run-task.
    Cluster,
    /// A service scheduler event.
    Service,
    /// One task's lifecycle.
    Task,
}

/// The task an event is about, with what its messages name it by.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskRef {
    /// The task id.
    pub task: String,
    /// The owning service; `None` for a standalone task.
    pub service: Option<String>,
    /// Its task group (`service:web`, `family:batch-job`).
    pub group: String,
}

/// Why Application Auto Scaling changed a desired count.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
// The fields are named for what they hold, in ECS's API vocabulary; the variant says what for.
#[allow(missing_docs)]
pub enum ScalingReason {
    /// Target tracking: the metric is above the target.
    AboveTarget { metric: ScalingMetric, value: u32, target: u32 },
    /// Target tracking: the metric is below the target.
    BelowTarget { metric: ScalingMetric, value: u32, target: u32 },
    /// A new policy's capacity range does not hold the current desired count.
    CapacityRange { min_capacity: u32, max_capacity: u32 },
}

/// One kind of happening, with its facts. [`EventKind::facts`] names it (the kebab-case variant
/// name, which `expect event` lines use) and names its fields (their camelCase), and it
/// serializes as `{"type": NAME, FIELD: VALUE, …}`.
#[derive(Clone, Debug, PartialEq, Eq)]
// The fields are named for what they hold, in ECS's API vocabulary; the variant says what for.
#[allow(missing_docs)]
pub enum EventKind {
    /// The cluster was set up.
    ClusterReady { cluster: String, region: String, instances: usize },
    /// A configured instance type is unknown to this build, so it was not launched.
    InstanceTypeSkipped { instance_type: String },
    /// A container instance joined the cluster.
    InstanceRegistered { instance: String, ec2_instance: String, instance_type: String, az: String },
    /// A container instance was set to DRAINING; `standalone_left` standalone tasks stay on it.
    InstanceDraining { ec2_instance: String, standalone_left: usize },
    /// A DRAINING container instance is ACTIVE again.
    InstanceActive { ec2_instance: String },
    /// An EC2 instance went away with the tasks on it.
    InstanceTerminated { ec2_instance: String, tasks: Vec<String> },
    /// A task definition revision was registered.
    TaskDefinitionRegistered { task_definition: String },
    /// run-task could not place some of the tasks it was asked for.
    RunTaskNotPlaced { task_definition: String, requested: u32, failures: Vec<String> },
    /// An EventBridge schedule was created; `first_run` is `None` when it never fires.
    ScheduleCreated { schedule: String, expression: String, task_definition: String, first_run: Option<Millis> },
    /// A schedule was deleted.
    ScheduleDeleted { schedule: String },
    /// A schedule fired and ran tasks; `failures` are the placement failures.
    ScheduleFired { schedule: String, task_definition: String, tasks: Vec<String>, failures: Vec<String> },
    /// A task was created; `ec2_instance` is `None` on Fargate, `capacity_provider` names
    /// FARGATE or FARGATE_SPOT under a capacity provider strategy.
    TaskCreated {
        task: TaskRef,
        ec2_instance: Option<String>,
        az: String,
        task_definition: String,
        status: TaskStatus,
        capacity_provider: Option<CapacityProvider>,
    },
    /// A task reached RUNNING.
    TaskRunning { task: TaskRef },
    /// A task was asked to stop (desiredStatus STOPPED) and began its way down.
    TaskStopping { task: TaskRef, stop_code: StopCode, reason: String, from: TaskStatus, to: TaskStatus, exit_code: Option<i32> },
    /// AWS takes a FARGATE_SPOT task's capacity back: the two-minute warning, stopped by `stop_by`.
    SpotInterruptionWarning { task: TaskRef, stop_by: Millis },
    /// A task reached STOPPED.
    TaskStopped { task: TaskRef, stop_code: Option<StopCode>, exit_code: Option<i32> },
    /// The visitor made a task fail its health check.
    HealthFaultInjected { task: TaskRef },
    /// A failing task that nothing observes: no container health check and no load balancer.
    HealthUnobserved { task: TaskRef },
    /// A task's container health status changed.
    HealthStatusChanged { task: TaskRef, health: HealthStatus },
    /// The load balancer found a service task unhealthy.
    TargetUnhealthy { service: String, task: String, port: u16, target_group: String },
    /// A service task failed its container health check.
    ContainerUnhealthy { service: String, task: String },
    /// Service tasks were registered with a target group.
    TargetsRegistered { service: String, target_group: String, tasks: Vec<String> },
    /// Service tasks were deregistered from a target group.
    TargetsDeregistered { service: String, target_group: String, tasks: Vec<String> },
    /// Connections to deregistered tasks drain.
    ConnectionsDraining { service: String, task_set: String, tasks: Vec<String> },
    /// Application Auto Scaling changed the desired count.
    AutoScaled { service: String, from: u32, to: u32, reason: ScalingReason },
    /// Task launches keep failing: the scheduler backs off.
    StartThrottled { service: String },
    /// The deployment circuit breaker failed a deployment after `failed_tasks` task failures.
    DeploymentFailed { service: String, deployment: String, failed_tasks: u32 },
    /// The circuit breaker rolls back to the last completed deployment.
    RollingBack { service: String, deployment: String, to: String },
    /// minimumHealthyPercent and maximumPercent leave no room to stop or start a task.
    DeploymentBlocked { service: String },
    /// The scheduler started tasks; `replaced_unhealthy` of them replace unhealthy ones.
    TasksStarted { service: String, tasks: Vec<String>, replaced_unhealthy: u32 },
    /// No container instance could take a task; the closest one and what it lacked, if known.
    TaskNotPlaced { service: String, closest: Option<String>, missing: Option<Resource> },
    /// No Fargate Spot capacity was left where the service's next Spot task could go.
    SpotCapacityUnavailable { service: String },
    /// The scheduler stopped tasks.
    TasksStopped { service: String, tasks: Vec<String> },
    /// A deleted service has no tasks left: it is INACTIVE.
    ServiceDeleted { service: String },
    /// A deployment completed.
    DeploymentCompleted { service: String, deployment: String },
    /// The service runs its desired count of healthy tasks of one deployment.
    SteadyState { service: String },
    /// The service's tasks are not evenly spread over the zones that can take them: rebalancing
    /// starts. `tasks_per_zone[i]` tasks are in `zones[i]`.
    RebalancingStarted { service: String, zones: Vec<String>, tasks_per_zone: Vec<u32> },
    /// Rebalancing is done: the zones differ by one task at most.
    RebalancingCompleted { service: String, zones: Vec<String>, tasks_per_zone: Vec<u32> },
    /// Rebalancing started tasks in the zone with the fewest.
    RebalanceTasksStarted { service: String, az: String, tasks: Vec<String> },
    /// Rebalancing stopped tasks in the zone with the most.
    RebalanceTasksStopped { service: String, az: String, tasks: Vec<String> },
}

/// One entry of the event log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Sequence number, from 1, never reused within a run.
    pub id: u64,
    /// Virtual time it happened.
    pub at: Millis,
    /// How much it matters.
    pub severity: Severity,
    /// What happened, with its facts.
    pub kind: EventKind,
}

impl Event {
    /// The message, worded as ECS words it.
    pub fn message(&self) -> String {
        wording::message(&self.kind)
    }

    /// The service this event concerns, if any.
    pub fn service(&self) -> Option<&str> {
        self.kind.service()
    }
}

impl EventKind {
    /// The task this event is about, for task-scoped events.
    pub fn task_ref(&self) -> Option<&TaskRef> {
        use EventKind::*;
        match self {
            TaskCreated { task, .. }
            | TaskRunning { task }
            | TaskStopping { task, .. }
            | SpotInterruptionWarning { task, .. }
            | TaskStopped { task, .. }
            | HealthFaultInjected { task }
            | HealthUnobserved { task }
            | HealthStatusChanged { task, .. } => Some(task),
            _ => None,
        }
    }

    /// Who reports it.
    pub fn scope(&self) -> Scope {
        use EventKind::*;
        if self.task_ref().is_some() {
            return Scope::Task;
        }
        match self {
            ClusterReady { .. }
            | InstanceTypeSkipped { .. }
            | InstanceRegistered { .. }
            | InstanceDraining { .. }
            | InstanceActive { .. }
            | InstanceTerminated { .. }
            | TaskDefinitionRegistered { .. }
            | RunTaskNotPlaced { .. }
            | ScheduleCreated { .. }
            | ScheduleDeleted { .. }
            | ScheduleFired { .. } => Scope::Cluster,
            _ => Scope::Service,
        }
    }

    /// The service this event concerns, if any.
    pub fn service(&self) -> Option<&str> {
        use EventKind::*;
        match self {
            TargetUnhealthy { service, .. }
            | ContainerUnhealthy { service, .. }
            | TargetsRegistered { service, .. }
            | TargetsDeregistered { service, .. }
            | ConnectionsDraining { service, .. }
            | AutoScaled { service, .. }
            | StartThrottled { service }
            | DeploymentFailed { service, .. }
            | RollingBack { service, .. }
            | DeploymentBlocked { service }
            | TasksStarted { service, .. }
            | TaskNotPlaced { service, .. }
            | SpotCapacityUnavailable { service }
            | TasksStopped { service, .. }
            | ServiceDeleted { service }
            | DeploymentCompleted { service, .. }
            | SteadyState { service }
            | RebalancingStarted { service, .. }
            | RebalancingCompleted { service, .. }
            | RebalanceTasksStarted { service, .. }
            | RebalanceTasksStopped { service, .. } => Some(service),
            _ => self.task_ref().and_then(|t| t.service.as_deref()),
        }
    }

    /// Every task id this event names, in the order it names them.
    pub fn task_ids(&self) -> Vec<&str> {
        use EventKind::*;
        if let Some(t) = self.task_ref() {
            return vec![&t.task];
        }
        match self {
            TargetUnhealthy { task, .. } | ContainerUnhealthy { task, .. } => vec![task],
            InstanceTerminated { tasks, .. }
            | ScheduleFired { tasks, .. }
            | TargetsRegistered { tasks, .. }
            | TargetsDeregistered { tasks, .. }
            | ConnectionsDraining { tasks, .. }
            | TasksStarted { tasks, .. }
            | TasksStopped { tasks, .. }
            | RebalanceTasksStarted { tasks, .. }
            | RebalanceTasksStopped { tasks, .. } => tasks.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// Every kind's kebab-case name, as `expect event` lines and the JSON `type` write it.
    pub const NAMES: &'static [&'static str] = &[
        "cluster-ready",
        "instance-type-skipped",
        "instance-registered",
        "instance-draining",
        "instance-active",
        "instance-terminated",
        "task-definition-registered",
        "run-task-not-placed",
        "schedule-created",
        "schedule-deleted",
        "schedule-fired",
        "task-created",
        "task-running",
        "task-stopping",
        "spot-interruption-warning",
        "task-stopped",
        "health-fault-injected",
        "health-unobserved",
        "health-status-changed",
        "target-unhealthy",
        "container-unhealthy",
        "targets-registered",
        "targets-deregistered",
        "connections-draining",
        "auto-scaled",
        "start-throttled",
        "deployment-failed",
        "rolling-back",
        "deployment-blocked",
        "tasks-started",
        "task-not-placed",
        "spot-capacity-unavailable",
        "tasks-stopped",
        "service-deleted",
        "deployment-completed",
        "steady-state",
        "rebalancing-started",
        "rebalancing-completed",
        "rebalance-tasks-started",
        "rebalance-tasks-stopped",
    ];

    /// How much it matters, by ECS's conventions: failures are errors, stops asked for are
    /// warnings, progress is info.
    pub fn severity(&self) -> Severity {
        use EventKind::*;
        use Severity::*;
        match self {
            InstanceTypeSkipped { .. } | InstanceDraining { .. } | RunTaskNotPlaced { .. } | HealthFaultInjected { .. } => Warning,
            RollingBack { .. } | SpotInterruptionWarning { .. } => Warning,
            ScheduleFired { failures, .. } if !failures.is_empty() => Warning,
            HealthStatusChanged { health: HealthStatus::Unhealthy, .. } => Warning,
            InstanceTerminated { .. }
            | TargetUnhealthy { .. }
            | ContainerUnhealthy { .. }
            | StartThrottled { .. }
            | DeploymentFailed { .. }
            | DeploymentBlocked { .. }
            | TaskNotPlaced { .. }
            | SpotCapacityUnavailable { .. } => Error,
            TaskStopping { stop_code: StopCode::EssentialContainerExited, exit_code: Some(0), .. } => Info,
            TaskStopping {
                stop_code: StopCode::UserInitiated | StopCode::ServiceSchedulerInitiated | StopCode::SpotInterruption, ..
            } => Warning,
            TaskStopping { .. } => Error,
            TaskStopped { stop_code, exit_code, .. } => {
                let failed = exit_code.is_some_and(|c| c != 0 && c != 143) || *stop_code == Some(StopCode::TaskFailedToStart);
                if failed {
                    Error
                } else {
                    Info
                }
            }
            _ => Info,
        }
    }
}
