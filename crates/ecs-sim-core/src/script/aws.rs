//! The `aws ecs …` subset, read with the AWS CLI's own argument rules: `--flag value`,
//! `--flag=value`, list parameters taking several words, shorthand or JSON for structures, and
//! errors in the CLI's wording (`aws: error: …`, `Parameter validation failed: …`) or the
//! service's (`An error occurred (…Exception) when calling the … operation: …`).
//!
//! Global options (`--region`, `--output`, `--profile`, `--no-cli-pager`, `--query`) are accepted
//! and ignored; `--cluster` must name the simulator's cluster.

use super::parse_error::{AwsError, JsonType, Validation};

/// An `aws` line's error, boxed while it travels up through the parser: every `?` then moves
/// a pointer, not the whole error (at each of the many `?`, that would cost the page kilobytes).
type Fail = Box<AwsError>;

fn fail(v: Validation) -> Fail {
    Box::new(AwsError::Validation(v))
}
use super::shorthand;
use super::stmt::{Query, Stmt};
use crate::command::Command;
use crate::error::SimError;
use crate::model::{CircuitBreaker, DeploymentConfigurationRequest, LaunchType, LoadBalancer, SchedulingStrategy};
use crate::op::{Op, UnknownOperation};
use crate::placement::{Constraint, Resource, Strategy};
use serde_json::{Map, Value};

/// The cluster every script runs against (the simulator's default).
pub const CLUSTER: &str = "production";

/// The `aws ecs` operations the simulator understands, in the CLI's (alphabetical) order, for
/// errors and completion.
pub const OPERATIONS: &[Op] = &[
    Op::CreateService,
    Op::DeleteService,
    Op::DescribeServices,
    Op::DescribeTaskDefinition,
    Op::DescribeTasks,
    Op::ListServices,
    Op::ListTasks,
    Op::RegisterTaskDefinition,
    Op::RunTask,
    Op::StopTask,
    Op::UpdateContainerInstancesState,
    Op::UpdateService,
];

/// The `aws ecs` operation a command-line name stands for, if the simulator takes it.
pub fn operation_named(name: &str) -> Result<Op, UnknownOperation> {
    Op::from_cli_name(name).ok().filter(|op| OPERATIONS.contains(op)).ok_or_else(|| UnknownOperation { name: name.to_string() })
}

#[derive(Copy, Clone, PartialEq, Eq)]
enum Arity {
    One,
    Many,
    Switch,
}
use Arity::*;

const GLOBAL: &[(&str, Arity)] =
    &[("--region", One), ("--output", One), ("--profile", One), ("--query", One), ("--no-cli-pager", Switch), ("--color", One)];

/// The flags each operation takes (besides `--cluster` and the global ones).
pub fn flags(op: Op) -> &'static [(&'static str, bool)] {
    // (flag, takes a value)
    match op {
        Op::CreateService => &[
            ("--service-name", true),
            ("--task-definition", true),
            ("--desired-count", true),
            ("--launch-type", true),
            ("--scheduling-strategy", true),
            ("--placement-strategy", true),
            ("--placement-constraints", true),
            ("--deployment-configuration", true),
            ("--load-balancers", true),
            ("--network-configuration", true),
            ("--health-check-grace-period-seconds", true),
        ],
        Op::UpdateService => &[
            ("--service", true),
            ("--desired-count", true),
            ("--task-definition", true),
            ("--force-new-deployment", false),
            ("--no-force-new-deployment", false),
            ("--deployment-configuration", true),
        ],
        Op::DeleteService => &[("--service", true), ("--force", false), ("--no-force", false)],
        Op::RunTask => &[
            ("--task-definition", true),
            ("--count", true),
            ("--launch-type", true),
            ("--group", true),
            ("--started-by", true),
            ("--placement-strategy", true),
            ("--placement-constraints", true),
            ("--network-configuration", true),
            ("--overrides", true),
        ],
        Op::StopTask => &[("--task", true), ("--reason", true)],
        Op::DescribeServices => &[("--services", true)],
        Op::DescribeTasks => &[("--tasks", true)],
        Op::ListTasks => &[("--service-name", true), ("--desired-status", true), ("--family", true)],
        Op::ListServices => &[("--launch-type", true), ("--scheduling-strategy", true)],
        Op::DescribeTaskDefinition => &[("--task-definition", true)],
        Op::RegisterTaskDefinition => &[
            ("--cli-input-json", true),
            ("--family", true),
            ("--container-definitions", true),
            ("--cpu", true),
            ("--memory", true),
            ("--network-mode", true),
            ("--requires-compatibilities", true),
            ("--execution-role-arn", true),
            ("--task-role-arn", true),
        ],
        Op::UpdateContainerInstancesState => &[("--container-instances", true), ("--status", true)],
        _ => &[],
    }
}

/// Task definitions belong to the account and region, not a cluster: the real calls take no
/// `--cluster`, so help and completion do not offer it.
pub(crate) fn takes_cluster(op: Op) -> bool {
    !matches!(op, Op::RegisterTaskDefinition | Op::DescribeTaskDefinition)
}

fn arity(op: Op, flag: &str) -> Option<Arity> {
    const MANY: &[&str] = &[
        "--placement-strategy",
        "--placement-constraints",
        "--load-balancers",
        "--services",
        "--tasks",
        "--requires-compatibilities",
        "--container-instances",
        "--container-definitions",
    ];
    if flag == "--cluster" {
        // Accepted everywhere: saved runs replay lines rendered with it.
        return Some(One);
    }
    if let Some((_, a)) = GLOBAL.iter().find(|(f, _)| *f == flag) {
        return Some(*a);
    }
    let (_, takes) = flags(op).iter().find(|(f, _)| *f == flag)?;
    Some(if !takes {
        Switch
    } else if MANY.contains(&flag) {
        Many
    } else {
        One
    })
}

/// The flags an operation cannot do without.
fn required_flags(op: Op) -> &'static [&'static str] {
    match op {
        Op::CreateService => &["--service-name", "--task-definition"],
        Op::UpdateService | Op::DeleteService => &["--service"],
        Op::RunTask | Op::DescribeTaskDefinition => &["--task-definition"],
        Op::StopTask => &["--task"],
        Op::DescribeServices => &["--services"],
        Op::DescribeTasks => &["--tasks"],
        Op::RegisterTaskDefinition => &["--family", "--container-definitions"],
        Op::UpdateContainerInstancesState => &["--container-instances", "--status"],
        _ => &[],
    }
}

/// `aws ecs OPERATION help`: the operation's synopsis, required flags first.
pub fn synopsis(op: Op) -> Vec<String> {
    let req = required_flags(op);
    let mut out = vec![format!("aws ecs {}", op.cli_name())];
    let cluster = takes_cluster(op).then_some(("--cluster", true));
    let all = flags(op).iter().copied().filter(|(f, _)| *f != "--cli-input-json").chain(cluster);
    let mut optional = Vec::new();
    for (f, takes) in all {
        let many = takes && arity(op, f) == Some(Many);
        let text = format!(
            "{f}{}",
            if many {
                " <value> [<value> ...]"
            } else if takes {
                " <value>"
            } else {
                ""
            }
        );
        if req.contains(&f) {
            out.push(format!("    {text}"));
        } else {
            optional.push(format!("    [{text}]"));
        }
    }
    if op == Op::RegisterTaskDefinition {
        out.push("    (or --cli-input-json '{…}' in place of both)".into());
    }
    out.extend(optional);
    out
}

/// The name or id an ARN ends with (`arn:aws:ecs:…:task/production/ID` → `ID`,
/// `…:task-definition/web:1` → `web:1`): the CLI takes either wherever ECS does.
fn short(v: &str) -> String {
    if v.starts_with("arn:") { v.rsplit('/').next().unwrap_or(v) } else { v }.to_string()
}

/// Arguments as given: flag → values (the last occurrence wins, as argparse does). A few
/// flags per line: a Vec searched in order does, without one more BTreeMap type in the page.
struct Args {
    op: Op,
    values: Vec<(String, Vec<String>)>,
}

fn lookup<'a>(values: &'a [(String, Vec<String>)], flag: &str) -> Option<&'a Vec<String>> {
    values.iter().find(|(f, _)| f == flag).map(|(_, v)| v)
}

impl Args {
    fn one(&self, flag: &str) -> Option<&str> {
        lookup(&self.values, flag).and_then(|v| v.first()).map(String::as_str)
    }

    fn many(&self, flag: &str) -> &[String] {
        lookup(&self.values, flag).map_or(&[], Vec::as_slice)
    }

    fn has(&self, flag: &str) -> bool {
        lookup(&self.values, flag).is_some()
    }

    fn required(&self, flag: &'static str) -> Result<&str, Fail> {
        self.one(flag).ok_or_else(|| Box::new(AwsError::Required { flag }))
    }

    fn int(&self, flag: &str, param: &str) -> Result<Option<u32>, Fail> {
        self.one(flag).map(|v| int(param, &Value::String(v.to_string()))).transpose()
    }

    /// The service's refusal of `value` for `param`, in its words.
    fn invalid(&self, param: impl Into<String>, value: Option<&str>, message: impl Into<String>) -> Fail {
        let e = SimError::invalid(self.op, message).with_param(param);
        Box::new(AwsError::Rejected(match value {
            Some(v) => e.with_value(v),
            None => e,
        }))
    }

    /// `param should be one of [..] (got 'value').`
    fn one_of(&self, param: &str, value: &str, allowed: &'static [&'static str]) -> Fail {
        Box::new(AwsError::Rejected(SimError::one_of(self.op, param, value, allowed)))
    }
}

fn collect(op: Op, words: &[String]) -> Result<Args, Fail> {
    let mut values: Vec<(String, Vec<String>)> = Vec::new();
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (w.clone(), None),
        };
        let Some(a) = (if flag.starts_with("--") { arity(op, &flag) } else { None }) else {
            unknown.push(w.clone());
            continue;
        };
        let mut vals = Vec::new();
        match (a, inline) {
            (Switch, Some(_)) => return Err(Box::new(AwsError::ExplicitArgument { flag })),
            (Switch, None) => {}
            (_, Some(v)) => vals.push(v),
            (_, None) => {
                while i < words.len() && !words[i].starts_with("--") {
                    vals.push(words[i].clone());
                    i += 1;
                    if a == One {
                        break;
                    }
                }
                if vals.is_empty() {
                    return Err(Box::new(AwsError::ExpectedArgument { flag, many: a == Many }));
                }
            }
        }
        match values.iter_mut().find(|(f, _)| *f == flag) {
            Some(slot) => slot.1 = vals,
            None => values.push((flag, vals)),
        }
    }
    if !unknown.is_empty() {
        return Err(Box::new(AwsError::UnknownOptions(unknown)));
    }
    if let Some(c) = lookup(&values, "--cluster").and_then(|v| v.first()) {
        let name = c.rsplit_once(":cluster/").map_or(c.as_str(), |(_, n)| n);
        if name != CLUSTER {
            return Err(Box::new(AwsError::Rejected(SimError::ClusterNotFound { op, cluster: c.clone() })));
        }
    }
    Ok(Args { op, values })
}

/// Parses `aws ecs OPERATION …` (the leading `aws` included in `words`).
pub fn parse(words: &[String]) -> Result<Stmt, AwsError> {
    parse_aws(words).map_err(|e| *e)
}

fn parse_aws(words: &[String]) -> Result<Stmt, Fail> {
    let rest: Vec<String> = words.iter().skip(1).cloned().collect();
    // Global options may come before the service name.
    let mut i = 0;
    while i < rest.len() && rest[i].starts_with("--") {
        let a = GLOBAL.iter().find(|(f, _)| rest[i].split('=').next() == Some(*f)).map(|(_, a)| *a);
        match a {
            Some(One) if !rest[i].contains('=') => i += 2,
            Some(_) => i += 1,
            None => return Err(Box::new(AwsError::UnknownOptions(vec![rest[i].clone()]))),
        }
    }
    match rest.get(i).map(String::as_str) {
        Some("ecs") => {}
        Some(other) => return Err(Box::new(AwsError::NotEcs { command: other.to_string() })),
        None => return Err(Box::new(AwsError::MissingCommand)),
    }
    if rest.get(i + 1).map(String::as_str) == Some("help") {
        return Ok(Stmt::Help(Some("aws".into())));
    }
    let Some(name) = rest.get(i + 1) else {
        return Err(Box::new(AwsError::MissingOperation));
    };
    let op = operation_named(name).map_err(|e| Box::new(AwsError::InvalidOperation { name: e.name, choices: OPERATIONS }))?;
    if rest.len() > i + 2 && rest.last().map(String::as_str) == Some("help") {
        return Ok(Stmt::Help(Some(name.clone())));
    }
    let args = collect(op, &rest[i + 2..])?;
    operation(&args)
}

fn operation(a: &Args) -> Result<Stmt, Fail> {
    let cmd = match a.op {
        Op::CreateService => create_service(a)?,
        Op::UpdateService => Command::UpdateService {
            service: short(a.required("--service")?),
            desired_count: a.int("--desired-count", "desiredCount")?,
            task_definition: a.one("--task-definition").map(short),
            force_new_deployment: a.has("--force-new-deployment"),
            deployment_configuration: a.one("--deployment-configuration").map(deployment_configuration).transpose()?,
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
                group: a.one("--group").map(str::to_string),
                placement_strategy: strategies(a)?,
                placement_constraints: constraints(a)?,
            }
        }
        Op::StopTask => Command::StopTask { task: short(a.required("--task")?), reason: a.one("--reason").map(str::to_string) },
        Op::RegisterTaskDefinition => register(a)?,
        Op::UpdateContainerInstancesState => {
            let ids = a.many("--container-instances");
            let status = a.required("--status")?;
            if ids.is_empty() {
                return Err(Box::new(AwsError::Required { flag: "--container-instances" }));
            }
            if ids.len() > 1 {
                return Err(a.invalid("containerInstances", None, "The simulator changes one container instance at a time: give one id."));
            }
            let instance = short(&ids[0]);
            match status {
                "DRAINING" => Command::DrainInstance { instance },
                "ACTIVE" => Command::ActivateInstance { instance },
                s => return Err(a.one_of("status", s, &["ACTIVE", "DRAINING"])),
            }
        }
        _ => return query(a).map(Stmt::Query),
    };
    Ok(Stmt::Apply(cmd))
}

fn query(a: &Args) -> Result<Query, Fail> {
    Ok(match a.op {
        Op::DescribeServices => {
            let s = a.many("--services");
            if s.is_empty() {
                return Err(Box::new(AwsError::Required { flag: "--services" }));
            }
            Query::DescribeServices(s.to_vec())
        }
        Op::DescribeTasks => {
            let t = a.many("--tasks");
            if t.is_empty() {
                return Err(Box::new(AwsError::Required { flag: "--tasks" }));
            }
            Query::DescribeTasks(t.to_vec())
        }
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
        scheduling_strategy,
        placement_strategy: strategies(a)?,
        placement_constraints: constraints(a)?,
        deployment_configuration: a.one("--deployment-configuration").map(deployment_configuration).transpose()?,
        load_balancer,
        health_check_grace_period_seconds: a.int("--health-check-grace-period-seconds", "healthCheckGracePeriodSeconds")?.unwrap_or(0),
    })
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

/// Shorthand scalars of a container definition as the types its members have: numbers for
/// `memory=256` or `containerPort=80`, booleans for `essential=true`.
fn typed(v: Value) -> Value {
    const INTS: &[&str] =
        &["cpu", "memory", "memoryReservation", "containerPort", "hostPort", "interval", "timeout", "retries", "startPeriod"];
    const BOOLS: &[&str] = &["essential"];
    match v {
        Value::Object(m) => Value::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        Value::String(s) if INTS.contains(&k.as_str()) => s.parse::<i64>().map_or(Value::String(s), Value::from),
                        Value::String(s) if BOOLS.contains(&k.as_str()) && (s == "true" || s == "false") => Value::Bool(s == "true"),
                        other => typed(other),
                    };
                    (k, v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(typed).collect()),
        other => other,
    }
}

fn launch_type(a: &Args) -> Result<LaunchType, Fail> {
    match a.one("--launch-type") {
        None | Some("EC2") => Ok(LaunchType::Ec2),
        Some("FARGATE") => Ok(LaunchType::Fargate),
        Some(s) => Err(a.one_of("launchType", s, &["EC2", "FARGATE"])),
    }
}

fn param(flag: &'static str, v: &str) -> Result<Value, Fail> {
    shorthand::parse(v).map_err(|error| Box::new(AwsError::Shorthand { flag, error }))
}

fn list_items(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => vec![other],
    }
}

/// botocore's refusal of `v` where a value of type `expected` belongs.
fn invalid_type(path: &str, v: &Value, expected: JsonType) -> Fail {
    let value = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    fail(Validation::InvalidType { path: path.to_string(), value, found: JsonType::of(v), expected })
}

/// An integer parameter, from JSON or from shorthand text.
fn int(path: &str, v: &Value) -> Result<u32, Fail> {
    let n = match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if n < 0 => Err(fail(Validation::BelowMin { path: path.to_string(), value: n, min: 0 })),
        Some(n) => u32::try_from(n).map_err(|_| fail(Validation::AboveMax { path: path.to_string(), value: n, max: u32::MAX.into() })),
        None => Err(invalid_type(path, v, JsonType::Int)),
    }
}

fn boolean(path: &str, v: &Value) -> Result<bool, Fail> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(invalid_type(path, v, JsonType::Bool)),
    }
}

fn string(path: &str, v: &Value) -> Result<String, Fail> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(invalid_type(path, v, JsonType::Str)),
    }
}

/// The object's fields, refusing unknown keys the way botocore does.
fn fields<'a>(path: &str, v: &'a Value, allowed: &'static [&'static str]) -> Result<&'a Map<String, Value>, Fail> {
    let Value::Object(m) = v else {
        return Err(invalid_type(path, v, JsonType::Dict));
    };
    if let Some(k) = m.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(fail(Validation::UnknownParameter { path: path.to_string(), key: k.clone(), allowed }));
    }
    Ok(m)
}

fn required<'a>(path: &str, m: &'a Map<String, Value>, key: &'static str) -> Result<&'a Value, Fail> {
    m.get(key).ok_or_else(|| fail(Validation::MissingParameter { path: path.to_string(), key }))
}

fn deployment_configuration(v: &str) -> Result<DeploymentConfigurationRequest, Fail> {
    let p = "deploymentConfiguration";
    let value = param("--deployment-configuration", v)?;
    let m = fields(p, &value, &["maximumPercent", "minimumHealthyPercent", "deploymentCircuitBreaker", "alarms"])?;
    let pct = |k: &str| m.get(k).map(|v| int(&format!("{p}.{k}"), v)).transpose();
    let breaker = match m.get("deploymentCircuitBreaker") {
        None => None,
        Some(b) => {
            let bp = format!("{p}.deploymentCircuitBreaker");
            let bm = fields(&bp, b, &["enable", "rollback"])?;
            Some(CircuitBreaker {
                enable: boolean(&format!("{bp}.enable"), required(&bp, bm, "enable")?)?,
                rollback: boolean(&format!("{bp}.rollback"), required(&bp, bm, "rollback")?)?,
            })
        }
    };
    Ok(DeploymentConfigurationRequest {
        maximum_percent: pct("maximumPercent")?,
        minimum_healthy_percent: pct("minimumHealthyPercent")?,
        deployment_circuit_breaker: breaker,
    })
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

fn load_balancer_of(p: &str, v: &Value) -> Result<LoadBalancer, Fail> {
    let m = fields(p, v, &["targetGroupArn", "loadBalancerName", "containerName", "containerPort"])?;
    let port = int(&format!("{p}.containerPort"), required(p, m, "containerPort")?)?;
    Ok(LoadBalancer {
        target_group_arn: string(&format!("{p}.targetGroupArn"), required(p, m, "targetGroupArn")?)?,
        container_name: string(&format!("{p}.containerName"), required(p, m, "containerName")?)?,
        container_port: u16::try_from(port)
            .map_err(|_| fail(Validation::AboveMax { path: format!("{p}.containerPort"), value: port.into(), max: u16::MAX.into() }))?,
    })
}
