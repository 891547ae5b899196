//! Task placement on EC2: filter instances by CPU, memory and ports, then narrow the survivors with
//! the strategies in order, and explain every step in words the page can show.
//!
//! This module only reads the cluster; `sim` reserves the resources once a decision is made.

use crate::model::{ContainerInstance, InstanceStatus};
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A placement strategy (best effort, applied in order).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "type", content = "field")]
pub enum Strategy {
    /// Even out tasks of the group over the values of a field: `instanceId` or `attribute:NAME`.
    Spread(String),
    /// Fill the instance with the least of the resource left (`cpu` or `memory`).
    Binpack(Resource),
    /// Any instance that fits.
    Random,
}

impl Strategy {
    /// The service default: spread over AZs, then over instances.
    pub fn service_default() -> Vec<Strategy> {
        vec![
            Strategy::Spread("attribute:ecs.availability-zone".into()),
            Strategy::Spread("instanceId".into()),
        ]
    }

    fn label(&self) -> String {
        match self {
            Strategy::Spread(f) => format!("spread({f})"),
            Strategy::Binpack(r) => format!("binpack({})", r.as_str()),
            Strategy::Random => "random".into(),
        }
    }
}

/// A resource a task reserves on its instance.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Resource {
    /// CPU units.
    Cpu,
    /// Memory, MiB.
    Memory,
    /// Host ports.
    Ports,
}

impl Resource {
    /// `cpu`, `memory` or `ports`.
    pub fn as_str(self) -> &'static str {
        match self {
            Resource::Cpu => "cpu",
            Resource::Memory => "memory",
            Resource::Ports => "ports",
        }
    }

    /// The reason RunTask reports, e.g. `RESOURCE:CPU`.
    pub fn failure_reason(self) -> &'static str {
        match self {
            Resource::Cpu => "RESOURCE:CPU",
            Resource::Memory => "RESOURCE:MEMORY",
            Resource::Ports => "RESOURCE:PORTS",
        }
    }

    /// How a service event words the shortage.
    pub fn shortage(self) -> &'static str {
        match self {
            Resource::Cpu => "has insufficient CPU units available",
            Resource::Memory => "has insufficient memory available",
            Resource::Ports => "is already using a port required by your task",
        }
    }
}

/// What one task needs.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// CPU units.
    pub cpu: u32,
    /// Memory, MiB.
    pub memory: u32,
    /// Fixed host ports.
    pub ports: &'a [u16],
    /// The task group being spread (`service:web`), for the explanation.
    pub group: &'a str,
    /// Strategies, applied in order.
    pub strategies: &'a [Strategy],
}

/// Why no instance could take the task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The missing resource on the closest matching instance (`None` when the cluster has no
    /// ACTIVE instance at all).
    pub resource: Option<Resource>,
    /// The closest matching container instance id.
    pub closest: Option<String>,
    /// The steps that led here.
    pub explanation: Vec<String>,
}

/// A successful decision.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placed {
    /// The chosen container instance id.
    pub instance: String,
    /// Which instances were rejected by what, how the rest ranked.
    pub explanation: Vec<String>,
}

/// Picks an instance for one task. `group_count` says how many tasks of the request's group each
/// instance holds (by container-instance id; missing means none).
pub fn place(
    instances: &BTreeMap<String, ContainerInstance>,
    group_count: &BTreeMap<String, u32>,
    req: &Request<'_>,
    rng: &mut impl Rng,
) -> Result<Placed, Failure> {
    let mut why = Vec::new();
    let active: Vec<&ContainerInstance> =
        instances.values().filter(|i| i.status == InstanceStatus::Active).collect();
    why.push(format!(
        "Task needs {} CPU units and {} MiB; {} ACTIVE container instance(s) considered.",
        req.cpu,
        req.memory,
        active.len()
    ));
    let mut fits = Vec::new();
    let mut closest: Option<(usize, u64, &ContainerInstance, Resource)> = None;
    for inst in &active {
        let missing = shortages(inst, req);
        if missing.is_empty() {
            fits.push(*inst);
            continue;
        }
        let first = missing[0];
        why.push(format!("Rejected {} ({}): {}.", inst.ec2_instance_id, inst.az, describe(inst, req, first)));
        let slack = u64::from(inst.cpu_free()) + u64::from(inst.memory_free());
        let better = match &closest {
            None => true,
            Some((n, s, _, _)) => missing.len() < *n || (missing.len() == *n && slack > *s),
        };
        if better {
            closest = Some((missing.len(), slack, inst, first));
        }
    }
    if fits.is_empty() {
        why.push("No container instance met all of the task's requirements.".into());
        return Err(Failure {
            resource: closest.map(|c| c.3),
            closest: closest.map(|c| c.2.id.clone()),
            explanation: why,
        });
    }
    for s in req.strategies {
        if fits.len() == 1 {
            break;
        }
        let before = fits.len();
        fits = narrow(s, fits, instances, group_count, rng);
        why.push(format!("{}: kept {} of {} instance(s).", s.label(), fits.len(), before));
    }
    let chosen = fits[rng.random_range(0..fits.len())];
    if fits.len() > 1 {
        why.push(format!("{} instances tied; one was picked at random.", fits.len()));
    }
    why.push(format!(
        "Placed on {} ({}, {}), which holds {} task(s) of {}.",
        chosen.ec2_instance_id,
        chosen.instance_type,
        chosen.az,
        group_count.get(&chosen.id).copied().unwrap_or(0),
        req.group
    ));
    Ok(Placed { instance: chosen.id.clone(), explanation: why })
}

fn shortages(inst: &ContainerInstance, req: &Request<'_>) -> Vec<Resource> {
    let mut out = Vec::new();
    if inst.cpu_free() < req.cpu {
        out.push(Resource::Cpu);
    }
    if inst.memory_free() < req.memory {
        out.push(Resource::Memory);
    }
    if req.ports.iter().any(|p| inst.ports_used.contains(p)) {
        out.push(Resource::Ports);
    }
    out
}

fn describe(inst: &ContainerInstance, req: &Request<'_>, r: Resource) -> String {
    match r {
        Resource::Cpu => format!("insufficient CPU units ({} free, {} needed)", inst.cpu_free(), req.cpu),
        Resource::Memory => format!("insufficient memory ({} MiB free, {} needed)", inst.memory_free(), req.memory),
        Resource::Ports => "a required host port is already in use".into(),
    }
}

fn field_value(inst: &ContainerInstance, field: &str) -> String {
    match field {
        "instanceId" | "host" => inst.id.clone(),
        f => {
            let name = f.strip_prefix("attribute:").unwrap_or(f);
            inst.attributes.get(name).cloned().unwrap_or_default()
        }
    }
}

fn narrow<'a>(
    s: &Strategy,
    fits: Vec<&'a ContainerInstance>,
    all: &BTreeMap<String, ContainerInstance>,
    group_count: &BTreeMap<String, u32>,
    rng: &mut impl Rng,
) -> Vec<&'a ContainerInstance> {
    let keep_min = |fits: Vec<&'a ContainerInstance>, score: &dyn Fn(&ContainerInstance) -> u64| {
        let best = fits.iter().map(|i| score(i)).min().unwrap_or(0);
        fits.into_iter().filter(|i| score(i) == best).collect::<Vec<_>>()
    };
    match s {
        Strategy::Spread(field) => {
            let mut per_value: BTreeMap<String, u64> = BTreeMap::new();
            for inst in all.values().filter(|i| i.status != InstanceStatus::Inactive) {
                *per_value.entry(field_value(inst, field)).or_default() +=
                    u64::from(group_count.get(&inst.id).copied().unwrap_or(0));
            }
            keep_min(fits, &|i| per_value.get(&field_value(i, field)).copied().unwrap_or(0))
        }
        Strategy::Binpack(Resource::Memory) => keep_min(fits, &|i| u64::from(i.memory_free())),
        Strategy::Binpack(_) => keep_min(fits, &|i| u64::from(i.cpu_free())),
        Strategy::Random => vec![fits[rng.random_range(0..fits.len())]],
    }
}
