//! [`ClusterIndex`]: the cluster's container instances with what their tasks reserve on them,
//! and the indexes the schedulers read instead of scanning every task.

use crate::free_capacity::{FreeCapacity, Room};
use crate::ids::TaskId;
use crate::model::{ContainerInstance, DesiredStatus, InstanceStatus, Task, TaskStatus};
use crate::vec_map::VecMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// The cluster's container instances by id, INACTIVE ones included: a [`VecMap`] of boxes, so
/// registering one moves pointers, not instances, however many the cluster has.
#[derive(Clone, Debug, Default, Serialize)]
#[serde(transparent)]
pub struct Instances(VecMap<Box<ContainerInstance>>);

impl Instances {
    /// The instance with this container-instance id, if any.
    pub fn get(&self, id: &str) -> Option<&ContainerInstance> {
        self.0.get(id).map(|b| &**b)
    }

    /// (id, instance) pairs, in id order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &ContainerInstance)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, &**v))
    }

    /// The ids, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.keys()
    }

    /// The instances, in id order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &ContainerInstance> + ExactSizeIterator {
        self.0.values().map(|b| &**b)
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// None at all.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl std::ops::Index<&str> for Instances {
    type Output = ContainerInstance;
    /// The instance with this id, which must be there.
    fn index(&self, id: &str) -> &ContainerInstance {
        &self.0[id]
    }
}

static EMPTY_COUNTS: SlotCounts = SlotCounts(Vec::new());

/// Live tasks of one group per container-instance slot, sorted by slot, with no zero entries:
/// what a `BTreeMap<u32, u32>` would hold (and serialized as one), without the page paying for
/// one more map type.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SlotCounts(Vec<(u32, u32)>);

impl SlotCounts {
    /// The tasks on the instance with this slot (0 when none).
    pub fn get(&self, slot: u32) -> u32 {
        self.0.binary_search_by_key(&slot, |e| e.0).map_or(0, |i| self.0[i].1)
    }

    /// (slot, tasks) pairs, in slot order.
    pub fn iter(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.0.iter().copied()
    }

    /// The highest slot with a task, if any.
    pub fn last_slot(&self) -> Option<u32> {
        self.0.last().map(|e| e.0)
    }

    /// One more task on `slot`.
    pub(crate) fn add(&mut self, slot: u32) {
        match self.0.binary_search_by_key(&slot, |e| e.0) {
            Ok(i) => self.0[i].1 += 1,
            Err(i) => self.0.insert(i, (slot, 1)),
        }
    }

    /// One task fewer on `slot` (none there: nothing changes).
    pub(crate) fn sub(&mut self, slot: u32) {
        if let Ok(i) = self.0.binary_search_by_key(&slot, |e| e.0) {
            self.0[i].1 -= 1;
            if self.0[i].1 == 0 {
                self.0.remove(i);
            }
        }
    }

    /// No task on any slot.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for SlotCounts {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// What one task holds on its container instance while it is not STOPPED.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reservation<'a> {
    pub cpu: u32,
    pub memory: u32,
    pub ports: &'a [u16],
    pub group: &'a str,
    /// A service task asked to stop, counted in [`ClusterIndex::mark_stopping`].
    pub stopping: bool,
}

impl<'a> Reservation<'a> {
    /// What `task` holds.
    pub fn of(task: &'a Task) -> Reservation<'a> {
        let stopping = task.service.is_some() && task.desired_status == DesiredStatus::Stopped;
        Reservation { cpu: task.cpu, memory: task.memory, ports: &task.host_ports, group: &task.group, stopping }
    }
}

/// What placement reads of one container instance, packed: a placement scans every instance, and
/// 16 bytes each stay in cache where the whole records (hundreds of bytes, in a B-tree) do not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Packed {
    pub cpu_free: u32,
    pub memory_free: u32,
    /// The instance's [`slot`](ContainerInstance::slot).
    pub slot: u32,
    /// Its zone, as an index into [`ClusterIndex::zones`].
    pub zone: u16,
    pub status: InstanceStatus,
}

impl Packed {
    fn of(inst: &ContainerInstance, zone: u16) -> Packed {
        Packed { cpu_free: inst.cpu_free(), memory_free: inst.memory_free(), slot: inst.slot, zone, status: inst.status }
    }
}

/// Container instances and the indexes kept beside them.
///
/// Invariants, which [`ClusterIndex::check`] verifies against the tasks:
/// - each instance's `cpu_used`, `memory_used`, `ports_used`, `running_tasks_count` and
///   `task_groups` are the sums over the tasks placed on it that are not STOPPED;
/// - `group_slots[group][slot]` is the number of such tasks of `group` on the instance with that
///   [`slot`](ContainerInstance::slot) (the inverse of the instances' `task_groups`), with no zero entries;
/// - `service_tasks[service]` holds exactly that service's tasks that are not yet reaped;
/// - `stopping[group][slot]` is the number of service tasks of `group` on that instance that
///   are asked to stop but not yet STOPPED (what a spread leaves out, without a look at each task);
/// - `unavailable` is the number of DRAINING and INACTIVE instances (a scheduler pass asks of each
///   task whether its instance is one: with none, it need not look the instance up);
/// - `zones` lists, sorted, each zone with an instance and how many of its instances are ACTIVE
///   (what Availability Zone rebalancing reads after every pass, without a scan of the instances);
/// - `packed[i]` is [`Packed::of`] the `i`-th instance in id order (the order placement lists and
///   picks in), and `position[slot]` is where the instance with that slot is in `packed`.
#[derive(Clone, Debug, Default, Serialize)]
pub(crate) struct ClusterIndex {
    instances: Instances,
    group_slots: VecMap<SlotCounts>,
    /// Sorted by id: a set type of its own would cost the page a kilobyte of wasm.
    service_tasks: VecMap<Vec<TaskId>>,
    /// Derived from the tasks, so not part of the state's text.
    #[serde(skip)]
    stopping: VecMap<SlotCounts>,
    unavailable: usize,
    zones: Vec<(String, u32)>,
    /// Derived from `instances`, so not part of the state's text.
    #[serde(skip)]
    packed: Vec<Packed>,
    #[serde(skip)]
    position: Vec<u32>,
    /// Instance ids by slot.
    #[serde(skip)]
    ids: Vec<String>,
    /// Built on a placement's first need.
    #[serde(skip)]
    room: FreeCapacity,
}

impl ClusterIndex {
    /// Every container instance, by id, INACTIVE ones included.
    pub fn instances(&self) -> &Instances {
        &self.instances
    }

    /// Adds a container instance with nothing on it.
    pub fn add_instance(&mut self, inst: ContainerInstance) {
        debug_assert!(inst.cpu_used == 0 && inst.running_tasks_count == 0, "a new instance holds nothing");
        self.unavailable += usize::from(inst.status != InstanceStatus::Active);
        let zone = self.zones.binary_search_by(|z| z.0.cmp(&inst.az)).unwrap_or_else(|at| {
            self.zones.insert(at, (inst.az.clone(), 0));
            // A new zone sorts in among the others: those after it move up one.
            for p in self.packed.iter_mut().filter(|p| p.zone as usize >= at) {
                p.zone += 1;
            }
            at
        });
        self.zones[zone].1 += u32::from(inst.status == InstanceStatus::Active);
        let at = self.instances.keys().filter(|k| **k < inst.id).count();
        debug_assert_eq!(inst.slot as usize, self.ids.len(), "slots are handed out in registration order");
        self.packed.insert(at, Packed::of(&inst, zone as u16));
        self.ids.push(inst.id.clone());
        self.position.push(0);
        for (i, p) in self.packed.iter().enumerate().skip(at) {
            self.position[p.slot as usize] = i as u32;
        }
        self.instances.0.insert(inst.id.clone(), Box::new(inst));
        self.room.invalidate();
    }

    /// Where a packed instance stands in [`ClusterIndex::free_capacity`].
    fn room_of(&self, p: &Packed) -> Room {
        self.room.room(p.status == InstanceStatus::Active, p.cpu_free, p.memory_free, p.zone)
    }

    /// Readies [`ClusterIndex::free_capacity`] for a request of `cpu` units and `memory` MiB.
    /// Without the `free-capacity-index` feature nothing reads it, and it is never built.
    pub fn prepare(&mut self, cpu: u32, memory: u32) {
        if cfg!(feature = "free-capacity-index") && self.room.raise(cpu, memory) {
            let rooms: Vec<Room> = self.packed.iter().map(|p| self.room_of(p)).collect();
            self.room.rebuild(self.zones.len(), rooms.into_iter());
        }
    }

    /// The ACTIVE instances by whether they have room for the largest request prepared for.
    pub fn free_capacity(&self) -> &FreeCapacity {
        &self.room
    }

    /// Where the instance with this slot is in [`ClusterIndex::packed`].
    pub fn position_of(&self, slot: u32) -> u32 {
        self.position[slot as usize]
    }

    /// The instances, packed, in id order: what placement scans.
    pub fn packed(&self) -> &[Packed] {
        &self.packed
    }

    /// An instance's packed copy, as a run of one.
    pub fn packed_one(&self, inst: &ContainerInstance) -> &[Packed] {
        let at = self.position[inst.slot as usize] as usize;
        &self.packed[at..=at]
    }

    /// The packed copy of the instance with this slot.
    pub fn packed_slot(&self, slot: u32) -> Option<&Packed> {
        self.position.get(slot as usize).map(|&at| &self.packed[at as usize])
    }

    /// The whole record of a packed instance.
    pub fn instance_of(&self, p: &Packed) -> &ContainerInstance {
        &self.instances[&self.ids[p.slot as usize]]
    }

    /// Refreshes the packed copy of an instance after a change.
    fn repack(&mut self, id: &str) {
        if let Some(inst) = self.instances.get(id) {
            let at = self.position[inst.slot as usize];
            let was = self.packed[at as usize];
            let now = Packed::of(inst, was.zone);
            self.packed[at as usize] = now;
            if cfg!(feature = "free-capacity-index") {
                let (from, to) = (self.room_of(&was), self.room_of(&now));
                self.room.moved(at, from, to);
            }
        }
    }

    /// The zones with a container instance, sorted, with how many of their instances are ACTIVE.
    pub fn zones(&self) -> &[(String, u32)] {
        &self.zones
    }

    /// Sets an instance's status; unknown ids are ignored.
    pub fn set_status(&mut self, id: &str, status: InstanceStatus) {
        let Some(inst) = self.instances.0.get_mut(id) else { return };
        let was = inst.status != InstanceStatus::Active;
        inst.status = status;
        self.unavailable = self.unavailable + usize::from(status != InstanceStatus::Active) - usize::from(was);
        if let Some(z) = self.zones.iter_mut().find(|z| z.0 == inst.az) {
            z.1 = z.1 + u32::from(status == InstanceStatus::Active) - u32::from(!was);
        }
        self.repack(id);
    }

    /// Whether the instance is DRAINING or INACTIVE.
    pub fn is_unavailable(&self, id: &str) -> bool {
        self.unavailable > 0 && self.instances.get(id).is_some_and(|i| i.status != InstanceStatus::Active)
    }

    /// Live tasks of a task group per container-instance slot.
    pub fn group_counts(&self, group: &str) -> &SlotCounts {
        self.group_slots.get(group).unwrap_or(&EMPTY_COUNTS)
    }

    /// A service's tasks per slot that are not stopping: what its spread counts (`group`'s
    /// count less its tasks asked to stop); `None` when that is [`ClusterIndex::group_counts`].
    pub fn spread_counts(&self, group: &str) -> Option<SlotCounts> {
        let stopping = self.stopping.get(group)?;
        let mut counts = self.group_counts(group).clone();
        for (slot, n) in stopping.iter() {
            (0..n).for_each(|_| counts.sub(slot));
        }
        Some(counts)
    }

    /// A service task on instance `id` was asked to stop (it holds its resources until STOPPED).
    pub fn mark_stopping(&mut self, id: &str, group: &str) {
        if let Some(inst) = self.instances.get(id) {
            self.stopping.get_or_insert_with(group, SlotCounts::default).add(inst.slot);
        }
    }

    /// Books a task's resources on an instance; returns its AZ, or `None` for an unknown id.
    pub fn reserve(&mut self, id: &str, r: Reservation<'_>) -> Option<String> {
        let inst = self.instances.0.get_mut(id)?;
        inst.cpu_used += r.cpu;
        inst.memory_used += r.memory;
        inst.ports_used.extend(r.ports);
        inst.task_groups.increment(r.group);
        inst.running_tasks_count += 1;
        self.group_slots.get_or_insert_with(r.group, SlotCounts::default).add(inst.slot);
        let az = inst.az.clone();
        self.repack(id);
        Some(az)
    }

    /// Gives back what [`ClusterIndex::reserve`] booked.
    pub fn release(&mut self, id: &str, r: Reservation<'_>) {
        let Some(inst) = self.instances.0.get_mut(id) else { return };
        inst.cpu_used -= r.cpu;
        inst.memory_used -= r.memory;
        inst.ports_used.retain(|p| !r.ports.contains(p));
        inst.running_tasks_count -= 1;
        inst.task_groups.decrement(r.group);
        for (map, held) in [(&mut self.group_slots, true), (&mut self.stopping, r.stopping)] {
            if let Some(slots) = map.get_mut(r.group).filter(|_| held) {
                slots.sub(inst.slot);
                if slots.is_empty() {
                    map.remove(r.group);
                }
            }
        }
        self.repack(id);
    }

    /// A service's task ids (until reaped), in id order.
    pub fn service_task_ids(&self, service: &str) -> impl Iterator<Item = TaskId> + '_ {
        self.service_tasks.get(service).into_iter().flatten().copied()
    }

    /// Records a new task of a service.
    pub fn add_service_task(&mut self, service: &str, id: TaskId) {
        let ids = self.service_tasks.get_or_insert_with(service, Vec::new);
        if let Err(i) = ids.binary_search(&id) {
            ids.insert(i, id);
        }
    }

    /// Forgets a reaped task of a service.
    pub fn remove_service_task(&mut self, service: &str, id: TaskId) {
        if let Some(ids) = self.service_tasks.get_mut(service) {
            if let Ok(i) = ids.binary_search(&id) {
                ids.remove(i);
            }
        }
    }

    /// Verifies the invariants against the tasks; the first one broken, described.
    pub fn check(&self, tasks: &BTreeMap<TaskId, Task>) -> Result<(), String> {
        let mut want: BTreeMap<&str, Held> = BTreeMap::new();
        let mut slots: VecMap<SlotCounts> = VecMap::new();
        let mut stopping: VecMap<SlotCounts> = VecMap::new();
        let mut by_service: VecMap<Vec<TaskId>> = VecMap::new();
        for (id, t) in tasks {
            if let Some(s) = &t.service {
                by_service.get_or_insert_with(s, Vec::new).push(*id);
            }
            let Some(ci) = t.container_instance.as_deref().filter(|_| t.last_status != TaskStatus::Stopped) else { continue };
            let inst = self.instances.get(ci).ok_or_else(|| format!("task {id} is on unknown instance {ci}"))?;
            let w = want.entry(ci).or_default();
            w.cpu += t.cpu;
            w.memory += t.memory;
            w.ports.extend(&t.host_ports);
            w.tasks += 1;
            w.groups.increment(&t.group);
            slots.get_or_insert_with(&t.group, SlotCounts::default).add(inst.slot);
            if Reservation::of(t).stopping {
                stopping.get_or_insert_with(&t.group, SlotCounts::default).add(inst.slot);
            }
        }
        for (id, inst) in self.instances.iter() {
            let mut want = want.remove(id.as_str()).unwrap_or_default();
            want.ports.sort_unstable();
            let mut ports = inst.ports_used.clone();
            ports.sort_unstable();
            let held = Held {
                cpu: inst.cpu_used,
                memory: inst.memory_used,
                ports,
                tasks: inst.running_tasks_count,
                groups: inst.task_groups.clone(),
            };
            if held != want {
                return Err(format!("instance {id}'s reservations do not add up to its tasks"));
            }
        }
        let unavailable = self.instances.values().filter(|i| i.status != InstanceStatus::Active).count();
        if unavailable != self.unavailable {
            return Err(format!("{unavailable} instances are DRAINING or INACTIVE, but the index counts {}", self.unavailable));
        }
        let mut zones: Vec<(String, u32)> = Vec::new();
        for i in self.instances.values() {
            match zones.iter_mut().find(|z| z.0 == i.az) {
                Some(z) => z.1 += u32::from(i.status == InstanceStatus::Active),
                None => zones.push((i.az.clone(), u32::from(i.status == InstanceStatus::Active))),
            }
        }
        zones.sort_by(|a, b| a.0.cmp(&b.0));
        if zones != self.zones {
            return Err("the per-zone instance counts do not match the instances".into());
        }
        let packed: Vec<Packed> = self
            .instances
            .values()
            .map(|i| Packed::of(i, self.zones.iter().position(|z| z.0 == i.az).unwrap_or_default() as u16))
            .collect();
        let positioned = packed.iter().enumerate().all(|(i, p)| self.position[p.slot as usize] as usize == i);
        if packed != self.packed || !positioned {
            return Err("the packed instances do not match the instances".into());
        }
        let mut room = self.room.clone();
        room.rebuild(self.zones.len(), self.packed.iter().map(|p| self.room_of(p)));
        if self.room.covers(0, 0) && room != self.room {
            return Err("the index of instances by free capacity does not match the instances".into());
        }
        if slots != self.group_slots {
            return Err("the per-slot group counts do not match the tasks".into());
        }
        if stopping != self.stopping {
            return Err("the per-slot counts of stopping service tasks do not match the tasks".into());
        }
        let indexed: Vec<(&String, &Vec<TaskId>)> = self.service_tasks.iter().filter(|(_, s)| !s.is_empty()).collect();
        if indexed != by_service.iter().collect::<Vec<_>>() {
            return Err("the per-service task index does not match the tasks".into());
        }
        Ok(())
    }
}

/// What an instance holds, summed.
#[derive(Default, PartialEq)]
struct Held {
    cpu: u32,
    memory: u32,
    ports: Vec<u16>,
    tasks: u32,
    groups: crate::vec_map::VecMap<u32>,
}
