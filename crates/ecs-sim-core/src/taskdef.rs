//! Task definitions as users write them: the JSON of `aws ecs register-task-definition
//! --cli-input-json`, parsed and validated as ECS validates it, into a [`TaskDefinition`].
//!
//! Unknown AWS fields (roles, log configuration, environment…) are accepted and ignored, so a
//! real task definition pasted from the console registers. Simulator-only extras live in an
//! optional `"x-ecs-sim"` object: `runSeconds` and `exitCode` (a batch job), `imagePullFails`,
//! `unhealthy`.

use crate::error::SimError;
use crate::model::*;
use crate::op::Op;
use serde::{Deserialize, Serialize};

const OP: Op = Op::RegisterTaskDefinition;

/// ECS's sentence about the parameter at `path` (a JSON path in the input).
fn invalid(path: &str, message: impl Into<String>) -> SimError {
    SimError::invalid(OP, message).with_param(path)
}

/// A ClientException about the parameter at `path`.
fn client(path: &str, message: impl Into<String>) -> SimError {
    SimError::client(OP, message).with_param(path)
}

#[derive(Serialize)]
#[serde(untagged)]
enum NumOrText {
    Num(f64),
    Text(String),
}

/// What `#[derive(Deserialize)] #[serde(untagged)]` reads (a number, else a string), with the
/// same error at the same position, but without buffering the value in serde's `Content`
/// (kilobytes of wasm). The visitor reads any value whole and the refusal comes after, as the
/// derived code does.
impl<'de> Deserialize<'de> for NumOrText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Option<NumOrText>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Num(v as f64)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Num(v as f64)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Num(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Text(v.to_string())))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(None)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(None)
            }
        }
        d.deserialize_any(V)?.ok_or_else(|| serde::de::Error::custom("data did not match any variant of untagged enum NumOrText"))
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Input {
    family: Option<String>,
    #[serde(default)]
    container_definitions: Vec<ContainerInput>,
    cpu: Option<NumOrText>,
    memory: Option<NumOrText>,
    network_mode: Option<String>,
    #[serde(default)]
    requires_compatibilities: Vec<String>,
    #[serde(rename = "x-ecs-sim")]
    sim: Option<Extras>,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct ContainerInput {
    name: Option<String>,
    image: Option<String>,
    essential: Option<bool>,
    cpu: Option<u32>,
    memory: Option<u32>,
    memory_reservation: Option<u32>,
    #[serde(default)]
    port_mappings: Vec<PortInput>,
    health_check: Option<HealthInput>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct PortInput {
    container_port: u32,
    host_port: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthInput {
    command: Vec<String>,
    interval: Option<u32>,
    timeout: Option<u32>,
    retries: Option<u32>,
    start_period: Option<u32>,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Extras {
    run_seconds: Option<u64>,
    exit_code: Option<i32>,
    #[serde(default)]
    image_pull_fails: bool,
    #[serde(default)]
    unhealthy: bool,
}

/// The memory sizes (MiB) Fargate allows with `cpu` units, or `None` for a cpu Fargate lacks.
pub fn fargate_memory_options(cpu: u32) -> Option<Vec<u32>> {
    let gib = |a: u32, b: u32, step: u32| (a..=b).step_by(step as usize).map(|g| g * 1024).collect::<Vec<u32>>();
    Some(match cpu {
        256 => vec![512, 1024, 2048],
        512 => gib(1, 4, 1),
        1024 => gib(2, 8, 1),
        2048 => gib(4, 16, 1),
        4096 => gib(8, 30, 1),
        8192 => gib(16, 60, 4),
        16384 => gib(32, 120, 8),
        _ => return None,
    })
}

/// `"256"`, `256`, `"1 vCPU"`, `"0.25 vcpu"` → CPU units.
fn parse_cpu(v: &NumOrText) -> Result<u32, SimError> {
    let bad = |s: &str| {
        invalid("cpu", format!("cpu '{s}' is not a number of CPU units (e.g. \"256\") or vCPUs (e.g. \"1 vCPU\").")).with_value(s)
    };
    match v {
        NumOrText::Num(n) if *n >= 0.0 && n.fract() == 0.0 && *n <= 1e6 => Ok(*n as u32),
        NumOrText::Num(n) => Err(bad(&n.to_string())),
        NumOrText::Text(s) => {
            let t = s.trim().to_ascii_lowercase();
            if let Some(v) = t.strip_suffix("vcpu") {
                let f: f64 = v.trim().parse().map_err(|_| bad(s))?;
                if !(0.0..=1000.0).contains(&f) {
                    return Err(bad(s));
                }
                return Ok((f * 1024.0).round() as u32);
            }
            t.parse().map_err(|_| bad(s))
        }
    }
}

/// `"512"`, `512`, `"1 GB"`, `"2GB"` → MiB.
fn parse_memory(v: &NumOrText) -> Result<u32, SimError> {
    let bad =
        |s: &str| invalid("memory", format!("memory '{s}' is not a number of MiB (e.g. \"512\") or GB (e.g. \"1 GB\").")).with_value(s);
    match v {
        NumOrText::Num(n) if *n >= 0.0 && n.fract() == 0.0 && *n <= 1e7 => Ok(*n as u32),
        NumOrText::Num(n) => Err(bad(&n.to_string())),
        NumOrText::Text(s) => {
            let t = s.trim().to_ascii_lowercase();
            if let Some(v) = t.strip_suffix("gb") {
                let f: f64 = v.trim().parse().map_err(|_| bad(s))?;
                if !(0.0..=10_000.0).contains(&f) {
                    return Err(bad(s));
                }
                return Ok((f * 1024.0).round() as u32);
            }
            t.parse().map_err(|_| bad(s))
        }
    }
}

fn valid_family(f: &str) -> bool {
    !f.is_empty() && f.len() <= 255 && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn health_check(i: usize, h: &HealthInput) -> Result<HealthCheck, SimError> {
    let field = |name: &str, v: Option<u32>, default: u32, lo: u32, hi: u32| {
        let v = v.unwrap_or(default);
        if (lo..=hi).contains(&v) {
            Ok(v)
        } else {
            Err(SimError::between(OP, format!("containerDefinitions[{i}].healthCheck.{name}"), v, lo, hi))
        }
    };
    match h.command.first().map(String::as_str) {
        Some("CMD") | Some("CMD-SHELL") if h.command.len() >= 2 => {}
        _ => {
            let path = format!("containerDefinitions[{i}].healthCheck.command");
            return Err(invalid(&path, format!("{path} must start with \"CMD\" or \"CMD-SHELL\" followed by the command.")));
        }
    }
    Ok(HealthCheck {
        command: h.command.clone(),
        interval: field("interval", h.interval, 30, 5, 300)?,
        timeout: field("timeout", h.timeout, 5, 2, 60)?,
        retries: field("retries", h.retries, 3, 1, 10)?,
        start_period: field("startPeriod", h.start_period, 0, 0, 300)?,
    })
}

fn container(i: usize, c: &ContainerInput, awsvpc: bool) -> Result<ContainerDefinition, SimError> {
    let required = |member: &str| SimError::required(OP, format!("containerDefinitions[{i}].{member}"));
    let name = c.name.clone().filter(|n| !n.trim().is_empty()).ok_or_else(|| required("name"))?;
    let image = c.image.clone().filter(|n| !n.trim().is_empty()).ok_or_else(|| required("image"))?;
    let mut port_mappings = Vec::new();
    for (j, p) in c.port_mappings.iter().enumerate() {
        let port = |v: u32, what: &str| {
            u16::try_from(v)
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| SimError::between(OP, format!("containerDefinitions[{i}].portMappings[{j}].{what}"), v, 1, 65535))
        };
        let container_port = port(p.container_port, "containerPort")?;
        let host_port = match p.host_port {
            None | Some(0) => None,
            Some(h) => Some(port(h, "hostPort")?),
        };
        if awsvpc && host_port.is_some_and(|h| h != container_port) {
            let path = format!("containerDefinitions[{i}].portMappings[{j}]");
            let host = host_port.unwrap_or(0);
            return Err(invalid(
                &path,
                format!("{path}: in awsvpc mode hostPort must equal containerPort ({container_port}), got {host}."),
            )
            .with_value(host));
        }
        // In awsvpc mode the task has its own interface: no host port is shared with other tasks.
        port_mappings.push(PortMapping { container_port, host_port: if awsvpc { None } else { host_port } });
    }
    Ok(ContainerDefinition {
        name,
        image,
        essential: c.essential.unwrap_or(true),
        cpu: c.cpu.unwrap_or(0),
        memory: c.memory,
        port_mappings,
        health_check: c.health_check.as_ref().map(|h| health_check(i, h)).transpose()?,
    })
}

/// Parses and validates register-task-definition JSON. The revision is left at 0: the
/// simulation assigns the next one of the family.
pub fn parse_task_definition(json: &str) -> Result<TaskDefinition, SimError> {
    if json.len() > 64 * 1024 {
        return Err(SimError::client(OP, "The task definition is larger than 64 KiB."));
    }
    let input: Input = serde_json::from_str(json).map_err(|e| SimError::client(OP, format!("Invalid task definition JSON: {e}.")))?;
    let family = input.family.clone().unwrap_or_default();
    if family.is_empty() {
        return Err(SimError::required(OP, "family"));
    }
    if !valid_family(&family) {
        return Err(invalid("family", format!("family '{family}' is invalid: use 1 to 255 letters, numbers, hyphens and underscores."))
            .with_value(&family));
    }
    let mut compat = Vec::new();
    for c in &input.requires_compatibilities {
        let lt = match c.as_str() {
            "EC2" => LaunchType::Ec2,
            "FARGATE" => LaunchType::Fargate,
            other => {
                return Err(invalid("requiresCompatibilities", format!("requiresCompatibilities '{other}' is not EC2 or FARGATE."))
                    .with_value(other))
            }
        };
        if !compat.contains(&lt) {
            compat.push(lt);
        }
    }
    if compat.is_empty() {
        compat.push(LaunchType::Ec2);
    }
    let fargate = compat.contains(&LaunchType::Fargate);
    let network_mode = input.network_mode.clone().unwrap_or_else(|| if fargate { "awsvpc".into() } else { "bridge".into() });
    if !["awsvpc", "bridge", "host", "none"].contains(&network_mode.as_str()) {
        return Err(
            invalid("networkMode", format!("networkMode '{network_mode}' is not awsvpc, bridge, host or none.")).with_value(&network_mode)
        );
    }
    if fargate && network_mode != "awsvpc" {
        return Err(client("networkMode", "Fargate only supports network mode 'awsvpc'.").with_value(&network_mode));
    }
    if input.container_definitions.is_empty() {
        return Err(invalid("containerDefinitions", "containerDefinitions must contain at least one container."));
    }
    let awsvpc = network_mode == "awsvpc";
    let containers = input.container_definitions.iter().enumerate().map(|(i, c)| container(i, c, awsvpc)).collect::<Result<Vec<_>, _>>()?;
    let task_cpu = input.cpu.as_ref().map(parse_cpu).transpose()?;
    let task_memory = input.memory.as_ref().map(parse_memory).transpose()?;
    let container_memory = |c: &ContainerInput| c.memory.or(c.memory_reservation);
    if task_memory.is_none() {
        if let Some(i) = input.container_definitions.iter().position(|c| container_memory(c).is_none()) {
            let path = format!("containerDefinitions[{i}]");
            return Err(invalid(&path, format!("{path} must set memory or memoryReservation when the task has no task-level memory.")));
        }
    }
    let cpu = task_cpu.unwrap_or_else(|| containers.iter().map(|c| c.cpu).sum::<u32>().max(128));
    let memory = task_memory.unwrap_or_else(|| input.container_definitions.iter().filter_map(container_memory).sum());
    let workload = match input.sim.as_ref().and_then(|x| x.run_seconds) {
        Some(run_seconds) => Workload::Batch { run_seconds, exit_code: input.sim.as_ref().and_then(|x| x.exit_code).unwrap_or(0) },
        None => Workload::LongRunning,
    };
    let faults = Faults {
        image_pull_fails: input.sim.as_ref().is_some_and(|x| x.image_pull_fails),
        unhealthy: input.sim.as_ref().is_some_and(|x| x.unhealthy),
    };
    let td =
        TaskDefinition { family, revision: 0, cpu, memory, network_mode, requires_compatibilities: compat, containers, workload, faults };
    if fargate && (task_cpu.is_none() || task_memory.is_none()) {
        return Err(client("cpu", "Fargate requires task-level cpu and memory. Invalid 'cpu' setting for task."));
    }
    validate(&td)?;
    Ok(td)
}

/// Checks a task definition the way RegisterTaskDefinition does.
pub fn validate(td: &TaskDefinition) -> Result<(), SimError> {
    if td.requires_compatibilities.contains(&LaunchType::Fargate) {
        match fargate_memory_options(td.cpu) {
            None => {
                return Err(client(
                    "cpu",
                    format!(
                        "Invalid 'cpu' setting for task. Fargate supports cpu 256, 512, 1024, 2048, 4096, 8192 or 16384 units (got {}).",
                        td.cpu
                    ),
                )
                .with_value(td.cpu))
            }
            Some(options) if !options.contains(&td.memory) => {
                let (lo, hi) = (options[0], options[options.len() - 1]);
                let step = options.get(1).map_or(0, |s| s - lo);
                // 256 CPU units allow 512, 1024 or 2048: not a range with one step.
                let allowed = if options.windows(2).all(|w| w[1] - w[0] == step) {
                    format!("memory from {lo} to {hi} MiB in {step} MiB steps")
                } else {
                    let (last, rest) = options.split_last().expect("every cpu has memory options");
                    let rest: Vec<String> = rest.iter().map(u32::to_string).collect();
                    format!("memory {} or {last} MiB", rest.join(", "))
                };
                return Err(client("cpu", format!("Invalid 'cpu' setting for task. cpu {} allows {allowed} (got {}).", td.cpu, td.memory))
                    .with_value(td.cpu));
            }
            Some(_) => {}
        }
    }
    if !td.containers.iter().any(|c| c.essential) {
        return Err(SimError::invalid(OP, "At least one container must be marked essential."));
    }
    for (i, c) in td.containers.iter().enumerate() {
        if c.memory.is_some_and(|m| m > td.memory) {
            let path = format!("containerDefinitions[{i}].memory");
            let memory = c.memory.unwrap_or(0);
            return Err(invalid(&path, format!("{path} ({memory} MiB) is above the task's memory ({} MiB).", td.memory)).with_value(memory));
        }
        if td.containers[..i].iter().any(|o| o.name == c.name) {
            let path = format!("containerDefinitions[{i}].name");
            return Err(invalid(&path, format!("{path} '{}' is used by another container.", c.name)).with_value(&c.name));
        }
    }
    let container_cpu: u32 = td.containers.iter().map(|c| c.cpu).sum();
    if container_cpu > td.cpu {
        return Err(invalid("cpu", format!("The containers' cpu adds up to {container_cpu} units, above the task's cpu ({}).", td.cpu))
            .with_value(td.cpu));
    }
    if td.memory == 0 {
        return Err(invalid("memory", "The task needs some memory: set memory on the task or its containers."));
    }
    Ok(())
}

/// Pretty JSON in register-task-definition's input shape (re-parses to the same definition,
/// revision aside).
pub fn to_json(td: &TaskDefinition) -> String {
    let input = Input {
        family: Some(td.family.clone()),
        container_definitions: td
            .containers
            .iter()
            .map(|c| ContainerInput {
                name: Some(c.name.clone()),
                image: Some(c.image.clone()),
                essential: Some(c.essential),
                cpu: (c.cpu > 0).then_some(c.cpu),
                memory: c.memory,
                memory_reservation: None,
                port_mappings: c
                    .port_mappings
                    .iter()
                    .map(|p| PortInput {
                        container_port: u32::from(p.container_port),
                        host_port: p.host_port.map(u32::from),
                        protocol: None,
                    })
                    .collect(),
                health_check: c.health_check.as_ref().map(|h| HealthInput {
                    command: h.command.clone(),
                    interval: Some(h.interval),
                    timeout: Some(h.timeout),
                    retries: Some(h.retries),
                    start_period: Some(h.start_period),
                }),
            })
            .collect(),
        cpu: Some(NumOrText::Text(td.cpu.to_string())),
        memory: Some(NumOrText::Text(td.memory.to_string())),
        network_mode: Some(td.network_mode.clone()),
        requires_compatibilities: td.requires_compatibilities.iter().map(|l| l.as_str().to_string()).collect(),
        sim: {
            let x = Extras {
                run_seconds: match td.workload {
                    Workload::Batch { run_seconds, .. } => Some(run_seconds),
                    Workload::LongRunning => None,
                },
                exit_code: match td.workload {
                    Workload::Batch { exit_code, .. } => Some(exit_code),
                    Workload::LongRunning => None,
                },
                image_pull_fails: td.faults.image_pull_fails,
                unhealthy: td.faults.unhealthy,
            };
            (x.run_seconds.is_some() || x.image_pull_fails || x.unhealthy).then_some(x)
        },
    };
    serde_json::to_string_pretty(&input).expect("plain data serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(json: &str) -> String {
        parse_task_definition(json).unwrap_err().to_string()
    }

    #[test]
    fn a_real_fargate_nginx_definition_registers() {
        let json = r#"{
          "family": "my-web-app", "networkMode": "awsvpc",
          "containerDefinitions": [{ "name": "web-server", "image": "nginx:latest",
             "portMappings": [{ "containerPort": 80, "hostPort": 80, "protocol": "tcp" }], "essential": true,
             "logConfiguration": { "logDriver": "awslogs", "options": { "awslogs-group": "/ecs/my-web-app" } } }],
          "requiresCompatibilities": ["FARGATE"], "cpu": "256", "memory": "512",
          "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"
        }"#;
        let td = parse_task_definition(json).unwrap();
        assert_eq!((td.family.as_str(), td.cpu, td.memory), ("my-web-app", 256, 512));
        assert_eq!(td.requires_compatibilities, vec![LaunchType::Fargate]);
        assert_eq!(td.containers[0].port_mappings[0].container_port, 80);
        assert_eq!(td.workload, Workload::LongRunning);
    }

    #[test]
    fn every_fargate_cpu_accepts_its_memory_range_and_rejects_the_rest() {
        for cpu in [256, 512, 1024, 2048, 4096, 8192, 16384] {
            let options = fargate_memory_options(cpu).unwrap();
            let mk = |m: u32| {
                format!(
                    r#"{{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"{cpu}","memory":"{m}","containerDefinitions":[{{"name":"a","image":"i"}}]}}"#
                )
            };
            for m in &options {
                assert!(parse_task_definition(&mk(*m)).is_ok(), "cpu {cpu} memory {m}");
            }
            let too_big = options.last().unwrap() + 1024;
            assert!(err(&mk(too_big)).starts_with(
                "An error occurred (ClientException) when calling the RegisterTaskDefinition operation: Invalid 'cpu' setting for task."
            ));
        }
        assert_eq!(fargate_memory_options(8192).unwrap(), (16..=60).step_by(4).map(|g| g * 1024).collect::<Vec<_>>());
        // The message names what is allowed: 1536 MiB is not, with 256 units.
        let mk = |cpu: u32, m: u32| {
            format!(
                r#"{{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"{cpu}","memory":"{m}","containerDefinitions":[{{"name":"a","image":"i"}}]}}"#
            )
        };
        assert!(err(&mk(256, 1536)).ends_with("cpu 256 allows memory 512, 1024 or 2048 MiB (got 1536)."), "{}", err(&mk(256, 1536)));
        assert!(err(&mk(16384, 1)).contains("cpu 16384 allows memory from 32768 to 122880 MiB in 8192 MiB steps (got 1)."));
        assert!(err(r#"{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"300","memory":"512","containerDefinitions":[{"name":"a","image":"i"}]}"#)
            .contains("Fargate supports cpu 256, 512, 1024, 2048, 4096, 8192 or 16384 units (got 300)."));
    }

    #[test]
    fn cpu_and_memory_accept_the_units_aws_accepts() {
        let td =
            parse_task_definition(r#"{"family":"f","cpu":"1 vCPU","memory":"2 GB","containerDefinitions":[{"name":"a","image":"i"}]}"#)
                .unwrap();
        assert_eq!((td.cpu, td.memory), (1024, 2048));
        let td =
            parse_task_definition(r#"{"family":"f","cpu":"0.25 vcpu","memory":"1GB","containerDefinitions":[{"name":"a","image":"i"}]}"#)
                .unwrap();
        assert_eq!((td.cpu, td.memory), (256, 1024));
        assert!(err(r#"{"family":"f","cpu":"lots","memory":"1","containerDefinitions":[{"name":"a","image":"i"}]}"#)
            .contains("cpu 'lots' is not a number"));
    }

    #[test]
    fn each_mistake_is_named() {
        let cases = [
            (r#"{"containerDefinitions":[{"name":"a","image":"i","memory":128}]}"#, "family is required."),
            (r#"{"family":"a b","containerDefinitions":[{"name":"a","image":"i","memory":128}]}"#, "family 'a b' is invalid"),
            (r#"{"family":"f"}"#, "containerDefinitions must contain at least one container."),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","essential":false}]}"#,
                "At least one container must be marked essential.",
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","memory":1024}]}"#,
                "containerDefinitions[0].memory (1024 MiB) is above the task's memory (512 MiB).",
            ),
            (
                r#"{"family":"f","containerDefinitions":[{"name":"a","image":"i"}]}"#,
                "containerDefinitions[0] must set memory or memoryReservation",
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i"},{"name":"a","image":"j"}]}"#,
                "containerDefinitions[1].name 'a' is used by another container.",
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","healthCheck":{"command":["CMD-SHELL","true"],"interval":2}}]}"#,
                "containerDefinitions[0].healthCheck.interval must be between 5 and 300 (got 2).",
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","healthCheck":{"command":["curl"]}}]}"#,
                "healthCheck.command must start with \"CMD\" or \"CMD-SHELL\"",
            ),
            (
                r#"{"family":"f","memory":"512","networkMode":"awsvpc","containerDefinitions":[{"name":"a","image":"i","portMappings":[{"containerPort":80,"hostPort":8080}]}]}"#,
                "in awsvpc mode hostPort must equal containerPort (80), got 8080.",
            ),
            (
                r#"{"family":"f","requiresCompatibilities":["FARGATE"],"networkMode":"bridge","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"i"}]}"#,
                "Fargate only supports network mode 'awsvpc'.",
            ),
            (
                r#"{"family":"f","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"i","cpu":512}]}"#,
                "The containers' cpu adds up to 512 units, above the task's cpu (256).",
            ),
            (r#"{"family":"#, "Invalid task definition JSON: "),
        ];
        for (json, expected) in cases {
            let e = err(json);
            assert!(e.contains(expected), "{json}\n  gave: {e}\n  want: {expected}");
            assert!(e.starts_with("An error occurred ("), "{e}");
        }
    }

    #[test]
    fn simulator_extras_make_batch_jobs_and_faults() {
        let td = parse_task_definition(r#"{"family":"nightly","memory":"512","containerDefinitions":[{"name":"a","image":"i"}],"x-ecs-sim":{"runSeconds":120,"exitCode":3,"unhealthy":true}}"#).unwrap();
        assert_eq!(td.workload, Workload::Batch { run_seconds: 120, exit_code: 3 });
        assert!(td.faults.unhealthy && !td.faults.image_pull_fails);
    }

    #[test]
    fn the_built_in_definitions_round_trip_through_json() {
        for mut td in crate::builtin_task_definitions() {
            td.revision = 0;
            assert_eq!(parse_task_definition(&to_json(&td)).unwrap(), td, "{}", to_json(&td));
        }
    }

    proptest::proptest! {
        #[test]
        fn arbitrary_input_never_panics(s in ".{0,200}") {
            let _ = parse_task_definition(&s);
        }

        #[test]
        fn arbitrary_json_shapes_never_panic(cpu in proptest::option::of("[0-9a-zA-Z .]{0,8}"), mem in proptest::option::of(0u32..200_000), n in 0usize..3, port in 0u32..70_000) {
            let containers: Vec<String> = (0..n).map(|i| format!(r#"{{"name":"c{i}","image":"x","memory":{},"portMappings":[{{"containerPort":{port}}}]}}"#, mem.unwrap_or(1))).collect();
            let json = format!(r#"{{"family":"f","cpu":{},"memory":{},"requiresCompatibilities":["FARGATE"],"containerDefinitions":[{}]}}"#,
                cpu.map(|c| format!("{c:?}")).unwrap_or("null".into()), mem.map(|m| m.to_string()).unwrap_or("null".into()), containers.join(","));
            let _ = parse_task_definition(&json);
        }
    }

    #[test]
    fn num_or_text_reads_like_the_derived_untagged_enum() {
        #[derive(Deserialize, Debug, PartialEq)]
        #[serde(untagged)]
        enum Derived {
            Num(f64),
            Text(String),
        }
        #[derive(Deserialize)]
        struct Ours {
            #[allow(dead_code)]
            cpu: Option<NumOrText>,
        }
        #[derive(Deserialize)]
        struct Theirs {
            #[allow(dead_code)]
            cpu: Option<Derived>,
        }
        for v in [
            "1",
            "-2",
            "1.5",
            "-0",
            "-0.0",
            "1e3",
            "18446744073709551616",
            "\"1 vCPU\"",
            "\"a\\u0041\"",
            "true",
            "false",
            "null",
            "[]",
            "[1, [2, {\"a\": 3}]]",
            "{}",
            "{\"a\": [1]}",
            "1e400",
            "[1, }",
            "\"\\x\"",
            "tru",
            "{\"a\" 1}",
        ] {
            for json in [format!("{{\"cpu\": {v}}}"), format!("{{\"cpu\": {v} , \"x\": 1}}"), format!("{{\n  \"cpu\":\n {v}\n}}")] {
                let ours = serde_json::from_str::<Ours>(&json).map(|o| match o.cpu {
                    Some(NumOrText::Num(n)) => Some(Derived::Num(n)),
                    Some(NumOrText::Text(t)) => Some(Derived::Text(t)),
                    None => None,
                });
                let theirs = serde_json::from_str::<Theirs>(&json).map(|t| t.cpu);
                match (ours, theirs) {
                    (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{json}"),
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string().replace("enum Derived", "enum NumOrText"), "{json}"),
                    (a, b) => panic!("{json}: {a:?} vs {b:?}"),
                }
            }
        }
    }
}
