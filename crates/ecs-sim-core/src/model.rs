//! The objects ECS keeps: container instances, task definitions, tasks and services.
//! Plain data with small helpers; the rules that change them live in `sim`, `lifecycle` and
//! `scheduler`.

use crate::time::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
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

/// One row of the instance-type catalogue: what the ECS agent registers for that type.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct InstanceType {
    /// The EC2 name, e.g. `m5.large`.
    pub name: &'static str,
    /// Registered CPU units (1 vCPU = 1024).
    pub cpu: u32,
    /// Registered memory in MiB (a little under the instance's total: the agent keeps some back).
    pub memory: u32,
}

/// The instance types the simulator offers, with the CPU and memory ECS registers for each.
pub const INSTANCE_TYPES: &[InstanceType] = &[
    InstanceType { name: "t3.small", cpu: 2048, memory: 1_930 },
    InstanceType { name: "t3.medium", cpu: 2048, memory: 3_904 },
    InstanceType { name: "t3.large", cpu: 2048, memory: 7_942 },
    InstanceType { name: "m5.large", cpu: 2048, memory: 7_680 },
    InstanceType { name: "m5.xlarge", cpu: 4096, memory: 15_576 },
    InstanceType { name: "c5.xlarge", cpu: 4096, memory: 7_474 },
    InstanceType { name: "r5.large", cpu: 2048, memory: 15_788 },
    InstanceType { name: "m5.2xlarge", cpu: 8192, memory: 31_366 },
];

/// Looks a type up in [`INSTANCE_TYPES`].
pub fn instance_type(name: &str) -> Option<&'static InstanceType> {
    INSTANCE_TYPES.iter().find(|t| t.name == name)
}

/// A container instance's status.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum InstanceStatus {
    /// Takes new tasks.
    Active,
    /// Takes no new tasks; service tasks are moved off.
    Draining,
    /// Deregistered (terminated or failed).
    Inactive,
}

/// An EC2 instance registered to the cluster.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContainerInstance {
    /// The container-instance id (32 hex digits).
    pub id: String,
    /// The EC2 instance id, `i-0…`.
    pub ec2_instance_id: String,
    /// The EC2 instance type.
    pub instance_type: String,
    /// Availability zone, e.g. `us-east-1a`.
    pub az: String,
    /// Registered CPU units.
    pub cpu_total: u32,
    /// Registered memory, MiB.
    pub memory_total: u32,
    /// CPU units reserved by tasks placed here that have not stopped.
    pub cpu_used: u32,
    /// Memory reserved by tasks placed here that have not stopped.
    pub memory_used: u32,
    /// Host ports taken by tasks here.
    pub ports_used: Vec<u16>,
    /// ACTIVE, DRAINING or INACTIVE.
    pub status: InstanceStatus,
    /// Built-in (`ecs.*`) and custom attributes.
    pub attributes: BTreeMap<String, String>,
    /// Live (not STOPPED) tasks here, by task group: the index placement reads.
    pub task_groups: BTreeMap<String, u32>,
    /// Live tasks here.
    pub running_tasks_count: u32,
    /// Registration order in the cluster (0, 1, 2, …): a small number placement indexes by.
    #[serde(default)]
    pub slot: u32,
}

impl ContainerInstance {
    /// CPU units not reserved.
    pub fn cpu_free(&self) -> u32 {
        self.cpu_total.saturating_sub(self.cpu_used)
    }

    /// Memory (MiB) not reserved.
    pub fn memory_free(&self) -> u32 {
        self.memory_total.saturating_sub(self.memory_used)
    }
}

/// A container health check (`healthCheck` in a container definition). Seconds throughout.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    /// `["CMD-SHELL", "curl -f http://localhost/ || exit 1"]` or `["CMD", …]`.
    pub command: Vec<String>,
    /// Seconds between checks (5–300, default 30).
    pub interval: u32,
    /// Seconds before a check counts as failed (2–60, default 5).
    pub timeout: u32,
    /// Consecutive failures before UNHEALTHY (1–10, default 3).
    pub retries: u32,
    /// Grace after start during which failures do not count (0–300, default 0).
    pub start_period: u32,
}

/// A port mapping of a container.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    /// Port inside the container.
    pub container_port: u16,
    /// Port on the host; `None` (or 0) means a dynamic port in bridge mode, which never clashes.
    pub host_port: Option<u16>,
}

/// A container inside a task definition.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    /// Container name.
    pub name: String,
    /// Image reference.
    pub image: String,
    /// Whether the task stops when this container stops.
    pub essential: bool,
    /// Container-level CPU units (0 = share the task's).
    pub cpu: u32,
    /// Container-level hard memory limit, MiB.
    pub memory: Option<u32>,
    /// Port mappings.
    pub port_mappings: Vec<PortMapping>,
    /// Optional container health check.
    pub health_check: Option<HealthCheck>,
}

impl ContainerDefinition {
    /// Fixed host ports this container takes on its instance (dynamic ports excluded).
    pub fn host_ports(&self) -> impl Iterator<Item = u16> + '_ {
        self.port_mappings.iter().filter_map(|p| p.host_port.filter(|h| *h != 0))
    }
}

/// What the task's process does once RUNNING (a simulator property of the task definition).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Workload {
    /// Serves until stopped (a web server, a queue worker).
    LongRunning,
    /// Does its job for `run_seconds`, then the essential container exits with `exit_code`.
    #[serde(rename_all = "camelCase")]
    Batch {
        /// How long one run takes.
        run_seconds: u64,
        /// 0 is success; anything else a failure.
        exit_code: i32,
    },
}

/// Faults a learner can build into a revision, so failures can be taught (simulator only).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Faults {
    /// The image cannot be pulled: tasks stop in PENDING with `CannotPullContainerError`.
    #[serde(default)]
    pub image_pull_fails: bool,
    /// The essential container's health check always fails once running.
    #[serde(default)]
    pub unhealthy: bool,
}

/// A registered task definition revision, `family:revision`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    /// The family name.
    pub family: String,
    /// The revision, from 1.
    pub revision: u32,
    /// Task-level CPU units.
    pub cpu: u32,
    /// Task-level memory, MiB.
    pub memory: u32,
    /// `awsvpc`, `bridge` or `host`.
    pub network_mode: String,
    /// `EC2` and/or `FARGATE`.
    pub requires_compatibilities: Vec<LaunchType>,
    /// The containers.
    pub containers: Vec<ContainerDefinition>,
    /// What the task does once running.
    pub workload: Workload,
    /// Built-in failures, for teaching.
    #[serde(default)]
    pub faults: Faults,
}

impl TaskDefinition {
    /// `family:revision`.
    pub fn name(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    /// Fixed host ports a task of this definition takes on an EC2 instance.
    pub fn host_ports(&self) -> Vec<u16> {
        self.containers.iter().flat_map(|c| c.host_ports()).collect()
    }

    /// The health check of the first essential container that has one.
    pub fn health_check(&self) -> Option<&HealthCheck> {
        self.containers.iter().filter(|c| c.essential).find_map(|c| c.health_check.as_ref())
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
    /// The circuit breaker tripped.
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
    /// Target average CPU, percent.
    pub target_cpu_percent: u32,
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
    /// EC2 or FARGATE.
    pub launch_type: LaunchType,
    /// REPLICA or DAEMON.
    pub scheduling_strategy: SchedulingStrategy,
    /// ACTIVE, DRAINING or INACTIVE.
    pub status: ServiceStatus,
    /// Placement strategies (empty: spread by AZ, then instance).
    pub placement_strategy: Vec<crate::placement::Strategy>,
    /// Placement constraints.
    pub placement_constraints: Vec<crate::placement::Constraint>,
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
    /// True once "unable to stop or start tasks" was reported for the current deployment.
    pub stuck_reported: bool,
    /// Tasks in a row that stopped before reaching RUNNING (the throttle's count).
    pub start_failures: u32,
    /// While throttled, no task is started before this time.
    pub throttled_until: Option<Millis>,
    /// Target tracking policy, if any.
    pub scaling: Option<ScalingPolicy>,
    /// Simulated CPU demand, percent of one task (see `Command::SetLoad`).
    pub cpu_demand_percent: u32,
    /// Tasks stopped for failed health checks whose replacements have not been reported yet.
    pub unhealthy_replacements: u32,
    /// Recent (time, running, desired) samples for a sparkline; bounded.
    pub history: Vec<(Millis, u32, u32)>,
    /// The newest deployment that reached COMPLETED, kept after its tasks are gone (and it left
    /// `deployments`): where a circuit-breaker rollback goes.
    #[serde(default)]
    pub last_completed: Option<Deployment>,
    /// The last placement failure reported, and when: the same one is not repeated on every
    /// retry (see `PLACEMENT_REPEAT`), so the log stays readable.
    #[serde(default)]
    pub placement_reported: Option<(Millis, String)>,
}

impl Service {
    /// The PRIMARY deployment.
    pub fn primary(&self) -> &Deployment {
        &self.deployments[0]
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

/// An EventBridge Scheduler schedule that runs standalone tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScheduleRecord {
    /// Name.
    pub name: String,
    /// The expression as given.
    pub expression: String,
    /// Task definition to run.
    pub task_definition: String,
    /// Tasks per run.
    pub count: u32,
    /// EC2 or FARGATE.
    pub launch_type: LaunchType,
    /// Next fire time, if any.
    pub next_run: Option<Millis>,
    /// How many times it has fired.
    pub runs: u32,
}
