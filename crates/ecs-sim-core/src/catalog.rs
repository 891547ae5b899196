//! The task definitions every new cluster starts with, so a visitor can deploy at once.

use crate::model::{ContainerDefinition, Faults, HealthCheck, LaunchType, PortMapping, TaskDefinition, Workload};

fn container(name: &str, image: &str, port: Option<u16>, health: bool) -> Vec<ContainerDefinition> {
    vec![ContainerDefinition {
        name: name.into(),
        image: image.into(),
        essential: true,
        cpu: 0,
        memory: None,
        // Bridge mode with a dynamic host port: any number of copies fit on one instance.
        port_mappings: port.map(|p| PortMapping { container_port: p, host_port: None }).into_iter().collect(),
        health_check: health.then(|| HealthCheck {
            command: vec!["CMD-SHELL".into(), format!("curl -f http://localhost:{}/ || exit 1", port.unwrap_or(80))],
            interval: 30,
            timeout: 5,
            retries: 3,
            start_period: 0,
        }),
    }]
}

/// awsvpc and both launch types, as most task definitions are today.
fn def(family: &str, cpu: u32, memory: u32, containers: Vec<ContainerDefinition>, workload: Workload) -> TaskDefinition {
    TaskDefinition {
        family: family.into(),
        revision: 1,
        cpu,
        memory,
        network_mode: "awsvpc".into(),
        requires_compatibilities: vec![LaunchType::Ec2, LaunchType::Fargate],
        containers,
        workload,
        faults: Faults::default(),
    }
}

/// `web:1` (nginx), `api:1`, `worker:1` (long-running) and `batch-job:1`, `db-migrate:1`,
/// `report:1` (batch; `report` exits with code 1). All are awsvpc for EC2 and Fargate, except
/// `worker`: bridge networking on EC2 only, so its tasks skip PROVISIONING and DEPROVISIONING.
pub fn builtin_task_definitions() -> Vec<TaskDefinition> {
    let py = "public.ecr.aws/docker/library/python:3.12-slim";
    let bridge =
        |td: TaskDefinition| TaskDefinition { network_mode: "bridge".into(), requires_compatibilities: vec![LaunchType::Ec2], ..td };
    vec![
        def("web", 256, 512, container("web", "public.ecr.aws/nginx/nginx:1.27", Some(80), true), Workload::LongRunning),
        def("api", 512, 1024, container("api", "public.ecr.aws/docker/library/node:22-alpine", Some(3000), true), Workload::LongRunning),
        bridge(def("worker", 256, 512, container("worker", py, None, false), Workload::LongRunning)),
        def("batch-job", 256, 512, container("batch", py, None, false), Workload::Batch { run_seconds: 45, exit_code: 0 }),
        def(
            "db-migrate",
            256,
            512,
            container("migrate", "public.ecr.aws/docker/library/postgres:17", None, false),
            Workload::Batch { run_seconds: 20, exit_code: 0 },
        ),
        def("report", 512, 1024, container("report", py, None, false), Workload::Batch { run_seconds: 30, exit_code: 1 }),
    ]
}
