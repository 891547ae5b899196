//! Placement over the whole cluster without a look at every instance. For a task with no host
//! ports and no constraints, spread by zone and instance or random (a service's default), the
//! decision is [`placement::place`]'s, word for word and draw for draw, read from
//! [`FreeCapacity`](crate::free_capacity::FreeCapacity): only the tight instances are looked at
//! one by one, and the roomy ones are counted and picked among by position. Any other request
//! goes to [`placement::place`].

use crate::cluster_index::{ClusterIndex, Packed};
use crate::placement::{self, Failure, Placed, Request, Strategy, Survey};
use crate::placement_spec::Spread;
use crate::sort;
use rand::Rng;

/// Picks an instance for one task among all the cluster's instances. Without the
/// `free-capacity-index` feature this is [`placement::place`] over every instance.
pub(crate) fn place(cluster: &ClusterIndex, req: &Request<'_>, rng: &mut impl Rng) -> Result<Placed, Failure> {
    if cfg!(feature = "free-capacity-index") && indexed(cluster, req) {
        decide(cluster, req, rng)
    } else {
        placement::place(cluster, cluster.packed(), req, rng)
    }
}

/// Whether the index can decide this request.
fn indexed(cluster: &ClusterIndex, req: &Request<'_>) -> bool {
    let by_index = |s: &Strategy| matches!(s, Strategy::Random) || matches!(s.spread(), Some(Spread::Instance | Spread::Zone));
    req.ports.is_empty()
        && req.constraints.is_empty()
        && req.strategies.iter().all(by_index)
        && cluster.free_capacity().covers(req.cpu, req.memory)
}

/// Not inlined: its two callers would each carry a copy (kilobytes of wasm).
#[inline(never)]
fn decide(cluster: &ClusterIndex, req: &Request<'_>, rng: &mut impl Rng) -> Result<Placed, Failure> {
    let (room, packed) = (cluster.free_capacity(), cluster.packed());
    let mut survey = Survey::of(cluster, room.tight().iter().map(|&at| &packed[at as usize]), req);
    survey.active += room.roomy_count();
    let at = |p: &Packed| (cluster.position_of(p.slot), p.zone);
    let mut cands = room.candidates(survey.fits.iter().map(|p| at(p)).collect());
    let mut why = survey.explain(cluster, req, cands.count())?;
    let in_group = |p: &Packed| u64::from(req.spread_counts.get(p.slot));
    let holding = placement::holding(cluster, req);
    // Once narrowed to a few, listed in id order as `placement::place` holds them.
    let mut listed: Option<Vec<&Packed>> = None;
    for s in req.strategies {
        let before = listed.as_ref().map_or_else(|| cands.count(), Vec::len);
        if before == 1 {
            break;
        }
        if let Some(fits) = listed.take() {
            listed = Some(placement::narrow(cluster, s, fits, &holding, &in_group, rng));
        } else if s.spread() == Some(Spread::Zone) {
            let per_zone = placement::per_zone(cluster, &holding, &in_group);
            let present: Vec<usize> = (0..per_zone.len()).map(|z| cands.in_zone(z)).collect();
            let best = (0..per_zone.len()).filter(|&z| present[z] > 0).map(|z| per_zone[z]).min().unwrap_or(0);
            cands.keep_zones(|z| present[z] > 0 && per_zone[z] == best);
        } else if s.spread() == Some(Spread::Instance) {
            // The candidates holding tasks of the group; any other holds none, the fewest.
            let found: Vec<(u32, u16, &Packed)> = holding
                .iter()
                .map(|p| (at(p), *p))
                .filter(|((pos, z), _)| cands.contains(*pos, *z))
                .map(|((pos, z), p)| (pos, z, p))
                .collect();
            // Through the page's one sort (positions are distinct, so stable is unstable).
            let mut order: Vec<usize> = (0..found.len()).collect();
            sort::sort_indices(&mut order, &|a, b| found[a].0.cmp(&found[b].0));
            let members: Vec<(u32, u16, &Packed)> = order.into_iter().map(|i| found[i]).collect();
            if before > members.len() {
                cands.exclude(&members.iter().map(|m| (m.0, m.1)).collect::<Vec<_>>());
            } else {
                listed = Some(placement::keep_min(members.into_iter().map(|m| m.2).collect(), in_group));
            }
        } else {
            listed = Some(vec![&packed[cands.select(rng.random_range(0..before)) as usize]]);
        }
        let after = listed.as_ref().map_or_else(|| cands.count(), Vec::len);
        why.push(format!("{}: kept {} of {} instance(s).", s.label(), after, before));
    }
    let tied = listed.as_ref().map_or_else(|| cands.count(), Vec::len);
    let drawn = rng.random_range(0..tied);
    let picked = listed.as_ref().map_or_else(|| &packed[cands.select(drawn) as usize], |l| l[drawn]);
    Ok(placement::placed(cluster, req, picked, tied, why))
}

// Without the feature `place` is the scan, and there is nothing to compare.
#[cfg(all(test, feature = "free-capacity-index"))]
mod tests {
    use super::{place, placement, ClusterIndex, Request};
    use crate::cluster_index::{Reservation, SlotCounts};
    use crate::model::{ContainerInstance, InstanceStatus};
    use proptest::prelude::*;
    use rand::{Rng, SeedableRng};
    use rand_pcg::Pcg64Mcg;

    const GROUPS: [&str; 3] = ["service:a", "service:b", "family:c"];

    fn instance(key: u32, slot: u32, zone: u8, size: u8) -> ContainerInstance {
        let az = format!("us-east-1{}", (b'a' + zone) as char);
        ContainerInstance::registered(
            format!("{key:08x}{slot:04}"),
            format!("i-{slot:04}"),
            "m5.large",
            &az,
            (1024 << size, 2048 << size),
            slot,
        )
    }

    #[derive(Clone, Debug)]
    enum Op {
        Add { key: u32, zone: u8, size: u8 },
        Reserve { at: usize, group: usize, cpu: u32, memory: u32 },
        Stop { which: usize },
        Release { which: usize },
        Status { at: usize, status: u8 },
        Prepare { cpu: u32, memory: u32 },
    }

    fn op() -> impl Strategy<Value = Op> {
        prop_oneof![
            3 => (any::<u32>(), 0u8..3, 0u8..3).prop_map(|(key, zone, size)| Op::Add { key, zone, size }),
            6 => (any::<usize>(), 0usize..3, 1u32..6, 1u32..6).prop_map(|(at, group, c, m)| Op::Reserve { at, group, cpu: c * 256, memory: m * 512 }),
            1 => any::<usize>().prop_map(|which| Op::Stop { which }),
            1 => any::<usize>().prop_map(|which| Op::Release { which }),
            1 => (any::<usize>(), 0u8..3).prop_map(|(at, status)| Op::Status { at, status }),
            1 => (1u32..6, 1u32..6).prop_map(|(c, m)| Op::Prepare { cpu: c * 256, memory: m * 512 }),
        ]
    }

    fn strategy() -> impl Strategy<Value = placement::Strategy> {
        prop_oneof![
            Just(placement::Strategy::Spread("attribute:ecs.availability-zone".into())),
            Just(placement::Strategy::Spread("ecs.availability-zone".into())),
            Just(placement::Strategy::Spread("instanceId".into())),
            Just(placement::Strategy::Random),
        ]
    }

    proptest! {
        /// The indexed decision is the scan's, word for word and draw for draw, on any cluster.
        #[test]
        fn the_indexed_decision_is_the_scans(
            ops in prop::collection::vec(op(), 0..80),
            asks in prop::collection::vec((0usize..3, 1u32..6, 1u32..6, prop::collection::vec(strategy(), 0..3), any::<u64>()), 1..6),
        ) {
            let mut cluster = ClusterIndex::default();
            let mut held: Vec<(String, usize, u32, u32, bool)> = Vec::new();
            let mut ids: Vec<String> = Vec::new();
            for op in ops {
                match op {
                    Op::Add { key, zone, size } => {
                        let inst = instance(key, ids.len() as u32, zone, size);
                        ids.push(inst.id.clone());
                        cluster.add_instance(inst);
                    }
                    Op::Reserve { at, group, cpu, memory } if !ids.is_empty() => {
                        let id = ids[at % ids.len()].clone();
                        let r = Reservation { cpu, memory, ports: &[], group: GROUPS[group], stopping: false };
                        cluster.reserve(&id, r);
                        held.push((id, group, cpu, memory, false));
                    }
                    Op::Stop { which } if !held.is_empty() => {
                        let n = held.len();
                        let h = &mut held[which % n];
                        if h.1 < 2 && !h.4 {
                            h.4 = true;
                            cluster.mark_stopping(&h.0, GROUPS[h.1]);
                        }
                    }
                    Op::Release { which } if !held.is_empty() => {
                        let n = held.len();
                        let (id, group, cpu, memory, stopping) = held.remove(which % n);
                        cluster.release(&id, Reservation { cpu, memory, ports: &[], group: GROUPS[group], stopping });
                    }
                    Op::Status { at, status } if !ids.is_empty() => {
                        let s = [InstanceStatus::Active, InstanceStatus::Draining, InstanceStatus::Inactive][status as usize];
                        cluster.set_status(&ids[at % ids.len()].clone(), s);
                    }
                    Op::Prepare { cpu, memory } => cluster.prepare(cpu, memory),
                    _ => {}
                }
            }
            for (group, c, m, strategies, seed) in asks {
                let (cpu, memory) = (c * 256, m * 512);
                if seed % 4 != 0 {
                    cluster.prepare(cpu, memory);
                }
                let stopping = if group < 2 { cluster.spread_counts(GROUPS[group]) } else { None };
                let empty = SlotCounts::default();
                let group_counts = cluster.group_counts(GROUPS[group]);
                let req = Request {
                    cpu,
                    memory,
                    ports: &[],
                    group: GROUPS[group],
                    strategies: &strategies,
                    constraints: &[],
                    group_counts,
                    spread_counts: stopping.as_ref().unwrap_or(if group < 2 { group_counts } else { &empty }),
                };
                let (mut fast, mut scan) = (Pcg64Mcg::seed_from_u64(seed), Pcg64Mcg::seed_from_u64(seed));
                let indexed = place(&cluster, &req, &mut fast);
                let scanned = placement::place(&cluster, cluster.packed(), &req, &mut scan);
                prop_assert_eq!(indexed, scanned);
                prop_assert_eq!(fast.random::<u64>(), scan.random::<u64>());
            }
        }
    }
}
