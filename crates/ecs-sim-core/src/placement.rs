//! Task placement on EC2: filter instances by CPU, memory and ports, apply the constraints
//! (binding), then narrow the survivors with the strategies in order (best effort), and explain
//! every step in words the page can show.
//!
//! This module only reads the cluster; `sim` reserves the resources once a decision is made.

use crate::cluster_index::{ClusterIndex, Packed, SlotCounts};
use crate::model::{ContainerInstance, InstanceStatus};
use crate::placement_spec::Spread;
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
    let in_group = |p: &Packed| u64::from(spread.of(p));
    let holding = holding(cluster, req);
    let mut survey = Survey::of(cluster, pool.iter(), req);
    let mut fits = std::mem::take(&mut survey.fits);
    let mut why = survey.explain(cluster, req, fits.len())?;
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
        fits = narrow(cluster, s, fits, &holding, &in_group, rng);
        why.push(format!("{}: kept {} of {} instance(s).", s.label(), fits.len(), before));
    }
    let picked = fits[rng.random_range(0..fits.len())];
    Ok(placed(cluster, req, picked, fits.len(), why))
}

/// The registered instances holding tasks of the group that are not stopping: what a spread
/// counts.
pub(crate) fn holding<'a>(cluster: &'a ClusterIndex, req: &Request<'_>) -> Vec<&'a Packed> {
    req.spread_counts.iter().filter_map(|(slot, _)| cluster.packed_slot(slot)).filter(|p| p.status != InstanceStatus::Inactive).collect()
}

/// The decision's last lines, once `picked` was drawn from `tied` instances.
pub(crate) fn placed(cluster: &ClusterIndex, req: &Request<'_>, picked: &Packed, tied: usize, mut why: Vec<String>) -> Placed {
    if tied > 1 {
        why.push(format!("{tied} instances tied; one was picked at random."));
    }
    let chosen = cluster.instance_of(picked);
    why.push(format!(
        "Placed on {} ({}, {}), which held {} task(s) of {}.",
        chosen.ec2_instance_id,
        chosen.instance_type,
        chosen.az,
        req.spread_counts.get(picked.slot),
        req.group
    ));
    Placed { instance: chosen.id.clone(), explanation: why }
}

/// One pass over some ACTIVE instances: those that fit, the first rejections and the closest miss.
pub(crate) struct Survey<'a> {
    /// The ACTIVE instances looked at.
    pub active: usize,
    pub fits: Vec<&'a Packed>,
    listed: Vec<String>,
    rejected: usize,
    closest: Option<(usize, u64, &'a Packed, Resource)>,
}

impl<'a> Survey<'a> {
    pub fn of(cluster: &ClusterIndex, pool: impl ExactSizeIterator<Item = &'a Packed>, req: &Request<'_>) -> Survey<'a> {
        let mut s = Survey { active: 0, fits: Vec::with_capacity(pool.len()), listed: Vec::new(), rejected: 0, closest: None };
        for p in pool {
            if p.status != InstanceStatus::Active {
                continue;
            }
            s.active += 1;
            // Most instances fit: say so from the packed figures alone.
            if req.ports.is_empty() && p.cpu_free >= req.cpu && p.memory_free >= req.memory {
                s.fits.push(p);
                continue;
            }
            let Some((first, missing)) = shortage(cluster, p, req) else {
                s.fits.push(p);
                continue;
            };
            s.rejected += 1;
            if s.rejected <= LISTED {
                let inst = cluster.instance_of(p);
                s.listed.push(format!("Rejected {} ({}): {}.", inst.ec2_instance_id, inst.az, describe(p, req, first)));
            }
            let slack = u64::from(p.cpu_free) + u64::from(p.memory_free);
            let better = s.closest.as_ref().is_none_or(|(n, sl, _, _)| missing < *n || (missing == *n && slack > *sl));
            if better {
                s.closest = Some((missing, slack, p, first));
            }
        }
        s
    }

    /// The explanation's first lines, `fitting` instances fitting in all; the failure when none
    /// is ACTIVE or none fits.
    pub fn explain(mut self, cluster: &ClusterIndex, req: &Request<'_>, fitting: usize) -> Result<Vec<String>, Failure> {
        let mut why = Vec::with_capacity(self.listed.len() + 8);
        why.push(format!(
            "Task needs {} CPU units and {} MiB{}; {} ACTIVE container instance(s) considered.",
            req.cpu,
            req.memory,
            if req.ports.is_empty() { String::new() } else { format!(" and host port(s) {:?}", req.ports) },
            self.active
        ));
        if self.active == 0 {
            why.push("No ACTIVE container instance is registered.".into());
            return Err(Failure { reason: "AGENT", resource: None, closest: None, explanation: why });
        }
        why.append(&mut self.listed);
        if self.rejected > LISTED {
            why.push(format!("…and {} more rejected for CPU, memory or ports.", self.rejected - LISTED));
        }
        if fitting == 0 {
            why.push("No container instance met all of the task's requirements.".into());
            let (_, _, p, r) = self.closest.expect("some instance was rejected");
            let closest = Some(cluster.instance_of(p).id.clone());
            return Err(Failure { reason: r.failure_reason(), resource: Some(r), closest, explanation: why });
        }
        Ok(why)
    }
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
pub(crate) fn keep_min(mut fits: Vec<&Packed>, score: impl Fn(&Packed) -> u64) -> Vec<&Packed> {
    let best = fits.iter().map(|p| score(p)).min().unwrap_or(0);
    fits.retain(|p| score(p) == best);
    fits
}

/// `holding`: the DRAINING or ACTIVE instances with tasks of the group that are not stopping;
/// `in_group`: those tasks on an instance.
pub(crate) fn narrow<'a>(
    cluster: &ClusterIndex,
    s: &Strategy,
    fits: Vec<&'a Packed>,
    holding: &[&Packed],
    in_group: &impl Fn(&Packed) -> u64,
    rng: &mut impl Rng,
) -> Vec<&'a Packed> {
    match (s, s.spread()) {
        (_, Some(Spread::Instance)) => keep_min(fits, in_group),
        (_, Some(Spread::Zone)) => {
            // The packed zone indexes a list of a few: count per zone, then read it per instance.
            let per_zone = per_zone(cluster, holding, in_group);
            keep_min(fits, |p| per_zone[p.zone as usize])
        }
        (_, Some(Spread::Attribute(field))) => {
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
        (Strategy::Binpack(Resource::Memory), _) => keep_min(fits, |p| u64::from(p.memory_free)),
        (Strategy::Binpack(_), _) => keep_min(fits, |p| u64::from(p.cpu_free)),
        _ => vec![fits[rng.random_range(0..fits.len())]],
    }
}

/// The group's tasks per zone (an index into the cluster's zones), from the instances holding them.
pub(crate) fn per_zone(cluster: &ClusterIndex, holding: &[&Packed], in_group: &impl Fn(&Packed) -> u64) -> Vec<u64> {
    let mut per_zone = vec![0u64; cluster.zones().len()];
    for p in holding {
        per_zone[p.zone as usize] += in_group(p);
    }
    per_zone
}
