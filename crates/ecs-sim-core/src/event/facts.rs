//! [`EventKind::facts`]: every event's facts as named values, in one place. The JSON form of an
//! event (the page's export, the embed API) and `expect event` filters both read these, so a
//! field has one name everywhere.
//!
//! Hand-written rather than derived: serde's derive would generate a serializer per variant for
//! each output format, about 8 KB of wasm each; this table plus one loop is a fraction of that.

use super::{EventKind, ScalingReason, TaskRef};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;

/// One fact's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fact<'a> {
    /// A name, an id, an ECS keyword such as `RUNNING`.
    Text(&'a str),
    /// A count, a percentage, an exit code, a time in milliseconds.
    Number(i64),
    /// Not known or not applicable (`null` in JSON, `none` in a filter).
    Absent,
    /// A list of ids.
    List(&'a [String]),
}

impl<'a> Fact<'a> {
    fn text(s: &'a Option<String>) -> Fact<'a> {
        s.as_deref().map_or(Fact::Absent, Fact::Text)
    }

    fn number(n: Option<i64>) -> Fact<'a> {
        n.map_or(Fact::Absent, Fact::Number)
    }

    /// Whether the fact has the value a filter wrote (`none` for absent; a list holds it).
    pub fn holds(&self, want: &str) -> bool {
        match self {
            Fact::Text(s) => *s == want,
            Fact::Number(n) => n.to_string() == want,
            Fact::Absent => want == "none",
            Fact::List(items) => items.iter().any(|i| i == want),
        }
    }
}

type Facts<'a> = Vec<(&'static str, Fact<'a>)>;

fn task(t: &TaskRef) -> Facts<'_> {
    vec![("task", Fact::Text(&t.task)), ("service", Fact::text(&t.service)), ("group", Fact::Text(&t.group))]
}

fn with<'a>(mut facts: Facts<'a>, more: impl IntoIterator<Item = (&'static str, Fact<'a>)>) -> Facts<'a> {
    facts.extend(more);
    facts
}

/// A service's zones with the fewest and the most of its tasks in any of them.
fn spread<'a>(service: &'a str, zones: &'a [String], per_zone: &[u32]) -> Facts<'a> {
    let (fewest, most) = (per_zone.iter().min().copied().unwrap_or(0), per_zone.iter().max().copied().unwrap_or(0));
    vec![
        ("service", Fact::Text(service)),
        ("zones", Fact::List(zones)),
        ("fewest", Fact::Number(i64::from(fewest))),
        ("most", Fact::Number(i64::from(most))),
    ]
}

impl EventKind {
    /// The kind's name (one of [`EventKind::NAMES`]) and its facts, in a fixed order.
    pub fn facts(&self) -> (&'static str, Facts<'_>) {
        use EventKind::*;
        use Fact::{List, Number, Text};
        let n = |v: u32| Number(i64::from(v));
        let count = |v: usize| Number(v as i64);
        match self {
            ClusterReady { cluster, region, instances } => {
                ("cluster-ready", vec![("cluster", Text(cluster)), ("region", Text(region)), ("instances", count(*instances))])
            }
            InstanceTypeSkipped { instance_type } => ("instance-type-skipped", vec![("instanceType", Text(instance_type))]),
            InstanceRegistered { instance, ec2_instance, instance_type, az } => (
                "instance-registered",
                vec![
                    ("instance", Text(instance)),
                    ("ec2Instance", Text(ec2_instance)),
                    ("instanceType", Text(instance_type)),
                    ("az", Text(az)),
                ],
            ),
            InstanceDraining { ec2_instance, standalone_left } => {
                ("instance-draining", vec![("ec2Instance", Text(ec2_instance)), ("standaloneLeft", count(*standalone_left))])
            }
            InstanceActive { ec2_instance } => ("instance-active", vec![("ec2Instance", Text(ec2_instance))]),
            InstanceTerminated { ec2_instance, tasks } => {
                ("instance-terminated", vec![("ec2Instance", Text(ec2_instance)), ("tasks", List(tasks))])
            }
            TaskDefinitionRegistered { task_definition } => ("task-definition-registered", vec![("taskDefinition", Text(task_definition))]),
            RunTaskNotPlaced { task_definition, requested, failures } => (
                "run-task-not-placed",
                vec![("taskDefinition", Text(task_definition)), ("requested", n(*requested)), ("failures", List(failures))],
            ),
            ScheduleCreated { schedule, expression, task_definition, first_run } => (
                "schedule-created",
                vec![
                    ("schedule", Text(schedule)),
                    ("expression", Text(expression)),
                    ("taskDefinition", Text(task_definition)),
                    ("firstRun", Fact::number(first_run.map(|t| t.0 as i64))),
                ],
            ),
            ScheduleDeleted { schedule } => ("schedule-deleted", vec![("schedule", Text(schedule))]),
            ScheduleFired { schedule, task_definition, tasks, failures } => (
                "schedule-fired",
                vec![
                    ("schedule", Text(schedule)),
                    ("taskDefinition", Text(task_definition)),
                    ("tasks", List(tasks)),
                    ("failures", List(failures)),
                ],
            ),
            TaskCreated { task: t, ec2_instance, az, task_definition, status, capacity_provider } => (
                "task-created",
                with(
                    task(t),
                    [
                        ("ec2Instance", Fact::text(ec2_instance)),
                        ("az", Text(az)),
                        ("taskDefinition", Text(task_definition)),
                        ("status", Text(status.as_str())),
                        ("capacityProvider", capacity_provider.map_or(Fact::Absent, |p| Text(p.as_str()))),
                    ],
                ),
            ),
            TaskRunning { task: t } => ("task-running", task(t)),
            TaskStopping { task: t, stop_code, reason, from, to, exit_code } => (
                "task-stopping",
                with(
                    task(t),
                    [
                        ("stopCode", Text(stop_code.as_str())),
                        ("reason", Text(reason)),
                        ("from", Text(from.as_str())),
                        ("to", Text(to.as_str())),
                        ("exitCode", Fact::number(exit_code.map(i64::from))),
                    ],
                ),
            ),
            SpotInterruptionWarning { task: t, stop_by } => {
                ("spot-interruption-warning", with(task(t), [("stopBy", Number(stop_by.0 as i64))]))
            }
            TaskStopped { task: t, stop_code, exit_code } => (
                "task-stopped",
                with(
                    task(t),
                    [
                        ("stopCode", stop_code.map_or(Fact::Absent, |c| Text(c.as_str()))),
                        ("exitCode", Fact::number(exit_code.map(i64::from))),
                    ],
                ),
            ),
            HealthFaultInjected { task: t } => ("health-fault-injected", task(t)),
            HealthUnobserved { task: t } => ("health-unobserved", task(t)),
            HealthStatusChanged { task: t, health } => ("health-status-changed", with(task(t), [("health", Text(health.as_str()))])),
            TargetUnhealthy { service, task, port, target_group } => (
                "target-unhealthy",
                vec![
                    ("service", Text(service)),
                    ("task", Text(task)),
                    ("port", Number(i64::from(*port))),
                    ("targetGroup", Text(target_group)),
                ],
            ),
            ContainerUnhealthy { service, task } => ("container-unhealthy", vec![("service", Text(service)), ("task", Text(task))]),
            TargetsRegistered { service, target_group, tasks } => {
                ("targets-registered", vec![("service", Text(service)), ("targetGroup", Text(target_group)), ("tasks", List(tasks))])
            }
            TargetsDeregistered { service, target_group, tasks } => {
                ("targets-deregistered", vec![("service", Text(service)), ("targetGroup", Text(target_group)), ("tasks", List(tasks))])
            }
            ConnectionsDraining { service, task_set, tasks } => {
                ("connections-draining", vec![("service", Text(service)), ("taskSet", Text(task_set)), ("tasks", List(tasks))])
            }
            AutoScaled { service, from, to, reason } => {
                let why = match reason {
                    ScalingReason::AboveTarget { metric, value, target } | ScalingReason::BelowTarget { metric, value, target } => {
                        let why = if matches!(reason, ScalingReason::AboveTarget { .. }) { "above-target" } else { "below-target" };
                        vec![("why", Text(why)), ("metric", Text(metric.as_str())), ("value", n(*value)), ("target", n(*target))]
                    }
                    ScalingReason::CapacityRange { min_capacity, max_capacity } => {
                        vec![("why", Text("capacity-range")), ("minCapacity", n(*min_capacity)), ("maxCapacity", n(*max_capacity))]
                    }
                };
                ("auto-scaled", with(vec![("service", Text(service)), ("from", n(*from)), ("to", n(*to))], why))
            }
            StartThrottled { service } => ("start-throttled", vec![("service", Text(service))]),
            DeploymentFailed { service, deployment, failed_tasks } => {
                ("deployment-failed", vec![("service", Text(service)), ("deployment", Text(deployment)), ("failedTasks", n(*failed_tasks))])
            }
            RollingBack { service, deployment, to } => {
                ("rolling-back", vec![("service", Text(service)), ("deployment", Text(deployment)), ("to", Text(to))])
            }
            DeploymentBlocked { service } => ("deployment-blocked", vec![("service", Text(service))]),
            TasksStarted { service, tasks, replaced_unhealthy } => {
                ("tasks-started", vec![("service", Text(service)), ("tasks", List(tasks)), ("replacedUnhealthy", n(*replaced_unhealthy))])
            }
            TaskNotPlaced { service, closest, missing } => (
                "task-not-placed",
                vec![
                    ("service", Text(service)),
                    ("closest", Fact::text(closest)),
                    ("missing", missing.map_or(Fact::Absent, |r| Text(r.as_str()))),
                ],
            ),
            SpotCapacityUnavailable { service } => ("spot-capacity-unavailable", vec![("service", Text(service))]),
            TasksStopped { service, tasks } => ("tasks-stopped", vec![("service", Text(service)), ("tasks", List(tasks))]),
            ServiceDeleted { service } => ("service-deleted", vec![("service", Text(service))]),
            DeploymentCompleted { service, deployment } => {
                ("deployment-completed", vec![("service", Text(service)), ("deployment", Text(deployment))])
            }
            SteadyState { service } => ("steady-state", vec![("service", Text(service))]),
            RebalancingStarted { service, zones, tasks_per_zone } => ("rebalancing-started", spread(service, zones, tasks_per_zone)),
            RebalancingCompleted { service, zones, tasks_per_zone } => ("rebalancing-completed", spread(service, zones, tasks_per_zone)),
            RebalanceTasksStarted { service, az, tasks } => {
                ("rebalance-tasks-started", vec![("service", Text(service)), ("az", Text(az)), ("tasks", List(tasks))])
            }
            RebalanceTasksStopped { service, az, tasks } => {
                ("rebalance-tasks-stopped", vec![("service", Text(service)), ("az", Text(az)), ("tasks", List(tasks))])
            }
        }
    }

    /// The kind's name, as `expect event` lines and the JSON `type` write it.
    pub fn name(&self) -> &'static str {
        self.facts().0
    }
}

impl Serialize for Fact<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Fact::Text(t) => s.serialize_str(t),
            Fact::Number(n) => s.serialize_i64(*n),
            Fact::Absent => s.serialize_none(),
            Fact::List(items) => s.collect_seq(items.iter()),
        }
    }
}

/// `{"type": NAME, FACT: VALUE, …}`.
impl Serialize for EventKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let (name, facts) = self.facts();
        let mut map = s.serialize_map(Some(facts.len() + 1))?;
        map.serialize_entry("type", name)?;
        for (k, v) in &facts {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}
