//! Task placement on EC2: filter instances by CPU, memory and ports, apply the constraints
//! (binding), then narrow the survivors with the strategies in order (best effort), and explain
//! every step in words the page can show.
//!
//! This module only reads the cluster; `sim` reserves the resources once a decision is made.

use crate::cluster_index::{ClusterIndex, Packed, SlotCounts};
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

/// Picks an instance for one task from `pool` (a run of [`ClusterIndex::packed`], in id order;
/// the whole records are read only where the packed ones do not say enough).
pub(crate) fn place(cluster: &ClusterIndex, pool: &[Packed], req: &Request<'_>, rng: &mut impl Rng) -> Result<Placed, Failure> {
    let spread = GroupCounts::new(req.spread_counts);
    // The registered instances holding tasks of the group that are not stopping: what a spread
    // counts.
    let holding: Vec<&Packed> = req
        .spread_counts
        .iter()
        .filter_map(|(slot, _)| cluster.packed_slot(slot))
        .filter(|p| p.status != InstanceStatus::Inactive)
        .collect();
    // One pass over the instances: those that fit, the first rejections and the closest miss.
    let mut active = 0usize;
    let mut fits = Vec::with_capacity(pool.len());
    let mut listed = Vec::new();
    let mut closest: Option<(usize, u64, &Packed, Resource)> = None;
    let mut rejected = 0usize;
    for p in pool {
        if p.status != InstanceStatus::Active {
            continue;
        }
        active += 1;
        // Most instances fit: say so from the packed figures alone.
        if req.ports.is_empty() && p.cpu_free >= req.cpu && p.memory_free >= req.memory {
            fits.push(p);
            continue;
        }
        let Some((first, missing)) = shortage(cluster, p, req) else {
            fits.push(p);
            continue;
        };
        rejected += 1;
        if rejected <= LISTED {
            let inst = cluster.instance_of(p);
            listed.push(format!("Rejected {} ({}): {}.", inst.ec2_instance_id, inst.az, describe(p, req, first)));
        }
        let slack = u64::from(p.cpu_free) + u64::from(p.memory_free);
        let better = closest.as_ref().is_none_or(|(n, s, _, _)| missing < *n || (missing == *n && slack > *s));
        if better {
            closest = Some((missing, slack, p, first));
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
        let (_, _, p, r) = closest.expect("some instance was rejected");
        let closest = Some(cluster.instance_of(p).id.clone());
        return Err(Failure { reason: r.failure_reason(), resource: Some(r), closest, explanation: why });
    }
    let counts = if req.constraints.is_empty() { GroupCounts(Vec::new()) } else { GroupCounts::new(req.group_counts) };
    for c in req.constraints {
        let before = fits.len();
        fits.retain(|p| satisfies(c, cluster.instance_of(p), &counts));
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
        fits = narrow(cluster, s, fits, &holding, &spread, rng);
        why.push(format!("{}: kept {} of {} instance(s).", s.label(), fits.len(), before));
    }
    let picked = fits[rng.random_range(0..fits.len())];
    if fits.len() > 1 {
        why.push(format!("{} instances tied; one was picked at random.", fits.len()));
    }
    let chosen = cluster.instance_of(picked);
    why.push(format!(
        "Placed on {} ({}, {}), which held {} task(s) of {}.",
        chosen.ec2_instance_id,
        chosen.instance_type,
        chosen.az,
        spread.of(picked),
        req.group
    ));
    Ok(Placed { instance: chosen.id.clone(), explanation: why })
}

/// Whether an instance meets a placement constraint, `counts` being the tasks of the group per slot.
fn satisfies(c: &Constraint, inst: &ContainerInstance, counts: &GroupCounts) -> bool {
    match c {
        Constraint::DistinctInstance => counts.0.get(inst.slot as usize).is_none_or(|n| *n == 0),
        // Commands validate expressions on the way in; an unparsable one matches nothing.
        Constraint::MemberOf(expr) => query::parse(expr).is_ok_and(|e| e.matches(&Ctx(inst))),
    }
}

/// Whether an instance would meet these constraints with no task on it (what a DAEMON service
/// asks of each instance).
pub fn admits(inst: &ContainerInstance, constraints: &[Constraint]) -> bool {
    constraints.iter().all(|c| satisfies(c, inst, &GroupCounts(Vec::new())))
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

    fn of(&self, p: &Packed) -> u32 {
        self.0.get(p.slot as usize).copied().unwrap_or(0)
    }
}

/// The first resource (CPU, memory, ports) the instance lacks for the task, and how many it
/// lacks; `None` when the task fits.
fn shortage(cluster: &ClusterIndex, p: &Packed, req: &Request<'_>) -> Option<(Resource, usize)> {
    let missing = [
        (p.cpu_free < req.cpu, Resource::Cpu),
        (p.memory_free < req.memory, Resource::Memory),
        (!req.ports.is_empty() && req.ports.iter().any(|port| cluster.instance_of(p).ports_used.contains(port)), Resource::Ports),
    ];
    let first = missing.iter().find(|m| m.0)?.1;
    Some((first, missing.iter().filter(|m| m.0).count()))
}

fn describe(p: &Packed, req: &Request<'_>, r: Resource) -> String {
    match r {
        Resource::Cpu => format!("insufficient CPU units ({} free, {} needed)", p.cpu_free, req.cpu),
        Resource::Memory => format!("insufficient memory ({} MiB free, {} needed)", p.memory_free, req.memory),
        Resource::Ports => "a required host port is already in use".into(),
    }
}

/// Keeps the instances with the lowest score, in place (a score is a lookup or two, cheaper to
/// take twice than to store).
fn keep_min(mut fits: Vec<&Packed>, score: impl Fn(&Packed) -> u64) -> Vec<&Packed> {
    let best = fits.iter().map(|p| score(p)).min().unwrap_or(0);
    fits.retain(|p| score(p) == best);
    fits
}

/// `holding`: the DRAINING or ACTIVE instances with tasks of the group that are not stopping;
/// `counts`: those tasks per instance.
fn narrow<'a>(
    cluster: &ClusterIndex,
    s: &Strategy,
    fits: Vec<&'a Packed>,
    holding: &[&Packed],
    counts: &GroupCounts,
    rng: &mut impl Rng,
) -> Vec<&'a Packed> {
    let in_group = |p: &Packed| u64::from(counts.of(p));
    match s {
        Strategy::Spread(field) if field == "instanceId" || field == "host" => keep_min(fits, in_group),
        Strategy::Spread(field) => {
            let field = field.strip_prefix("attribute:").unwrap_or(field);
            if field == "ecs.availability-zone" {
                // The packed zone indexes a list of a few: count per zone, then read it per instance.
                let mut per_zone = vec![0u64; cluster.zones().len()];
                for p in holding {
                    per_zone[p.zone as usize] += in_group(p);
                }
                return keep_min(fits, |p| per_zone[p.zone as usize]);
            }
            // Few distinct values (instance types, custom attributes): a small list beats a map.
            // Only instances with tasks of the group add to it; a value missing from it counts
            // zero, so an instance with a new value wins.
            let value = |p: &Packed| cluster.instance_of(p).attributes.get(field).map(String::as_str).unwrap_or("");
            let mut per_value: Vec<(&str, u64)> = Vec::new();
            for p in holding {
                let (n, v) = (in_group(p), value(p));
                match per_value.iter_mut().find(|(k, _)| *k == v) {
                    Some(e) => e.1 += n,
                    None => per_value.push((v, n)),
                }
            }
            keep_min(fits, |p| {
                let v = value(p);
                per_value.iter().find(|(k, _)| *k == v).map_or(0, |e| e.1)
            })
        }
        Strategy::Binpack(Resource::Memory) => keep_min(fits, |p| u64::from(p.memory_free)),
        Strategy::Binpack(_) => keep_min(fits, |p| u64::from(p.cpu_free)),
        Strategy::Random => vec![fits[rng.random_range(0..fits.len())]],
    }
}
