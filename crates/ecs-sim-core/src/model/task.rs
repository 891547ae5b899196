//! Tasks: where they run, the statuses they pass through, why they stop, and the task record
//! itself with its history and container health.

use crate::time::Millis;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Where a task runs.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum LaunchType {
    /// On the cluster's EC2 container instances.
    #[default]
    Ec2,
    /// On AWS-managed Fargate capacity (no instances to see).
    Fargate,
}

impl LaunchType {
    /// The API spelling, `EC2` or `FARGATE`.
    pub fn as_str(self) -> &'static str {
        match self {
            LaunchType::Ec2 => "EC2",
            LaunchType::Fargate => "FARGATE",
        }
    }
}

/// A task's `lastStatus`, in lifecycle order.
#[derive(Copy, Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TaskStatus {
    /// Network interface being attached (awsvpc / Fargate only).
    Provisioning,
    /// Waiting for the agent and the image pull.
    Pending,
    /// Registering with load balancer target groups and service discovery.
    Activating,
    /// Containers are up.
    Running,
    /// Deregistering targets (connection draining).
    Deactivating,
    /// Containers being stopped.
    Stopping,
    /// Network interface being released (awsvpc / Fargate only).
    Deprovisioning,
    /// Done; kept for a while so it can be inspected.
    Stopped,
}

impl TaskStatus {
    /// The API spelling, e.g. `RUNNING`.
    pub fn as_str(self) -> &'static str {
        match self {
            TaskStatus::Provisioning => "PROVISIONING",
            TaskStatus::Pending => "PENDING",
            TaskStatus::Activating => "ACTIVATING",
            TaskStatus::Running => "RUNNING",
            TaskStatus::Deactivating => "DEACTIVATING",
            TaskStatus::Stopping => "STOPPING",
            TaskStatus::Deprovisioning => "DEPROVISIONING",
            TaskStatus::Stopped => "STOPPED",
        }
    }

    /// True before RUNNING: the task is still starting.
    pub fn is_starting(self) -> bool {
        self < TaskStatus::Running
    }

    /// True after RUNNING: the task is on its way down (or down).
    pub fn is_stopping(self) -> bool {
        self > TaskStatus::Running
    }
}

impl fmt::Display for TaskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A task's `desiredStatus`: what ECS is driving it towards.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DesiredStatus {
    /// Keep it up.
    Running,
    /// Take it down.
    Stopped,
}

/// Why a task stopped, as ECS's `stopCode`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopCode {
    /// The essential container exited on its own.
    EssentialContainerExited,
    /// Someone called StopTask.
    UserInitiated,
    /// The task never got its containers running.
    TaskFailedToStart,
    /// The service scheduler stopped it (scale-in, deployment, health).
    ServiceSchedulerInitiated,
    /// A Spot instance was reclaimed.
    SpotInterruption,
    /// The host is going away.
    TerminationNotice,
}

impl StopCode {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StopCode::EssentialContainerExited => "EssentialContainerExited",
            StopCode::UserInitiated => "UserInitiated",
            StopCode::TaskFailedToStart => "TaskFailedToStart",
            StopCode::ServiceSchedulerInitiated => "ServiceSchedulerInitiated",
            StopCode::SpotInterruption => "SpotInterruption",
            StopCode::TerminationNotice => "TerminationNotice",
        }
    }
}

/// One entry of a task's status history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StatusChange {
    /// When the task entered the status.
    pub at: Millis,
    /// The status entered.
    pub status: TaskStatus,
}

/// A task: one running copy of a task definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    /// Task id (32 hex digits).
    pub id: String,
    /// `family:revision`.
    pub task_definition: String,
    /// `service:NAME` for service tasks, `family:FAMILY` (or the `--group` given) otherwise.
    pub group: String,
    /// The owning service, if any.
    pub service: Option<String>,
    /// Who started it (`ecs-svc/…` for a service deployment).
    pub started_by: Option<String>,
    /// EC2 or FARGATE.
    pub launch_type: LaunchType,
    /// FARGATE or FARGATE_SPOT for a task launched by a capacity provider strategy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider: Option<super::CapacityProvider>,
    /// The container instance it was placed on (EC2 only).
    pub container_instance: Option<String>,
    /// Availability zone.
    pub az: String,
    /// Reserved CPU units.
    pub cpu: u32,
    /// Reserved memory, MiB.
    pub memory: u32,
    /// Host ports it holds on its instance.
    pub host_ports: Vec<u16>,
    /// What it is.
    pub last_status: TaskStatus,
    /// What ECS wants it to be.
    pub desired_status: DesiredStatus,
    /// Why it stopped.
    pub stop_code: Option<StopCode>,
    /// Why it stopped, in words.
    pub stopped_reason: Option<String>,
    /// The essential container's exit code, once known.
    pub exit_code: Option<i32>,
    /// When it was created.
    pub created_at: Millis,
    /// When it reached RUNNING.
    pub started_at: Option<Millis>,
    /// When it reached STOPPED.
    pub stopped_at: Option<Millis>,
    /// Every status it has been in, oldest first.
    pub history: Vec<StatusChange>,
    /// When its next lifecycle step is due, if one is.
    pub next_step_at: Option<Millis>,
    /// How the placement was decided, in words.
    pub placement: Vec<String>,
    /// Container health (UNKNOWN without a health check).
    pub health_status: HealthStatus,
    /// Simulator fault: its health check fails from now on.
    pub failing_health: bool,
    /// When `failing_health` was switched on for a task already created (`None`: failing from
    /// the start, or not failing). Failures count from then, not from an earlier check's timer.
    #[serde(default)]
    pub failing_since: Option<Millis>,
    /// Registered with the service's target group and not yet deregistered.
    pub in_target_group: bool,
    /// A scheduler pass has counted it healthy (see `Simulation::note_healthy`).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub counted_healthy: bool,
}

impl Task {
    /// The first 8 hex digits: enough to tell tasks apart on screen.
    pub fn short_id(&self) -> &str {
        &self.id[..8.min(self.id.len())]
    }

    /// True once STOPPED.
    pub fn is_stopped(&self) -> bool {
        self.last_status == TaskStatus::Stopped
    }
}

/// A container health status.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum HealthStatus {
    /// No result yet, or no health check.
    #[default]
    Unknown,
    /// Passing.
    Healthy,
    /// Failed `retries` checks in a row.
    Unhealthy,
}

impl HealthStatus {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            HealthStatus::Unknown => "UNKNOWN",
            HealthStatus::Healthy => "HEALTHY",
            HealthStatus::Unhealthy => "UNHEALTHY",
        }
    }
}
