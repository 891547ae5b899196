//! Identifiers drawn from the run's seeded generator, so a replay names everything the same way.

use rand::{Rng, RngCore};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

/// A task id: 128 bits, written as the 32 lowercase hex digits ECS prints.
///
/// It orders as its text does (fixed width, lowercase), and serializes as that text, so a map
/// keyed by `TaskId` lists and saves exactly like one keyed by the id string, while a lookup
/// compares two integers instead of two strings.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TaskId(u128);

impl TaskId {
    /// Reads a task id: exactly 32 lowercase hex digits (`None` for anything else).
    pub fn parse(s: &str) -> Option<TaskId> {
        if s.len() != 32 {
            return None;
        }
        TaskId::prefix_range(s).map(|r| *r.start())
    }

    /// Every id starting with `prefix` (lowercase hex digits, at most 32), as an inclusive range
    /// (`None` when no id can start with it).
    pub fn prefix_range(prefix: &str) -> Option<RangeInclusive<TaskId>> {
        if prefix.len() > 32 {
            return None;
        }
        let mut n = 0u128;
        for b in prefix.bytes() {
            let d = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                _ => return None,
            };
            n = n << 4 | u128::from(d);
        }
        let rest = 4 * (32 - prefix.len() as u32);
        let low = n.checked_shl(rest).unwrap_or(0);
        let fill = u128::MAX.checked_shr(128 - rest).unwrap_or(0);
        Some(TaskId(low)..=TaskId(low | fill))
    }
}

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:032x}", self.0)
    }
}

/// Shown as its text, quoted, as the id string was.
impl fmt::Debug for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
    }
}

impl FromStr for TaskId {
    type Err = String;

    fn from_str(s: &str) -> Result<TaskId, String> {
        TaskId::parse(s).ok_or_else(|| format!("'{s}' is not a task id (32 lowercase hex digits)"))
    }
}

impl Serialize for TaskId {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for TaskId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<TaskId, D::Error> {
        let s = String::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A fresh task id (two draws from the generator).
pub fn task_id(rng: &mut impl RngCore) -> TaskId {
    let hi = rng.next_u64();
    let lo = rng.next_u64();
    TaskId(u128::from(hi) << 64 | u128::from(lo))
}

/// A container-instance id: 32 lowercase hex digits, as ECS prints them.
pub fn hex32(rng: &mut impl RngCore) -> String {
    format!("{:016x}{:016x}", rng.next_u64(), rng.next_u64())
}

/// An EC2 instance id, `i-0` and 16 hex digits.
pub fn ec2_instance_id(rng: &mut impl RngCore) -> String {
    format!("i-0{:016x}", rng.next_u64())
}

/// A deployment id, `ecs-svc/` and 19 digits.
pub fn deployment_id(rng: &mut impl RngCore) -> String {
    format!("ecs-svc/{:019}", rng.random_range(1_000_000_000_000_000_000u64..10_000_000_000_000_000_000u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_id_reads_back_its_text_and_orders_like_it() {
        let ids = [
            "00000000000000000000000000000000",
            "0123456789abcdef0123456789abcdef",
            "f0000000000000000000000000000001",
            "ffffffffffffffffffffffffffffffff",
        ];
        for w in ids.windows(2) {
            let (a, b) = (TaskId::parse(w[0]).unwrap(), TaskId::parse(w[1]).unwrap());
            assert_eq!(a.to_string(), w[0]);
            assert_eq!(a.cmp(&b), w[0].cmp(w[1]));
        }
        for bad in ["", "0123", "0123456789ABCDEF0123456789abcdef", "0123456789abcdef0123456789abcdeg", "0123456789abcdef0123456789abcdef0"]
        {
            assert_eq!(TaskId::parse(bad), None, "{bad}");
        }
        assert_eq!(serde_json::to_string(&TaskId::parse(ids[1]).unwrap()).unwrap(), format!("\"{}\"", ids[1]));
        assert_eq!(serde_json::from_str::<TaskId>(&format!("\"{}\"", ids[1])).unwrap().to_string(), ids[1]);
    }

    #[test]
    fn a_prefix_range_holds_exactly_the_ids_with_that_prefix() {
        let r = TaskId::prefix_range("0abc").unwrap();
        assert_eq!(r.start().to_string(), "0abc0000000000000000000000000000");
        assert_eq!(r.end().to_string(), "0abcffffffffffffffffffffffffffff");
        let all = TaskId::prefix_range("").unwrap();
        assert_eq!((all.start().0, all.end().0), (0, u128::MAX));
        assert_eq!(TaskId::prefix_range("0abcg"), None);
    }

    proptest::proptest! {
        #[test]
        fn task_ids_read_back_order_and_prefix_like_their_text(a: u128, b: u128, cut in 0usize..=32) {
            let (x, y) = (TaskId(a), TaskId(b));
            let (sx, sy) = (x.to_string(), y.to_string());
            proptest::prop_assert_eq!(TaskId::parse(&sx), Some(x));
            proptest::prop_assert_eq!(x.cmp(&y), sx.cmp(&sy));
            let prefix = &sx[..cut];
            let range = TaskId::prefix_range(prefix).unwrap();
            // `near` shares the first `cut` digits with `x`; `y` mostly shares none.
            let near = TaskId(a ^ b.checked_shr(4 * cut as u32).unwrap_or(0));
            for z in [x, y, near] {
                proptest::prop_assert_eq!(range.contains(&z), z.to_string().starts_with(prefix));
            }
            proptest::prop_assert!(range.contains(&near));
        }
    }

    #[test]
    fn a_task_id_draws_what_the_id_string_drew() {
        use rand::SeedableRng;
        let mut a = rand_pcg::Pcg64Mcg::seed_from_u64(7);
        let mut b = a.clone();
        assert_eq!(task_id(&mut a).to_string(), hex32(&mut b));
    }
}
