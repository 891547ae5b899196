//! The task definitions every new cluster starts with, so a visitor can deploy at once.

use crate::model::{ContainerDefinition, TaskDefinition, Workload};

fn container(name: &str, image: &str, host_port: Option<u16>) -> Vec<ContainerDefinition> {
    vec![ContainerDefinition { name: name.into(), image: image.into(), essential: true, host_port }]
}

fn def(family: &str, cpu: u32, memory: u32, containers: Vec<ContainerDefinition>, workload: Workload) -> TaskDefinition {
    TaskDefinition { family: family.into(), revision: 1, cpu, memory, network_mode: "bridge".into(), containers, workload }
}

/// `web:1` (nginx), `api:1`, `worker:1` (long-running) and `batch-job:1`, `db-migrate:1`,
/// `report:1` (batch; `report` exits with code 1).
pub fn builtin_task_definitions() -> Vec<TaskDefinition> {
    vec![
        def("web", 256, 512, container("web", "public.ecr.aws/nginx/nginx:1.27", None), Workload::LongRunning),
        def("api", 512, 1024, container("api", "public.ecr.aws/docker/library/node:22-alpine", None), Workload::LongRunning),
        def("worker", 256, 512, container("worker", "public.ecr.aws/docker/library/python:3.12-slim", None), Workload::LongRunning),
        def(
            "batch-job",
            256,
            512,
            container("batch", "public.ecr.aws/docker/library/python:3.12-slim", None),
            Workload::Batch { run_seconds: 45, exit_code: 0 },
        ),
        def(
            "db-migrate",
            256,
            512,
            container("migrate", "public.ecr.aws/docker/library/postgres:17", None),
            Workload::Batch { run_seconds: 20, exit_code: 0 },
        ),
        def(
            "report",
            512,
            1024,
            container("report", "public.ecr.aws/docker/library/python:3.12-slim", None),
            Workload::Batch { run_seconds: 30, exit_code: 1 },
        ),
    ]
}
