//! One container definition: its name and image, port mappings (in awsvpc mode the task's own
//! interface, so no separate host port) and health check, each refusal naming its JSON path.

use super::input::{ContainerInput, HealthInput};
use super::{invalid, OP};
use crate::error::SimError;
use crate::model::*;

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

pub(super) fn container(i: usize, c: &ContainerInput, awsvpc: bool) -> Result<ContainerDefinition, SimError> {
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
