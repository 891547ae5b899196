//! Which ACTIVE container instances have room for the largest task placed so far ("roomy"), by
//! zone, and which have less ("tight"). Every roomy instance fits any task placed so far, so
//! placement (`placement_fast`) looks only at the tight ones one by one, and counts and picks
//! among the roomy ones by position, without a scan of the cluster.
//!
//! Instances are named by their position in [`crate::cluster_index::ClusterIndex::packed`], the
//! id order placement lists and picks in.

/// Where an instance stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Room {
    /// Not ACTIVE: placement never considers it.
    Out,
    /// ACTIVE, with less free than the floor.
    Tight,
    /// ACTIVE, with at least the floor free, in this zone (an index into the cluster's zones).
    Roomy(u16),
}

/// The index. Invariant (checked by `ClusterIndex::check`): when `built`, `roomy[z]` and `tight`
/// hold, sorted, exactly the positions whose [`Room`] under `floor` is `Roomy(z)` and `Tight`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct FreeCapacity {
    built: bool,
    /// (CPU units, MiB): the largest request seen on each axis.
    floor: (u32, u32),
    roomy: Vec<Vec<u32>>,
    tight: Vec<u32>,
}

impl FreeCapacity {
    /// Where an instance with this status, free CPU and memory, and zone stands.
    pub fn room(&self, active: bool, cpu_free: u32, memory_free: u32, zone: u16) -> Room {
        match active {
            false => Room::Out,
            true if cpu_free >= self.floor.0 && memory_free >= self.floor.1 => Room::Roomy(zone),
            true => Room::Tight,
        }
    }

    /// Whether the index must be rebuilt before a request of `cpu` and `memory` can use it; the
    /// floor is raised to cover it when so.
    pub fn raise(&mut self, cpu: u32, memory: u32) -> bool {
        let stale = !self.built || cpu > self.floor.0 || memory > self.floor.1;
        self.floor = (self.floor.0.max(cpu), self.floor.1.max(memory));
        stale
    }

    /// Rebuilds from where each instance stands, in position order, over `zones` zones.
    pub fn rebuild(&mut self, zones: usize, rooms: impl Iterator<Item = Room>) {
        self.roomy = vec![Vec::new(); zones];
        self.tight.clear();
        self.built = true;
        for (pos, room) in rooms.enumerate() {
            self.moved(pos as u32, Room::Out, room);
        }
    }

    /// Forgets everything (instances moved position); the next [`FreeCapacity::raise`] rebuilds.
    pub fn invalidate(&mut self) {
        self.built = false;
    }

    /// The instance at `pos` went from `from` to `to`.
    pub fn moved(&mut self, pos: u32, from: Room, to: Room) {
        if from == to || !self.built {
            return;
        }
        if let Some(list) = self.list(from) {
            if let Ok(i) = list.binary_search(&pos) {
                list.remove(i);
            }
        }
        if let Some(list) = self.list(to) {
            if let Err(i) = list.binary_search(&pos) {
                list.insert(i, pos);
            }
        }
    }

    fn list(&mut self, room: Room) -> Option<&mut Vec<u32>> {
        match room {
            Room::Out => None,
            Room::Tight => Some(&mut self.tight),
            Room::Roomy(z) => self.roomy.get_mut(z as usize),
        }
    }

    /// Whether every roomy instance fits a request of `cpu` and `memory`.
    pub fn covers(&self, cpu: u32, memory: u32) -> bool {
        self.built && cpu <= self.floor.0 && memory <= self.floor.1
    }

    /// The tight instances' positions, sorted.
    pub fn tight(&self) -> &[u32] {
        &self.tight
    }

    /// How many instances are roomy.
    pub fn roomy_count(&self) -> usize {
        self.roomy.iter().map(Vec::len).sum()
    }

    /// All roomy instances and these tight ones (`(position, zone)`, sorted) as candidates.
    pub fn candidates(&self, tight_fits: Vec<(u32, u16)>) -> Candidates<'_> {
        Candidates { room: self, zones: vec![true; self.roomy.len()], extra: tight_fits, excluded: Vec::new() }
    }
}

/// A set of instances that fit a task: the roomy ones of some zones, some tight ones, less some
/// left out, each list `(position, zone)` and sorted.
pub(crate) struct Candidates<'a> {
    room: &'a FreeCapacity,
    zones: Vec<bool>,
    extra: Vec<(u32, u16)>,
    excluded: Vec<(u32, u16)>,
}

impl Candidates<'_> {
    /// Whether the instance at `pos`, in `zone`, is one.
    pub fn contains(&self, pos: u32, zone: u16) -> bool {
        let z = zone as usize;
        let listed = |l: &[(u32, u16)]| l.binary_search_by_key(&pos, |e| e.0).is_ok();
        self.zones.get(z).copied().unwrap_or(false)
            && !listed(&self.excluded)
            && (self.room.roomy[z].binary_search(&pos).is_ok() || listed(&self.extra))
    }

    /// How many are in `zone`.
    pub fn in_zone(&self, zone: usize) -> usize {
        let of = |l: &[(u32, u16)]| l.iter().filter(|e| e.1 as usize == zone).count();
        if !self.zones[zone] {
            return 0;
        }
        self.room.roomy[zone].len() + of(&self.extra) - of(&self.excluded)
    }

    /// How many in all.
    pub fn count(&self) -> usize {
        (0..self.zones.len()).map(|z| self.in_zone(z)).sum()
    }

    /// Keeps only the zones for which `keep` holds.
    pub fn keep_zones(&mut self, keep: impl Fn(usize) -> bool) {
        for (z, kept) in self.zones.iter_mut().enumerate() {
            *kept &= keep(z);
        }
        let zones = &self.zones;
        self.extra.retain(|e| zones[e.1 as usize]);
        self.excluded.retain(|e| zones[e.1 as usize]);
    }

    /// Leaves out these members (`(position, zone)`).
    pub fn exclude(&mut self, members: &[(u32, u16)]) {
        let mut all = std::mem::take(&mut self.excluded);
        all.extend_from_slice(members);
        let mut order: Vec<usize> = (0..all.len()).collect();
        crate::sort::sort_indices(&mut order, &|a, b| all[a].cmp(&all[b]));
        self.excluded = order.into_iter().map(|i| all[i]).collect();
        self.excluded.dedup();
    }

    /// The position of the `r`-th member in position order (`r` < [`Candidates::count`]).
    pub fn select(&self, r: usize) -> u32 {
        // Members before position q, for a search over q.
        let before = |q: u32| {
            let below = |l: &[(u32, u16)]| l.partition_point(|e| e.0 < q);
            let roomy: usize =
                self.zones.iter().zip(&self.room.roomy).filter(|(kept, _)| **kept).map(|(_, l)| l.partition_point(|&p| p < q)).sum();
            roomy + below(&self.extra) - below(&self.excluded)
        };
        // before(lo) <= r < before(hi).
        let (mut lo, mut hi) = (0u32, u32::MAX);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if before(mid) > r {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        lo
    }
}
