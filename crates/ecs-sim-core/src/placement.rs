//! Task placement on EC2: filter instances by CPU, memory and ports, apply the constraints
//! (binding), then narrow the survivors with the strategies in order (best effort), and explain
//! every step in words the page can show.
//!
//! This module only reads the cluster; `sim` reserves the resources once a decision is made.

use crate::cluster_index::SlotCounts;
use crate::model::{ContainerInstance, InstanceStatus};
pub use crate::placement_spec::{Constraint, Resource, Strategy};
use crate::query::{self, QueryContext};
use rand::Rng;

/// What one task needs.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    /// CPU units.
    pub cpu: u32,
    /// Memory, MiB.
    pub memory: u32,
    /// Fixed host ports.
    pub ports: &'a [u16],
    /// The task group being placed (`service:web`).
    pub group: &'a str,
    /// Strategies, applied in order.
    pub strategies: &'a [Strategy],
    /// Constraints, all binding.
    pub constraints: &'a [Constraint],
    /// Tasks of `group` per container-instance slot until they are STOPPED
    /// ([`crate::Simulation::group_counts`]): what `distinctInstance` reads, since a stopping task
    /// is still on its instance.
    pub group_counts: &'a SlotCounts,
    /// Tasks of `group` per slot that are not stopping: what a spread counts. ECS places a service
    /// task by "the fewest number of running tasks for this service", and a task asked to stop is
    /// no longer one the service runs, so a killed task's zone is the short one at once.
    pub spread_counts: &'a SlotCounts,
}

/// Why no instance could take the task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `RESOURCE:CPU` and friends, `ATTRIBUTE` (constraints) or `AGENT` (no instance at all).
    pub reason: &'static str,
    /// The missing resource on the closest matching instance, when resources were the problem.
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

/// Rejections listed one by one before the explanation summarises the rest.
const LISTED: usize = 4;

struct Ctx<'a>(&'a ContainerInstance);

impl QueryContext for Ctx<'_> {
    fn attribute(&self, name: &str) -> Option<String> {
        self.0.attributes.get(name).cloned()
    }
    fn ec2_instance_id(&self) -> String {
        self.0.ec2_instance_id.clone()
    }
    fn running_tasks_count(&self) -> u32 {
        self.0.running_tasks_count
    }
    fn has_task_group(&self, group: &str) -> bool {
        self.0.task_groups.get(group).is_some_and(|n| *n > 0)
    }
    fn agent_connected(&self) -> bool {
        self.0.status != InstanceStatus::Inactive
    }
}

/// Picks an instance for one task.
pub fn place(instances: &mut dyn Iterator<Item = &ContainerInstance>, req: &Request<'_>, rng: &mut impl Rng) -> Result<Placed, Failure> {
    let counts = GroupCounts::new(req.group_counts);
    let spread = GroupCounts::new(req.spread_counts);
    // One pass over the instances: those that fit, the first rejections, the closest miss, and
    // the registered instances holding tasks of the group (what a spread counts).
    let mut active = 0usize;
    let mut fits = Vec::with_capacity(instances.size_hint().0);
    let mut holding = Vec::new();
    let mut listed = Vec::new();
    let mut closest: Option<(usize, u64, &ContainerInstance, Resource)> = None;
    let mut rejected = 0usize;
    for inst in instances {
        if inst.status == InstanceStatus::Inactive {
            continue;
        }
        if spread.of(inst) > 0 {
            holding.push(inst);
        }
        if inst.status != InstanceStatus::Active {
            continue;
        }
        active += 1;
        let Some((first, missing)) = shortage(inst, req) else {
            fits.push(inst);
            continue;
        };
        rejected += 1;
        if rejected <= LISTED {
            listed.push(format!("Rejected {} ({}): {}.", inst.ec2_instance_id, inst.az, describe(inst, req, first)));
        }
        let slack = u64::from(inst.cpu_free()) + u64::from(inst.memory_free());
        let better = closest.as_ref().is_none_or(|(n, s, _, _)| missing < *n || (missing == *n && slack > *s));
        if better {
            closest = Some((missing, slack, inst, first));
        }
    }
    let mut why = Vec::with_capacity(listed.len() + 8);
    why.push(format!(
        "Task needs {} CPU units and {} MiB{}; {} ACTIVE container instance(s) considered.",
        req.cpu,
        req.memory,
        if req.ports.is_empty() { String::new() } else { format!(" and host port(s) {:?}", req.ports) },
        active
    ));
    if active == 0 {
        why.push("No ACTIVE container instance is registered.".into());
        return Err(Failure { reason: "AGENT", resource: None, closest: None, explanation: why });
    }
    why.append(&mut listed);
    if rejected > LISTED {
        why.push(format!("…and {} more rejected for CPU, memory or ports.", rejected - LISTED));
    }
    if fits.is_empty() {
        why.push("No container instance met all of the task's requirements.".into());
        let (_, _, inst, r) = closest.expect("some instance was rejected");
        return Err(Failure { reason: r.failure_reason(), resource: Some(r), closest: Some(inst.id.clone()), explanation: why });
    }
    for c in req.constraints {
        let before = fits.len();
        fits = apply_constraint(c, fits, &counts);
        why.push(format!("{}: kept {} of {} instance(s).", c.label(), fits.len(), before));
        if fits.is_empty() {
            why.push("No instance satisfies the placement constraints.".into());
            return Err(Failure { reason: "ATTRIBUTE", resource: None, closest: None, explanation: why });
        }
    }
    for s in req.strategies {
        if fits.len() == 1 {
            break;
        }
        let before = fits.len();
        fits = narrow(s, fits, &holding, &spread, rng);
        why.push(format!("{}: kept {} of {} instance(s).", s.label(), fits.len(), before));
    }
    let chosen = fits[rng.random_range(0..fits.len())];
    if fits.len() > 1 {
        why.push(format!("{} instances tied; one was picked at random.", fits.len()));
    }
    why.push(format!(
        "Placed on {} ({}, {}), which held {} task(s) of {}.",
        chosen.ec2_instance_id,
        chosen.instance_type,
        chosen.az,
        spread.of(chosen),
        req.group
    ));
    Ok(Placed { instance: chosen.id.clone(), explanation: why })
}

/// Tasks of the group being placed, per instance slot, flattened for quick reads.
struct GroupCounts(Vec<u32>);

impl GroupCounts {
    fn new(by_slot: &SlotCounts) -> GroupCounts {
        let mut v = vec![0; by_slot.last_slot().map_or(0, |s| s as usize + 1)];
        for (s, n) in by_slot.iter() {
            v[s as usize] = n;
        }
        GroupCounts(v)
    }

    fn of(&self, inst: &ContainerInstance) -> u32 {
        self.0.get(inst.slot as usize).copied().unwrap_or(0)
    }
}

fn apply_constraint<'a>(c: &Constraint, fits: Vec<&'a ContainerInstance>, counts: &GroupCounts) -> Vec<&'a ContainerInstance> {
    match c {
        Constraint::DistinctInstance => fits.into_iter().filter(|i| counts.of(i) == 0).collect(),
        Constraint::MemberOf(expr) => match query::parse(expr) {
            Ok(e) => fits.into_iter().filter(|i| e.matches(&Ctx(i))).collect(),
            // Commands validate expressions on the way in; an unparsable one matches nothing.
            Err(_) => Vec::new(),
        },
    }
}

/// The first resource (CPU, memory, ports) the instance lacks for the task, and how many it
/// lacks; `None` when the task fits.
fn shortage(inst: &ContainerInstance, req: &Request<'_>) -> Option<(Resource, usize)> {
    let missing = [
        (inst.cpu_free() < req.cpu, Resource::Cpu),
        (inst.memory_free() < req.memory, Resource::Memory),
        (req.ports.iter().any(|p| inst.ports_used.contains(p)), Resource::Ports),
    ];
    let first = missing.iter().find(|m| m.0)?.1;
    Some((first, missing.iter().filter(|m| m.0).count()))
}

fn describe(inst: &ContainerInstance, req: &Request<'_>, r: Resource) -> String {
    match r {
        Resource::Cpu => format!("insufficient CPU units ({} free, {} needed)", inst.cpu_free(), req.cpu),
        Resource::Memory => format!("insufficient memory ({} MiB free, {} needed)", inst.memory_free(), req.memory),
        Resource::Ports => "a required host port is already in use".into(),
    }
}

/// Where a spread strategy reads its value, resolved once per decision.
enum Field<'f> {
    AvailabilityZone,
    Attribute(&'f str),
}

impl Field<'_> {
    fn value<'a>(&self, inst: &'a ContainerInstance) -> &'a str {
        match self {
            Field::AvailabilityZone => &inst.az,
            Field::Attribute(name) => inst.attributes.get(name).map(String::as_str).unwrap_or(""),
        }
    }
}

/// `a == b`, for the short values a spread compares: values such as zones (`us-east-1a`,
/// `us-east-1b`) differ in their last byte, so that is looked at before the whole string.
fn same_value(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// Keeps the instances with the lowest score (each scored once).
fn keep_min(fits: Vec<&ContainerInstance>, score: impl Fn(&ContainerInstance) -> u64) -> Vec<&ContainerInstance> {
    let scored: Vec<(u64, &ContainerInstance)> = fits.into_iter().map(|i| (score(i), i)).collect();
    let best = scored.iter().map(|s| s.0).min().unwrap_or(0);
    scored.into_iter().filter(|s| s.0 == best).map(|s| s.1).collect()
}

/// `holding`: the DRAINING or ACTIVE instances with tasks of the group that are not stopping;
/// `counts`: those tasks per instance.
fn narrow<'a>(
    s: &Strategy,
    fits: Vec<&'a ContainerInstance>,
    holding: &[&ContainerInstance],
    counts: &GroupCounts,
    rng: &mut impl Rng,
) -> Vec<&'a ContainerInstance> {
    let in_group = |i: &ContainerInstance| u64::from(counts.of(i));
    match s {
        Strategy::Spread(field) if field == "instanceId" || field == "host" => keep_min(fits, in_group),
        Strategy::Spread(field) => {
            let field = match field.strip_prefix("attribute:").unwrap_or(field) {
                "ecs.availability-zone" => Field::AvailabilityZone,
                name => Field::Attribute(name),
            };
            // Few distinct values (zones, types): a small list beats a map. Only instances with
            // tasks of the group add to it; a value missing from it counts zero, so an empty
            // zone wins.
            let mut per_value: Vec<(&str, u64)> = Vec::new();
            for inst in holding {
                let n = in_group(inst);
                let v = field.value(inst);
                match per_value.iter_mut().find(|(k, _)| same_value(k, v)) {
                    Some(e) => e.1 += n,
                    None => per_value.push((v, n)),
                }
            }
            let value_count = |i: &ContainerInstance| {
                let v = field.value(i);
                per_value.iter().find(|(k, _)| same_value(k, v)).map_or(0, |e| e.1)
            };
            keep_min(fits, value_count)
        }
        Strategy::Binpack(Resource::Memory) => keep_min(fits, |i| u64::from(i.memory_free())),
        Strategy::Binpack(_) => keep_min(fits, |i| u64::from(i.cpu_free())),
        Strategy::Random => vec![fits[rng.random_range(0..fits.len())]],
    }
}
