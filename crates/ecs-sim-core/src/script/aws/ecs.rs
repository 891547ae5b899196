//! `aws ecs OPERATION …`: each operation's flags turned into a [`Command`] or a [`Query`].

use super::args::{short, Args};
use super::ops::OPERATIONS;
use super::values::*;
use crate::command::Command;
use crate::model::{AzRebalancing, CapacityProvider, CapacityProviderItem, LaunchType, SchedulingStrategy};
use crate::op::Op;
use crate::placement::{Constraint, Resource, Strategy};
use crate::script::parse_error::AwsError;
use crate::script::stmt::{Query, Stmt};
use serde_json::{Map, Value};

/// The statement an `aws ecs` operation's arguments stand for.
pub(super) fn operation(a: &Args) -> Result<Stmt, Fail> {
    let cmd = match a.op {
        Op::CreateService => create_service(a)?,
        Op::UpdateService => Command::UpdateService {
            service: short(a.required("--service")?),
            desired_count: a.int("--desired-count", "desiredCount")?,
            task_definition: a.one("--task-definition").map(short),
            force_new_deployment: a.has("--force-new-deployment"),
            deployment_configuration: a.one("--deployment-configuration").map(deployment_configuration).transpose()?,
            availability_zone_rebalancing: az_rebalancing(a)?,
            capacity_provider_strategy: a.has("--capacity-provider-strategy").then(|| capacity_providers(a)).transpose()?,
        },
        Op::DeleteService => Command::DeleteService { service: short(a.required("--service")?), force: a.has("--force") },
        Op::RunTask => {
            if let Some(o) = a.one("--overrides") {
                param("--overrides", o)?;
            }
            network_configuration(a)?;
            Command::RunTask {
                task_definition: short(a.required("--task-definition")?),
                count: a.int("--count", "count")?.unwrap_or(1),
                launch_type: launch_type(a)?,
                capacity_provider_strategy: capacity_providers(a)?,
                group: a.one("--group").map(str::to_string),
                placement_strategy: strategies(a)?,
                placement_constraints: constraints(a)?,
            }
        }
        Op::StopTask => Command::StopTask { task: short(a.required("--task")?), reason: a.one("--reason").map(str::to_string) },
        Op::RegisterTaskDefinition => register(a)?,
        Op::UpdateContainerInstancesState => {
            let status = a.required("--status")?;
            let ids = a.required_many("--container-instances")?;
            if ids.len() > 1 {
                return Err(a.invalid("containerInstances", None, "The simulator changes one container instance at a time: give one id."));
            }
            let instance = short(&ids[0]);
            match status {
                "DRAINING" => Command::DrainInstance { instance },
                "ACTIVE" => Command::ActivateInstance { instance },
                s => return Err(a.one_of("status", s, INSTANCE_STATUSES)),
            }
        }
        _ => return query(a).map(Stmt::Query),
    };
    Ok(Stmt::Apply(cmd))
}

/// The container-instance statuses a caller sets or lists by (INACTIVE is ECS's to give).
const INSTANCE_STATUSES: &[&str] = &["ACTIVE", "DRAINING"];
fn query(a: &Args) -> Result<Query, Fail> {
    Ok(match a.op {
        Op::DescribeServices => Query::DescribeServices(a.required_many("--services")?.to_vec()),
        Op::DescribeTasks => Query::DescribeTasks(a.required_many("--tasks")?.to_vec()),
        Op::ListTasks => {
            let desired = a.one("--desired-status").map(str::to_string);
            if let Some(d) = &desired {
                if d != "RUNNING" && d != "STOPPED" && d != "PENDING" {
                    return Err(a.one_of("desiredStatus", d, &["RUNNING", "PENDING", "STOPPED"]));
                }
            }
            Query::ListTasks {
                service: a.one("--service-name").map(str::to_string),
                desired_status: desired,
                family: a.one("--family").map(str::to_string),
            }
        }
        Op::ListServices => Query::ListServices,
        Op::DescribeContainerInstances => Query::DescribeContainerInstances(a.required_many("--container-instances")?.to_vec()),
        Op::ListContainerInstances => {
            let status = a.one("--status");
            if let Some(s) = status.filter(|s| !INSTANCE_STATUSES.contains(s)) {
                return Err(a.one_of("status", s, INSTANCE_STATUSES));
            }
            Query::ListContainerInstances(status.map(str::to_string))
        }
        Op::DescribeTaskDefinition => Query::DescribeTaskDefinition(a.required("--task-definition")?.to_string()),
        other => return Err(Box::new(AwsError::InvalidOperation { name: other.cli_name().to_string(), choices: OPERATIONS })),
    })
}

fn create_service(a: &Args) -> Result<Command, Fail> {
    let scheduling_strategy = match a.one("--scheduling-strategy") {
        None | Some("REPLICA") => SchedulingStrategy::Replica,
        Some("DAEMON") => SchedulingStrategy::Daemon,
        Some(s) => return Err(a.one_of("schedulingStrategy", s, &["REPLICA", "DAEMON"])),
    };
    let lbs = a.many("--load-balancers");
    let mut load_balancer = None;
    for (i, v) in lbs.iter().enumerate() {
        for item in list_items(param("--load-balancers", v)?) {
            if load_balancer.is_some() {
                return Err(a.invalid("loadBalancers", None, "The simulator supports one load balancer target group per service."));
            }
            load_balancer = Some(load_balancer_of(&format!("loadBalancers[{i}]"), &item)?);
        }
    }
    network_configuration(a)?;
    Ok(Command::CreateService {
        service_name: a.required("--service-name")?.to_string(),
        task_definition: short(a.required("--task-definition")?),
        desired_count: a.int("--desired-count", "desiredCount")?.unwrap_or(0),
        launch_type: launch_type(a)?,
        capacity_provider_strategy: capacity_providers(a)?,
        scheduling_strategy,
        placement_strategy: strategies(a)?,
        placement_constraints: constraints(a)?,
        deployment_configuration: a.one("--deployment-configuration").map(deployment_configuration).transpose()?,
        load_balancer,
        health_check_grace_period_seconds: a.int("--health-check-grace-period-seconds", "healthCheckGracePeriodSeconds")?.unwrap_or(0),
        availability_zone_rebalancing: az_rebalancing(a)?,
    })
}

fn az_rebalancing(a: &Args) -> Result<Option<AzRebalancing>, Fail> {
    match a.one("--availability-zone-rebalancing") {
        None => Ok(None),
        Some("ENABLED") => Ok(Some(AzRebalancing::Enabled)),
        Some("DISABLED") => Ok(Some(AzRebalancing::Disabled)),
        Some(v) => Err(a.one_of("availabilityZoneRebalancing", v, &["ENABLED", "DISABLED"])),
    }
}

/// Checked as the CLI checks it, then left aside: the simulator has no VPC.
fn network_configuration(a: &Args) -> Result<(), Fail> {
    if let Some(n) = a.one("--network-configuration") {
        let v = param("--network-configuration", n)?;
        fields("networkConfiguration", &v, &["awsvpcConfiguration"])?;
    }
    Ok(())
}

fn register(a: &Args) -> Result<Command, Fail> {
    if let Some(j) = a.one("--cli-input-json") {
        if j.starts_with("file://") || j.starts_with("fileb://") {
            return Err(Box::new(AwsError::FileInput { value: j.to_string() }));
        }
        if a.has("--family") || a.has("--container-definitions") {
            return Err(Box::new(AwsError::InputJsonAndFlags));
        }
        return Ok(Command::RegisterTaskDefinition { json: j.to_string() });
    }
    let mut doc = Map::new();
    doc.insert("family".into(), Value::String(a.required("--family")?.to_string()));
    a.required("--container-definitions")?;
    let mut defs = Vec::new();
    for v in a.many("--container-definitions") {
        let json = v.trim_start().starts_with(['{', '[', '"']);
        for item in list_items(param("--container-definitions", v)?) {
            // Shorthand gives text; the CLI converts it to the member's type, as here.
            defs.push(if json { item } else { typed(item) });
        }
    }
    doc.insert("containerDefinitions".into(), Value::Array(defs));
    for (flag, key) in [("--cpu", "cpu"), ("--memory", "memory"), ("--network-mode", "networkMode")] {
        if let Some(v) = a.one(flag) {
            doc.insert(key.into(), Value::String(v.to_string()));
        }
    }
    let compat = a.many("--requires-compatibilities");
    if !compat.is_empty() {
        doc.insert("requiresCompatibilities".into(), Value::Array(compat.iter().cloned().map(Value::String).collect()));
    }
    Ok(Command::RegisterTaskDefinition { json: Value::Object(doc).to_string() })
}

fn launch_type(a: &Args) -> Result<LaunchType, Fail> {
    match a.one("--launch-type") {
        None | Some("EC2") => Ok(LaunchType::Ec2),
        Some("FARGATE") => Ok(LaunchType::Fargate),
        Some(s) => Err(a.one_of("launchType", s, &["EC2", "FARGATE"])),
    }
}

/// `--capacity-provider-strategy capacityProvider=FARGATE_SPOT,weight=3 …`, which excludes
/// `--launch-type`.
fn capacity_providers(a: &Args) -> Result<Vec<CapacityProviderItem>, Fail> {
    let mut out = Vec::new();
    for v in a.many("--capacity-provider-strategy") {
        for item in list_items(param("--capacity-provider-strategy", v)?) {
            let p = format!("capacityProviderStrategy[{}]", out.len());
            let m = fields(&p, &item, &["capacityProvider", "weight", "base"])?;
            let name = string(&format!("{p}.capacityProvider"), required(&p, m, "capacityProvider")?)?;
            let Some(capacity_provider) = CapacityProvider::named(&name) else {
                return Err(a.invalid(
                    format!("{p}.capacityProvider"),
                    Some(name.as_str()),
                    "The specified capacity provider strategy cannot contain a capacity provider that is not associated with the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.",
                ));
            };
            let num = |k: &str| m.get(k).map(|v| int(&format!("{p}.{k}"), v)).transpose().map(Option::unwrap_or_default);
            out.push(CapacityProviderItem { capacity_provider, weight: num("weight")?, base: num("base")? });
        }
    }
    if !out.is_empty() && a.has("--launch-type") {
        return Err(a.invalid(
            "launchType",
            a.one("--launch-type"),
            "Specifying both a launch type and capacity provider strategy is not supported. Remove one and try again.",
        ));
    }
    Ok(out)
}

fn strategies(a: &Args) -> Result<Vec<Strategy>, Fail> {
    let mut out = Vec::new();
    for v in a.many("--placement-strategy") {
        for item in list_items(param("--placement-strategy", v)?) {
            let p = format!("placementStrategy[{}]", out.len());
            let m = fields(&p, &item, &["type", "field"])?;
            let ty = string(&format!("{p}.type"), required(&p, m, "type")?)?;
            let field = m.get("field").map(|f| string(&format!("{p}.field"), f)).transpose()?;
            out.push(match (ty.as_str(), field) {
                ("random", _) => Strategy::Random,
                ("spread", Some(f)) => Strategy::Spread(f),
                ("binpack", Some(f)) if f.eq_ignore_ascii_case("memory") => Strategy::Binpack(Resource::Memory),
                ("binpack", Some(f)) if f.eq_ignore_ascii_case("cpu") => Strategy::Binpack(Resource::Cpu),
                ("binpack", Some(f)) => {
                    return Err(a.invalid(
                        format!("{p}.field"),
                        Some(f.as_str()),
                        format!("Invalid binpack field '{f}': use cpu or memory."),
                    ))
                }
                ("spread" | "binpack", None) => {
                    return Err(a.invalid(format!("{p}.field"), None, format!("The {ty} placement strategy needs a field.")))
                }
                (t, _) => {
                    return Err(a.invalid(
                        format!("{p}.type"),
                        Some(t),
                        format!("Invalid placement strategy type '{t}': use spread, binpack or random."),
                    ))
                }
            });
        }
    }
    Ok(out)
}

fn constraints(a: &Args) -> Result<Vec<Constraint>, Fail> {
    let mut out = Vec::new();
    for v in a.many("--placement-constraints") {
        for item in list_items(param("--placement-constraints", v)?) {
            let p = format!("placementConstraints[{}]", out.len());
            let m = fields(&p, &item, &["type", "expression"])?;
            let ty = string(&format!("{p}.type"), required(&p, m, "type")?)?;
            out.push(match ty.as_str() {
                "distinctInstance" => Constraint::DistinctInstance,
                "memberOf" => Constraint::MemberOf(string(&format!("{p}.expression"), required(&p, m, "expression")?)?),
                t => {
                    return Err(a.invalid(
                        format!("{p}.type"),
                        Some(t),
                        format!("Invalid placement constraint type '{t}': use distinctInstance or memberOf."),
                    ))
                }
            });
        }
    }
    Ok(out)
}
