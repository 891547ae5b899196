//! What one script line means, before it meets a cluster: [`Stmt`] and the task, instance and
//! check descriptions it carries. Parsing makes these; `session` turns them into commands.

use crate::command::Command;
use crate::model::ScalingMetric;
use crate::time::Millis;

/// One parsed line of a script or of the console.
#[derive(Clone, Debug, PartialEq)]
pub enum Stmt {
    /// A command that needs nothing from the cluster to be complete (most `aws ecs` lines).
    Apply(Command),
    /// `describe-…` / `list-…`: prints JSON shaped like the AWS CLI's.
    Query(Query),
    /// `advance 90s`: moves virtual time forward.
    Advance(Millis),
    /// `seed 42`: the run's seed (only before any other line).
    Seed(u64),
    /// `kill …`, `crash …`, `unhealthy …`, `label …`: acts on a task picked by position or label.
    Task {
        /// What to do to it.
        action: TaskAction,
        /// Which task.
        task: TaskRef,
        /// `as NAME`: remember the task under this name for later lines.
        label: Option<String>,
    },
    /// `drain instance 2`, `fail instance 1`, `activate instance 2`.
    Instance {
        /// What to do to it.
        action: InstanceAction,
        /// Which instance.
        instance: InstanceRef,
    },
    /// `add instance t3.medium` without `az`: goes to the zone with the fewest instances.
    AddInstance {
        /// Catalogue instance type.
        instance_type: String,
    },
    /// `expect …`: a check that fails the run when it does not hold.
    Expect(Expect),
    /// Guided scenarios: `step "Title"` starts a step.
    Step(String),
    /// Guided scenarios: `say "…"` is narration for the current step.
    Say(String),
    /// `help [topic]`.
    Help(Option<String>),
    /// `aws application-autoscaling register-scalable-target`: the service's capacity range,
    /// remembered by the session until `put-scaling-policy` attaches a policy to it.
    ScalableTarget {
        /// Service name.
        service: String,
        /// Lowest desired count.
        min_capacity: u32,
        /// Highest desired count.
        max_capacity: u32,
    },
    /// `aws application-autoscaling put-scaling-policy`: target tracking on average CPU, for
    /// the range registered for the service.
    ScalingPolicy {
        /// Service name.
        service: String,
        /// The metric tracked.
        metric: ScalingMetric,
        /// Its target.
        target_value: u32,
        /// Seconds between scale-outs.
        scale_out_cooldown: u32,
        /// Seconds between scale-ins.
        scale_in_cooldown: u32,
    },
}

/// A task picked without knowing its random id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskRef {
    /// `service web task 2`: the 2nd of the service's RUNNING tasks, oldest first.
    Service {
        /// Service name.
        service: String,
        /// 1-based position.
        position: usize,
    },
    /// `standalone [group G] task 1`: the 1st RUNNING standalone task (of the group), oldest first.
    Standalone {
        /// Task group, e.g. `family:worker`.
        group: Option<String>,
        /// 1-based position.
        position: usize,
    },
    /// `task NAME`: a label given earlier with `as NAME`, or a task id (or unique prefix).
    Named(String),
}

/// What to do to a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TaskAction {
    /// `kill`: `aws ecs stop-task` (stopCode UserInitiated).
    Kill,
    /// `crash … [exit N]`: the essential container exits with code N (default 1).
    Crash(i32),
    /// `unhealthy`: the container health check starts failing.
    Unhealthy,
    /// `label … as NAME`: only remember it.
    Label,
}

/// A container instance picked by position or id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InstanceRef {
    /// 1-based position among all instances ordered by availability zone, then EC2 id.
    Position(usize),
    /// Container-instance id, EC2 instance id, or a unique prefix.
    Id(String),
}

/// What to do to an instance.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum InstanceAction {
    /// Set it DRAINING.
    Drain,
    /// Set it ACTIVE again.
    Activate,
    /// Terminate it (its tasks stop at once).
    Fail,
}

/// A read-only AWS CLI call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Query {
    /// `describe-services --services a b`.
    DescribeServices(Vec<String>),
    /// `describe-tasks --tasks ID…` (ids, prefixes or labels).
    DescribeTasks(Vec<String>),
    /// `list-tasks`.
    ListTasks {
        /// `--service-name`.
        service: Option<String>,
        /// `--desired-status RUNNING|STOPPED`.
        desired_status: Option<String>,
        /// `--family`.
        family: Option<String>,
    },
    /// `list-services`.
    ListServices,
    /// `describe-task-definition --task-definition fam[:rev]`.
    DescribeTaskDefinition(String),
    /// `describe-container-instances --container-instances ID…` (ids, EC2 ids or ARNs).
    DescribeContainerInstances(Vec<String>),
    /// `list-container-instances [--status ACTIVE|DRAINING]`.
    ListContainerInstances(Option<String>),
}

/// Which count of a service.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ServiceCount {
    /// RUNNING tasks.
    Running,
    /// Starting tasks.
    Pending,
    /// desiredCount.
    Desired,
}

/// A check. Each reports what it found when it fails.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expect {
    /// `expect service web running 3` (or `pending`, `desired`).
    ServiceCount {
        /// Service name.
        service: String,
        /// Which count.
        which: ServiceCount,
        /// The expected value.
        n: u32,
    },
    /// `expect service web steady`.
    Steady(String),
    /// `expect service web status ACTIVE|DRAINING|INACTIVE`.
    ServiceStatus(String, String),
    /// `expect service web task-definition web:2`: the PRIMARY deployment's.
    ServiceTaskDefinition(String, String),
    /// `expect deployment web rollout COMPLETED`: the PRIMARY deployment's rolloutState.
    Rollout(String, String),
    /// `expect deployment web count 1`: deployments listed by describe-services.
    Deployments(String, usize),
    /// `expect standalone [group G] running|stopped N`.
    Standalone {
        /// Task group filter.
        group: Option<String>,
        /// true: RUNNING tasks; false: STOPPED ones still visible.
        running: bool,
        /// Expected number.
        n: usize,
    },
    /// `expect task NAME status STOPPED` (also `desired`, `stop-code`, `exit-code`, `health`).
    Task {
        /// Which task.
        task: TaskRef,
        /// `status`, `desired`, `stop-code`, `exit-code`, `health` or `reason` (a substring).
        field: String,
        /// The expected value.
        value: String,
    },
    /// `expect instance 2 status DRAINING`.
    InstanceStatus(InstanceRef, String),
    /// `expect event KIND field=value…` (the event's facts) or `expect event "…"` (its message
    /// contains the text); `expect no event …` for the opposite.
    Event {
        /// What to look for.
        what: EventCheck,
        /// false for `expect no event`.
        present: bool,
    },
    /// `expect output "…"`: the previous line's output contains the text.
    Output(String),
}

/// What an `expect event` line looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EventCheck {
    /// An event of a kind, with field values.
    Kind(crate::event::EventFilter),
    /// An event whose message contains the text.
    Text(String),
}

impl EventCheck {
    /// Whether the event is one this check looks for.
    pub fn matches(&self, e: &crate::event::Event) -> bool {
        match self {
            EventCheck::Kind(f) => f.matches(e),
            EventCheck::Text(t) => e.message().contains(t.as_str()),
        }
    }
}

impl std::fmt::Display for EventCheck {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EventCheck::Kind(k) => write!(f, "a {k} event"),
            EventCheck::Text(t) => write!(f, "an event containing \"{t}\""),
        }
    }
}
