//! RegisterTaskDefinition's checks on a whole definition: family, compatibilities, network
//! mode, task size against its containers, and that the definition as a whole can run.

use super::container::container;
use super::input::{ContainerInput, Input};
use super::size::{self, parse_cpu, parse_memory};
use super::{client, invalid, OP};
use crate::error::SimError;
use crate::model::*;

fn valid_family(f: &str) -> bool {
    !f.is_empty() && f.len() <= 255 && f.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
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
    size::check_fargate(td)?;
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

#[cfg(test)]
mod tests {
    use super::super::input::to_json;
    use super::super::size::fargate_memory_options;
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
            assert_eq!(
                err(&mk(too_big)),
                format!("An error occurred (ClientException) when calling the RegisterTaskDefinition operation: No Fargate configuration exists for given values: {cpu} CPU, {too_big} memory. See the Amazon ECS documentation for the valid values.")
            );
        }
        assert_eq!(fargate_memory_options(8192).unwrap(), (16..=60).step_by(4).map(|g| g * 1024).collect::<Vec<_>>());
        // ECS's sentence alone; which pairs would do is the simulator's hint, apart from it.
        let mk = |cpu: u32, m: u32| {
            format!(
                r#"{{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"{cpu}","memory":"{m}","containerDefinitions":[{{"name":"a","image":"i"}}]}}"#
            )
        };
        let hint = |json: &str| parse_task_definition(json).unwrap_err().hint().map(str::to_string);
        assert_eq!(hint(&mk(256, 1536)).as_deref(), Some("On Fargate, cpu 256 allows memory 512, 1024 or 2048 MiB (got 1536)."));
        assert_eq!(
            hint(&mk(16384, 1)).as_deref(),
            Some("On Fargate, cpu 16384 allows memory from 32768 to 122880 MiB in 8192 MiB steps (got 1).")
        );
        assert_eq!(hint(&mk(300, 512)).as_deref(), Some("Fargate supports cpu 256, 512, 1024, 2048, 4096, 8192 or 16384 units (got 300)."));
        assert!(err(&mk(300, 512)).ends_with(
            "No Fargate configuration exists for given values: 300 CPU, 512 memory. See the Amazon ECS documentation for the valid values."
        ));
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
}
