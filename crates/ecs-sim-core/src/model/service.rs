//! Services and their deployments: scheduling strategy, rolling-update bounds and circuit
//! breaker, load balancer, target-tracking scaling, and the service record the scheduler keeps.

use super::task::LaunchType;
use crate::ids::TaskId;
use crate::placement_spec::{Constraint, Strategy};
use crate::time::Millis;
use serde::{Deserialize, Serialize};

/// A service's status.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum ServiceStatus {
    /// Scheduling.
    Active,
    /// Being deleted: its tasks are stopping.
    Draining,
    /// Deleted.
    Inactive,
}

/// REPLICA keeps a desired count; DAEMON runs one task on every eligible instance.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum SchedulingStrategy {
    /// A desired count of tasks, spread by the placement strategy.
    #[default]
    Replica,
    /// One task per ACTIVE container instance that meets the constraints (EC2 only).
    Daemon,
}

/// The deployment circuit breaker.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CircuitBreaker {
    /// Turned on.
    pub enable: bool,
    /// Roll back to the last COMPLETED deployment when tripped.
    pub rollback: bool,
    /// A task of the deployment that reaches a healthy state sets the failure count back to 0
    /// (API `DeploymentCircuitBreaker`, default true).
    #[serde(default = "yes", skip_serializing_if = "is_yes")]
    pub reset_on_healthy_task: bool,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The predefined metric a target tracking policy follows (`PredefinedMetricType`).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScalingMetric {
    /// Average CPU utilization of the service's tasks, percent.
    #[default]
    #[serde(rename = "ECSServiceAverageCPUUtilization")]
    Cpu,
    /// Average memory utilization of the service's tasks, percent.
    #[serde(rename = "ECSServiceAverageMemoryUtilization")]
    Memory,
    /// Requests a minute per target in the service's target group.
    #[serde(rename = "ALBRequestCountPerTarget")]
    RequestCountPerTarget,
}

impl ScalingMetric {
    /// Every metric, in the order the API lists them.
    pub const ALL: [ScalingMetric; 3] = [ScalingMetric::Cpu, ScalingMetric::Memory, ScalingMetric::RequestCountPerTarget];

    /// The API name, e.g. `ECSServiceAverageCPUUtilization`.
    pub fn as_str(self) -> &'static str {
        match self {
            ScalingMetric::Cpu => "ECSServiceAverageCPUUtilization",
            ScalingMetric::Memory => "ECSServiceAverageMemoryUtilization",
            ScalingMetric::RequestCountPerTarget => "ALBRequestCountPerTarget",
        }
    }

    /// The default metric, which saved JSON leaves out.
    pub fn is_cpu(&self) -> bool {
        *self == ScalingMetric::Cpu
    }
}

fn yes() -> bool {
    true
}

fn is_yes(b: &bool) -> bool {
    *b
}

/// Bounds of a rolling deployment.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfiguration {
    /// Upper bound: floor(desired × maximumPercent / 100) tasks may exist.
    pub maximum_percent: u32,
    /// Lower bound: ceil(desired × minimumHealthyPercent / 100) tasks must stay healthy.
    pub minimum_healthy_percent: u32,
    /// Optional circuit breaker.
    #[serde(default)]
    pub deployment_circuit_breaker: Option<CircuitBreaker>,
}

impl DeploymentConfiguration {
    /// ECS defaults: 200 / 100 for REPLICA, 100 / 0 for DAEMON.
    pub fn default_for(strategy: SchedulingStrategy) -> Self {
        match strategy {
            SchedulingStrategy::Replica => {
                DeploymentConfiguration { maximum_percent: 200, minimum_healthy_percent: 100, deployment_circuit_breaker: None }
            }
            SchedulingStrategy::Daemon => {
                DeploymentConfiguration { maximum_percent: 100, minimum_healthy_percent: 0, deployment_circuit_breaker: None }
            }
        }
    }

    /// (lower, upper): healthy tasks that must stay up, tasks that may exist.
    pub fn bounds(&self, desired: u32) -> (u32, u32) {
        let lower = (u64::from(desired) * u64::from(self.minimum_healthy_percent)).div_ceil(100) as u32;
        let upper = (u64::from(desired) * u64::from(self.maximum_percent) / 100) as u32;
        (lower, upper)
    }
}

/// The `deploymentConfiguration` a create-service or update-service call gives: only the fields it
/// names. The others keep the service's current value (update) or ECS's default for the
/// scheduling strategy (create: 200 / 100 for REPLICA, 100 / 0 for DAEMON).
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfigurationRequest {
    /// New maximumPercent, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_percent: Option<u32>,
    /// New minimumHealthyPercent, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_healthy_percent: Option<u32>,
    /// New circuit breaker settings, if given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deployment_circuit_breaker: Option<CircuitBreaker>,
}

impl DeploymentConfigurationRequest {
    /// `base` with the fields this request names replaced.
    pub fn apply_to(&self, base: DeploymentConfiguration) -> DeploymentConfiguration {
        DeploymentConfiguration {
            maximum_percent: self.maximum_percent.unwrap_or(base.maximum_percent),
            minimum_healthy_percent: self.minimum_healthy_percent.unwrap_or(base.minimum_healthy_percent),
            deployment_circuit_breaker: self.deployment_circuit_breaker.or(base.deployment_circuit_breaker),
        }
    }
}

impl From<DeploymentConfiguration> for DeploymentConfigurationRequest {
    /// A request that names every field.
    fn from(c: DeploymentConfiguration) -> Self {
        DeploymentConfigurationRequest {
            maximum_percent: Some(c.maximum_percent),
            minimum_healthy_percent: Some(c.minimum_healthy_percent),
            deployment_circuit_breaker: c.deployment_circuit_breaker,
        }
    }
}

/// A load balancer target group the service registers its tasks with.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    /// Target group ARN.
    pub target_group_arn: String,
    /// The container that receives traffic.
    pub container_name: String,
    /// Its port.
    pub container_port: u16,
}

/// A deployment's role.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum DeploymentStatus {
    /// The newest: the one being rolled out.
    Primary,
    /// An older one that still has tasks.
    Active,
    /// Done with.
    Inactive,
}

/// `rolloutState` of a deployment.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RolloutState {
    /// Rolling out.
    InProgress,
    /// All tasks healthy, old ones gone.
    Completed,
    /// The circuit breaker tripped: the deployment launches no new tasks.
    Failed,
}

impl RolloutState {
    /// The API spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            RolloutState::InProgress => "IN_PROGRESS",
            RolloutState::Completed => "COMPLETED",
            RolloutState::Failed => "FAILED",
        }
    }
}

/// One deployment of a service.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    /// `ecs-svc/…`.
    pub id: String,
    /// PRIMARY, ACTIVE or INACTIVE.
    pub status: DeploymentStatus,
    /// The task definition it runs.
    pub task_definition: String,
    /// IN_PROGRESS, COMPLETED or FAILED.
    pub rollout_state: RolloutState,
    /// Why it is in that state.
    pub rollout_state_reason: String,
    /// Tasks of this deployment that failed (circuit-breaker count).
    pub failed_tasks: u32,
    /// A task of this deployment has reached RUNNING: the circuit breaker is in its second stage,
    /// counting failed health checks instead of tasks that fail to reach RUNNING.
    #[serde(default)]
    pub reached_running: bool,
    /// When it was created.
    pub created_at: Millis,
}

/// Target tracking on average CPU (Application Auto Scaling).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingPolicy {
    /// Lowest desired count.
    pub min_capacity: u32,
    /// Highest desired count.
    pub max_capacity: u32,
    /// The metric tracked.
    #[serde(default, skip_serializing_if = "ScalingMetric::is_cpu")]
    pub metric: ScalingMetric,
    /// The metric's target: percent for CPU and memory, requests per target a minute for the
    /// load balancer's request count.
    #[serde(alias = "targetCpuPercent")]
    pub target_value: u32,
    /// Seconds between scale-outs.
    pub scale_out_cooldown: u32,
    /// Seconds between scale-ins.
    pub scale_in_cooldown: u32,
    /// When it last scaled out.
    pub last_scale_out: Option<Millis>,
    /// When it last scaled in.
    pub last_scale_in: Option<Millis>,
}

/// A service: a scheduler that keeps `desired_count` copies of a task definition running.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    /// Service name.
    pub name: String,
    /// `family:revision` of the PRIMARY deployment.
    pub task_definition: String,
    /// How many tasks it keeps (for DAEMON: the eligible instances).
    pub desired_count: u32,
    /// EC2 or FARGATE (FARGATE when a capacity provider strategy is given).
    pub launch_type: LaunchType,
    /// The capacity provider strategy its tasks are launched with, if any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity_provider_strategy: Vec<super::CapacityProviderItem>,
    /// REPLICA or DAEMON.
    pub scheduling_strategy: SchedulingStrategy,
    /// ACTIVE, DRAINING or INACTIVE.
    pub status: ServiceStatus,
    /// Placement strategies (empty: spread by AZ, then instance).
    pub placement_strategy: Vec<Strategy>,
    /// Placement constraints.
    pub placement_constraints: Vec<Constraint>,
    /// Rolling-update bounds and circuit breaker.
    pub deployment_configuration: DeploymentConfiguration,
    /// Target group, if any.
    pub load_balancer: Option<LoadBalancer>,
    /// Health checks are ignored this long after a task starts.
    pub health_check_grace_period_seconds: u32,
    /// Deployments, PRIMARY first (as describe-services lists them); INACTIVE ones dropped.
    pub deployments: Vec<Deployment>,
    /// When it was created.
    pub created_at: Millis,
    /// True while it has reported steady state and nothing has changed since.
    pub steady: bool,
    /// When the last "steady state" event was emitted (it repeats while steady).
    pub steady_reported_at: Option<Millis>,
    /// When the scheduler is next due to look at this service, if a look is queued.
    pub next_reconcile: Option<Millis>,
    /// Tasks in a row that stopped before reaching RUNNING (the throttle's count).
    pub start_failures: u32,
    /// While throttled, no task is started before this time.
    pub throttled_until: Option<Millis>,
    /// Target tracking policy, if any.
    pub scaling: Option<ScalingPolicy>,
    /// Simulated CPU demand, percent of one task (see `Command::SetLoad`).
    pub cpu_demand_percent: u32,
    /// Simulated memory demand, percent of one task.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub memory_demand_percent: u32,
    /// Simulated requests a minute through the service's target group.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub requests_per_minute: u32,
    /// Tasks stopped for failed health checks whose replacements have not been reported yet.
    pub unhealthy_replacements: u32,
    /// Recent (time, running, desired) samples for a sparkline; bounded.
    pub history: Vec<(Millis, u32, u32)>,
    /// The newest deployment that reached COMPLETED, kept after its tasks are gone (and it left
    /// `deployments`): where a circuit-breaker rollback goes. None while a rollback to it is in
    /// progress: it is not eligible for another rollback until it is COMPLETED again.
    #[serde(default)]
    pub last_completed: Option<Deployment>,
    /// The messages of lasting causes shown and not yet resolved, with the cause and when: an
    /// identical message is held back while its cause lasts (see `crate::service_messages`). A
    /// list, not a map: it holds a few entries, and a map type costs the page kilobytes.
    #[serde(default)]
    pub shown_causes: Vec<ShownCause>,
    /// Whether ECS moves tasks back into balance across Availability Zones
    /// (`availabilityZoneRebalancing`).
    #[serde(default)]
    pub availability_zone_rebalancing: AzRebalancing,
    /// The rebalancing under way, if any.
    #[serde(default)]
    pub rebalancing: Option<Rebalancing>,
}

/// A lasting cause a service event reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Cause {
    /// No container instance could take a task.
    Placement,
    /// Tasks keep failing to start, so the scheduler backs off.
    Throttle,
    /// minimumHealthyPercent and maximumPercent leave no room to stop or start a task.
    DeploymentConfiguration,
}

/// A service event message of a lasting cause, as shown.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShownCause {
    /// The message.
    pub message: String,
    /// Its cause.
    pub cause: Cause,
    /// When it was shown.
    pub at: Millis,
}

/// `availabilityZoneRebalancing`: ENABLED (what create-service defaults to) or DISABLED.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AzRebalancing {
    /// ECS moves tasks back into balance after a zone loses and regains capacity.
    #[default]
    Enabled,
    /// Tasks stay where they are.
    Disabled,
}

impl AzRebalancing {
    /// `ENABLED` or `DISABLED`, as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            AzRebalancing::Enabled => "ENABLED",
            AzRebalancing::Disabled => "DISABLED",
        }
    }
}

/// An Availability Zone rebalancing under way: one task at a time is started in the zone with the
/// fewest, and once it is healthy one is stopped in the zone with the most.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rebalancing {
    /// The task started in the short zone that has not yet been paired with a stop.
    pub started: Option<TaskId>,
    /// The desired count it balances; a new one ends it.
    pub desired: u32,
    /// A task was stopped first (maximumPercent left no room to start one): the next task the
    /// scheduler starts is its replacement in a short zone, and is reported as a rebalancing
    /// start.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub replacing: bool,
}

impl Service {
    /// The PRIMARY deployment.
    pub fn primary(&self) -> &Deployment {
        &self.deployments[0]
    }
}
