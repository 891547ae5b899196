//! Read-only AWS CLI calls answered from the simulation, as JSON shaped like the CLI's output
//! (camelCase keys, ARNs, `failures` lists), plus the state snapshot `ecs-sim run --json` prints.

use super::stmt::Query;
use crate::error::SimError;
use crate::event::Scope;
use crate::model::*;
use crate::op::Op;
use crate::sim::Simulation;
use crate::time::Millis;
use serde_json::{json, Value};

/// How many of a service's latest events describe-services returns (API `Service.events`).
pub const SERVICE_EVENTS: usize = 100;

/// The account id the simulator puts in ARNs.
pub const ACCOUNT: &str = "123456789012";

fn arn(sim: &Simulation, kind: &str, rest: &str) -> String {
    format!("arn:aws:ecs:{}:{ACCOUNT}:{kind}/{rest}", sim.config().region)
}

fn cluster_arn(sim: &Simulation) -> String {
    arn(sim, "cluster", &sim.config().cluster)
}

fn task_arn(sim: &Simulation, id: &str) -> String {
    arn(sim, "task", &format!("{}/{id}", sim.config().cluster))
}

fn task_definition_arn(sim: &Simulation, name: &str) -> String {
    arn(sim, "task-definition", name)
}

/// A virtual instant as the AWS CLI prints timestamps: `2026-11-24T08:00:05.000000+00:00`.
pub fn timestamp(sim: &Simulation, at: Millis) -> String {
    let ms = sim.config().start_unix_ms.saturating_add(i64::try_from(at.0).unwrap_or(i64::MAX / 2));
    let (days, rem) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (y, m, d) = crate::schedule::civil_from_days(days);
    let s = rem / 1000;
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}000+00:00", s / 3600, (s / 60) % 60, s % 60, rem % 1000)
}

/// An object of these members, built by one shared function rather than by `json!`, whose
/// inlined inserts and per-type serializers cost kilobytes of wasm for the same JSON.
#[inline(never)]
pub(crate) fn obj(members: &mut [(&str, Value)]) -> Value {
    // Inserted one by one: collecting would sort and bulk-build, more code for a few members.
    let mut map = serde_json::Map::new();
    for (k, v) in members {
        map.insert(k.to_string(), std::mem::take(v));
    }
    Value::Object(map)
}

/// `m` without its member `key`, as `Map::remove` leaves it, rebuilt by inserting the other
/// members: the page's only `remove` from a JSON map would bring the tree's removal and
/// rebalancing code for `Map<String, Value>` (the tasks' map has its own copy).
fn drop_member(m: &mut serde_json::Map<String, Value>, key: &str) {
    for (k, v) in std::mem::take(m) {
        if k != key {
            m.insert(k, v);
        }
    }
}

/// A list of values, as `json!` makes it from a `Vec`.
pub(crate) fn list(items: Vec<Value>) -> Value {
    Value::Array(items)
}

/// One task as `describe-tasks` prints it.
pub fn task_json(sim: &Simulation, t: &Task) -> Value {
    let container = sim.task_definitions().get(&t.task_definition).and_then(|d| d.containers.first());
    let mut members = [
        ("taskArn", task_arn(sim, &t.id).into()),
        ("clusterArn", cluster_arn(sim).into()),
        ("taskDefinitionArn", task_definition_arn(sim, &t.task_definition).into()),
        ("group", t.group.as_str().into()),
        ("launchType", t.launch_type.as_str().into()),
        ("availabilityZone", t.az.as_str().into()),
        ("lastStatus", t.last_status.as_str().into()),
        (
            "desiredStatus",
            match t.desired_status {
                DesiredStatus::Running => "RUNNING",
                DesiredStatus::Stopped => "STOPPED",
            }
            .into(),
        ),
        ("healthStatus", t.health_status.as_str().into()),
        ("cpu", t.cpu.to_string().into()),
        ("memory", t.memory.to_string().into()),
        ("createdAt", timestamp(sim, t.created_at).into()),
        (
            "containers",
            list(vec![obj(&mut [
                ("name", container.map_or("", |c| c.name.as_str()).into()),
                ("image", container.map_or("", |c| c.image.as_str()).into()),
                ("lastStatus", t.last_status.as_str().into()),
                ("exitCode", t.exit_code.into()),
                ("healthStatus", t.health_status.as_str().into()),
            ])]),
        ),
    ];
    let mut v = obj(&mut members);
    let m = v.as_object_mut().expect("obj makes an object");
    let optional = [
        ("startedBy", t.started_by.clone()),
        ("capacityProviderName", t.capacity_provider.map(|p| p.as_str().to_string())),
        (
            "containerInstanceArn",
            t.container_instance.as_ref().map(|ci| arn(sim, "container-instance", &format!("{}/{ci}", sim.config().cluster))),
        ),
        ("startedAt", t.started_at.map(|at| timestamp(sim, at))),
        ("stopCode", t.stop_code.map(|c| c.as_str().to_string())),
        ("stoppedReason", t.stopped_reason.clone()),
        ("stoppedAt", t.stopped_at.map(|at| timestamp(sim, at))),
    ];
    for (k, x) in optional {
        if let Some(x) = x {
            m.insert(k.to_string(), Value::String(x));
        }
    }
    v
}
/// One service as `describe-services` prints it (its latest 10 events, newest first).
pub fn service_json(sim: &Simulation, s: &Service) -> Value {
    let (running, pending) = sim.service_counts(&s.name);
    let deployments: Vec<Value> = s
        .deployments
        .iter()
        .map(|d| {
            let (mut r, mut p) = (0, 0);
            for t in sim
                .service_tasks(&s.name)
                .filter(|t| t.desired_status == DesiredStatus::Running && t.started_by.as_deref() == Some(d.id.as_str()))
            {
                if t.last_status == TaskStatus::Running {
                    r += 1;
                } else if t.last_status.is_starting() {
                    p += 1;
                }
            }
            obj(&mut [
                ("id", d.id.as_str().into()),
                (
                    "status",
                    match d.status {
                        DeploymentStatus::Primary => "PRIMARY",
                        DeploymentStatus::Active => "ACTIVE",
                        DeploymentStatus::Inactive => "INACTIVE",
                    }
                    .into(),
                ),
                ("taskDefinition", task_definition_arn(sim, &d.task_definition).into()),
                ("desiredCount", (if d.status == DeploymentStatus::Primary { s.desired_count } else { 0 }).into()),
                ("runningCount", r.into()),
                ("pendingCount", p.into()),
                ("failedTasks", d.failed_tasks.into()),
                ("launchType", s.launch_type.as_str().into()),
                ("rolloutState", d.rollout_state.as_str().into()),
                ("rolloutStateReason", d.rollout_state_reason.as_str().into()),
                ("createdAt", timestamp(sim, d.created_at).into()),
            ])
        })
        .collect();
    let events: Vec<Value> = sim
        .events()
        .iter()
        .rev()
        .filter(|e| e.kind.scope() == Scope::Service && e.service() == Some(s.name.as_str()))
        // API Service.events: "A maximum of 100 of the latest events are displayed."
        .take(SERVICE_EVENTS)
        .map(|e| obj(&mut [("id", e.id.to_string().into()), ("createdAt", timestamp(sim, e.at).into()), ("message", e.message().into())]))
        .collect();
    let dc = &s.deployment_configuration;
    let mut config =
        obj(&mut [("maximumPercent", dc.maximum_percent.into()), ("minimumHealthyPercent", dc.minimum_healthy_percent.into())]);
    if let Some(b) = dc.deployment_circuit_breaker {
        config["deploymentCircuitBreaker"] = obj(&mut [
            ("enable", b.enable.into()),
            ("rollback", b.rollback.into()),
            ("resetOnHealthyTask", b.reset_on_healthy_task.into()),
        ]);
    }
    let load_balancers = s.load_balancer.iter().map(|lb| {
        obj(&mut [
            ("targetGroupArn", lb.target_group_arn.as_str().into()),
            ("containerName", lb.container_name.as_str().into()),
            ("containerPort", lb.container_port.into()),
        ])
    });
    let mut out = obj(&mut [
        ("serviceArn", arn(sim, "service", &format!("{}/{}", sim.config().cluster, s.name)).into()),
        ("serviceName", s.name.as_str().into()),
        ("clusterArn", cluster_arn(sim).into()),
        (
            "status",
            match s.status {
                ServiceStatus::Active => "ACTIVE",
                ServiceStatus::Draining => "DRAINING",
                ServiceStatus::Inactive => "INACTIVE",
            }
            .into(),
        ),
        ("desiredCount", s.desired_count.into()),
        ("runningCount", running.into()),
        ("pendingCount", pending.into()),
        ("launchType", s.launch_type.as_str().into()),
        ("taskDefinition", task_definition_arn(sim, &s.task_definition).into()),
        ("deploymentConfiguration", config),
        ("deployments", list(deployments)),
        ("loadBalancers", list(load_balancers.collect())),
        ("placementConstraints", reparse(serde_json::to_string(&s.placement_constraints))),
        ("placementStrategy", reparse(serde_json::to_string(&s.placement_strategy))),
        (
            "schedulingStrategy",
            match s.scheduling_strategy {
                SchedulingStrategy::Replica => "REPLICA",
                SchedulingStrategy::Daemon => "DAEMON",
            }
            .into(),
        ),
        ("healthCheckGracePeriodSeconds", s.health_check_grace_period_seconds.into()),
        ("availabilityZoneRebalancing", s.availability_zone_rebalancing.as_str().into()),
        ("createdAt", timestamp(sim, s.created_at).into()),
        ("events", list(events)),
    ]);
    // A service of a capacity provider strategy shows the strategy in place of a launch type, as
    // do its deployments.
    if !s.capacity_provider_strategy.is_empty() {
        let strategy = reparse(serde_json::to_string(&s.capacity_provider_strategy));
        let swap = |v: &mut Value| {
            if let Some(m) = v.as_object_mut() {
                drop_member(m, "launchType");
                m.insert("capacityProviderStrategy".into(), strategy.clone());
            }
        };
        out["deployments"].as_array_mut().into_iter().flatten().for_each(swap);
        swap(&mut out);
    }
    out
}

/// The value of JSON text that serde wrote. Going through the text uses the serializer and the
/// parser the page has anyway, where `to_value` would add a third, value-building serializer.
fn reparse(text: serde_json::Result<String>) -> Value {
    text.ok().and_then(|t| serde_json::from_str(&t).ok()).unwrap_or_default()
}

/// A `failures` entry for an ARN that names nothing.
/// One container instance as `describe-container-instances` prints it (API `ContainerInstance`):
/// status, running and pending task counts, remaining and registered resources (CPU, MEMORY,
/// PORTS), whether its agent is connected, and its attributes.
pub fn container_instance_json(sim: &Simulation, i: &ContainerInstance) -> Value {
    let resource = |name: &str, v: u32| obj(&mut [("name", name.into()), ("type", "INTEGER".into()), ("integerValue", v.into())]);
    let ports = |p: Vec<String>| obj(&mut [("name", "PORTS".into()), ("type", "STRINGSET".into()), ("stringSetValue", p.into())]);
    let pending = sim
        .tasks()
        .values()
        .filter(|t| {
            t.container_instance.as_deref() == Some(i.id.as_str())
                && t.desired_status == DesiredStatus::Running
                && t.last_status.is_starting()
        })
        .count();
    let attributes: Vec<Value> =
        i.attributes.iter().map(|(k, v)| obj(&mut [("name", k.as_str().into()), ("value", v.as_str().into())])).collect();
    obj(&mut [
        ("containerInstanceArn", arn(sim, "container-instance", &format!("{}/{}", sim.config().cluster, i.id)).into()),
        ("ec2InstanceId", i.ec2_instance_id.as_str().into()),
        (
            "remainingResources",
            list(vec![
                resource("CPU", i.cpu_free()),
                resource("MEMORY", i.memory_free()),
                ports(i.ports_used.iter().map(u16::to_string).collect()),
            ]),
        ),
        ("registeredResources", list(vec![resource("CPU", i.cpu_total), resource("MEMORY", i.memory_total), ports(vec![])])),
        ("status", i.status.as_str().into()),
        ("agentConnected", (i.status != InstanceStatus::Inactive).into()),
        ("runningTasksCount", i.running_tasks_count.into()),
        ("pendingTasksCount", pending.into()),
        ("attributes", list(attributes)),
    ])
}

fn missing(arn: String) -> Value {
    obj(&mut [("arn", arn.into()), ("reason", "MISSING".into())])
}

/// Answers a query. `resolve` maps a task id, prefix or script label to a task id. The error is
/// ECS's, for a service or task definition that does not exist.
pub fn answer(sim: &Simulation, q: &Query, resolve: &dyn Fn(&str) -> Option<String>) -> Result<Value, SimError> {
    let c = &sim.config().cluster;
    Ok(match q {
        Query::DescribeServices(names) => {
            let mut services = Vec::new();
            let mut failures = Vec::new();
            for n in names {
                let name = n.rsplit('/').next().unwrap_or(n);
                match sim.services().get(name) {
                    Some(s) => services.push(service_json(sim, s)),
                    None => failures.push(missing(arn(sim, "service", &format!("{c}/{name}")))),
                }
            }
            obj(&mut [("services", list(services)), ("failures", list(failures))])
        }
        Query::DescribeTasks(ids) => {
            let mut tasks = Vec::new();
            let mut failures = Vec::new();
            for id in ids {
                let key = id.rsplit('/').next().unwrap_or(id);
                match resolve(key).and_then(|full| sim.task(&full)) {
                    Some(t) => tasks.push(task_json(sim, t)),
                    None => failures.push(missing(task_arn(sim, key))),
                }
            }
            obj(&mut [("tasks", list(tasks)), ("failures", list(failures))])
        }
        Query::ListTasks { service, desired_status, family } => {
            if let Some(s) = service {
                if !sim.services().contains_key(s) {
                    return Err(SimError::ServiceNotFound { op: Op::ListTasks, name: s.clone() });
                }
            }
            let want = desired_status.as_deref().unwrap_or("RUNNING");
            let arns: Vec<String> = sim
                .tasks()
                .values()
                .filter(|t| service.as_ref().is_none_or(|s| t.service.as_deref() == Some(s.as_str())))
                .filter(|t| family.as_ref().is_none_or(|f| t.task_definition.split(':').next() == Some(f.as_str())))
                .filter(|t| match want {
                    "STOPPED" => t.desired_status == DesiredStatus::Stopped,
                    "PENDING" => t.desired_status == DesiredStatus::Running && t.last_status.is_starting(),
                    _ => t.desired_status == DesiredStatus::Running,
                })
                .map(|t| task_arn(sim, &t.id))
                .collect();
            obj(&mut [("taskArns", arns.into())])
        }
        Query::DescribeContainerInstances(ids) => {
            let mut found = Vec::new();
            let mut failures = Vec::new();
            for id in ids {
                let key = id.rsplit('/').next().unwrap_or(id);
                match sim.find_instance(Op::DescribeContainerInstances, key) {
                    Ok(i) => found.push(container_instance_json(sim, i)),
                    Err(_) => failures.push(missing(arn(sim, "container-instance", &format!("{c}/{key}")))),
                }
            }
            obj(&mut [("containerInstances", list(found)), ("failures", list(failures))])
        }
        Query::ListContainerInstances(status) => {
            // ECS lists the instances of every status but INACTIVE unless one is asked for.
            let arns: Vec<String> = sim
                .instances()
                .values()
                .filter(|i| i.status != InstanceStatus::Inactive && status.as_deref().is_none_or(|s| i.status.as_str() == s))
                .map(|i| arn(sim, "container-instance", &format!("{c}/{}", i.id)))
                .collect();
            obj(&mut [("containerInstanceArns", arns.into())])
        }
        Query::ListServices => {
            let arns: Vec<String> = sim
                .services()
                .values()
                .filter(|s| s.status != ServiceStatus::Inactive)
                .map(|s| arn(sim, "service", &format!("{c}/{}", s.name)))
                .collect();
            obj(&mut [("serviceArns", arns.into())])
        }
        Query::DescribeTaskDefinition(name) => {
            let key = name.rsplit('/').next().unwrap_or(name);
            let td = if key.contains(':') {
                sim.task_definitions().get(key)
            } else {
                sim.task_definitions().values().filter(|d| d.family == key).max_by_key(|d| d.revision)
            };
            let Some(td) = td else {
                return Err(SimError::TaskDefinitionNotFound { op: Op::DescribeTaskDefinition, name: key.to_string() });
            };
            let mut v: Value = serde_json::from_str(&crate::taskdef::to_json(td)).unwrap_or(Value::Null);
            if let Some(o) = v.as_object_mut() {
                // The simulator's own fault settings are no part of what ECS answers.
                drop_member(o, "x-ecs-sim");
                o.insert("taskDefinitionArn".into(), task_definition_arn(sim, &td.name()).into());
                o.insert("revision".into(), td.revision.into());
                o.insert("status".into(), "ACTIVE".into());
            }
            obj(&mut [("taskDefinition", v)])
        }
    })
}

/// The order the AWS CLI prints an object's members in (the API's order), chosen by the key
/// the object sits under; members not listed follow alphabetically. ECS itself lists a task's
/// members alphabetically.
fn member_order(parent: &str) -> &'static [&'static str] {
    match parent {
        "" => &["services", "service", "tasks", "task", "taskDefinition", "taskArns", "serviceArns", "failures"],
        "services" | "service" => &[
            "serviceArn",
            "serviceName",
            "clusterArn",
            "loadBalancers",
            "status",
            "desiredCount",
            "runningCount",
            "pendingCount",
            "launchType",
            "taskDefinition",
            "deploymentConfiguration",
            "deployments",
            "events",
            "createdAt",
            "placementConstraints",
            "placementStrategy",
            "healthCheckGracePeriodSeconds",
            "schedulingStrategy",
        ],
        "deployments" => &[
            "id",
            "status",
            "taskDefinition",
            "desiredCount",
            "pendingCount",
            "runningCount",
            "failedTasks",
            "createdAt",
            "launchType",
            "rolloutState",
            "rolloutStateReason",
        ],
        "events" => &["id", "createdAt", "message"],
        "failures" => &["arn", "reason"],
        "loadBalancers" => &["targetGroupArn", "containerName", "containerPort"],
        "placementStrategy" | "placementConstraints" => &["type"],
        "taskDefinition" => &[
            "taskDefinitionArn",
            "containerDefinitions",
            "family",
            "networkMode",
            "revision",
            "status",
            "requiresCompatibilities",
            "cpu",
            "memory",
        ],
        "containerDefinitions" => &["name", "image", "cpu", "memory", "memoryReservation", "portMappings", "essential", "healthCheck"],
        "portMappings" => &["containerPort", "hostPort"],
        "healthCheck" => &["command", "interval", "timeout", "retries", "startPeriod"],
        "containers" => &["name", "image", "lastStatus", "exitCode"],
        _ => &[],
    }
}

/// JSON as the AWS CLI prints it (`--output json`): four-space indents, members in the API's
/// order, absent (null) members left out.
pub fn cli_json(v: &Value) -> String {
    let mut out = String::new();
    write_json(&mut out, v, "", 0);
    out
}

fn write_json(out: &mut String, v: &Value, parent: &str, depth: usize) {
    let pad = |out: &mut String, d: usize| out.push_str(&"    ".repeat(d));
    match v {
        Value::Object(m) => {
            let order = member_order(parent);
            let mut members: Vec<(&String, &Value)> = m.iter().filter(|(_, v)| !v.is_null()).collect();
            let rank = |k: &str| order.iter().position(|o| *o == k).unwrap_or(order.len());
            super::sort_by(&mut members, &|a, b| rank(a.0).cmp(&rank(b.0)));
            if members.is_empty() {
                return out.push_str("{}");
            }
            out.push_str("{\n");
            for (i, (k, v)) in members.iter().enumerate() {
                pad(out, depth + 1);
                out.push_str(&Value::String(k.to_string()).to_string());
                out.push_str(": ");
                write_json(out, v, k, depth + 1);
                out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
            }
            pad(out, depth);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                pad(out, depth + 1);
                write_json(out, item, parent, depth + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            pad(out, depth);
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

/// The state snapshot `ecs-sim run --json` prints: every task and service, at the current time.
pub fn snapshot(sim: &Simulation) -> Value {
    let tasks: Vec<Value> = sim
        .tasks()
        .values()
        .map(|t| {
            json!({
                "taskId": t.id,
                "group": t.group,
                "taskDefinition": t.task_definition,
                "lastStatus": t.last_status.as_str(),
                "desiredStatus": match t.desired_status { DesiredStatus::Running => "RUNNING", DesiredStatus::Stopped => "STOPPED" },
                "stopCode": t.stop_code.map(StopCode::as_str),
                "stoppedReason": t.stopped_reason,
                "exitCode": t.exit_code,
                "availabilityZone": t.az,
            })
        })
        .collect();
    let services: Vec<Value> = sim
        .services()
        .values()
        .map(|s| {
            let (running, pending) = sim.service_counts(&s.name);
            json!({
                "serviceName": s.name,
                "status": match s.status { ServiceStatus::Active => "ACTIVE", ServiceStatus::Draining => "DRAINING", ServiceStatus::Inactive => "INACTIVE" },
                "desiredCount": s.desired_count,
                "runningCount": running,
                "pendingCount": pending,
                "deployments": s.deployments.iter().map(|d| json!({
                    "id": d.id,
                    "taskDefinition": d.task_definition,
                    "rolloutState": d.rollout_state.as_str(),
                    "failedTasks": d.failed_tasks,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({"time": sim.now().to_string(), "services": services, "tasks": tasks})
}
