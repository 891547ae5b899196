//! [`VecMap`]: a map from names to values in a vector kept sorted by name, for the small maps of
//! a container instance (its attributes, its tasks per group) and the script session's labels.
//! It serializes, deserializes, prints and compares as the `BTreeMap<String, V>` it stands for;
//! every distinct `BTreeMap` type would bring the page its own insert, remove and rebalancing
//! code, while this costs a binary search.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, Serializer};
use std::fmt;

/// Sorted `(name, value)` pairs, one per name.
#[derive(Clone, PartialEq, Eq)]
pub struct VecMap<V>(Vec<(String, V)>);

impl<V> Default for VecMap<V> {
    fn default() -> Self {
        VecMap(Vec::new())
    }
}

impl<V> VecMap<V> {
    /// An empty map.
    pub fn new() -> Self {
        VecMap(Vec::new())
    }

    /// An empty map with room for `n` names.
    pub fn with_capacity(n: usize) -> Self {
        VecMap(Vec::with_capacity(n))
    }

    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    /// The value of `key`, if any.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|i| &self.0[i].1)
    }

    /// The value of `key`, to change, if any.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.find(key).ok().map(|i| &mut self.0[i].1)
    }

    /// The value of `key`, made with `make` first when absent.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        let i = self.find(key).unwrap_or_else(|i| {
            self.0.insert(i, (key.to_string(), make()));
            i
        });
        &mut self.0[i].1
    }

    /// Takes `key` out; returns its value, if it had one.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        self.find(key).ok().map(|i| self.0.remove(i).1)
    }

    /// Sets `key` to `value`; returns the value it replaced.
    pub fn insert(&mut self, key: String, value: V) -> Option<V> {
        match self.find(&key) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, value)),
            Err(i) => {
                self.0.insert(i, (key, value));
                None
            }
        }
    }

    /// `(name, value)` pairs, in name order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &V)> + ExactSizeIterator {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: &str) -> bool {
        self.find(key).is_ok()
    }

    /// The names, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator {
        self.0.iter().map(|(k, _)| k)
    }

    /// The values, in name order.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &V> + ExactSizeIterator {
        self.0.iter().map(|(_, v)| v)
    }

    /// The number of names.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// No names.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl VecMap<u32> {
    /// One more for `key` (from 0 when absent).
    pub(crate) fn increment(&mut self, key: &str) {
        match self.find(key) {
            Ok(i) => self.0[i].1 += 1,
            Err(i) => self.0.insert(i, (key.to_string(), 1)),
        }
    }

    /// One fewer for `key`, which goes when it reaches 0 (absent: nothing changes).
    pub(crate) fn decrement(&mut self, key: &str) {
        if let Ok(i) = self.find(key) {
            self.0[i].1 -= 1;
            if self.0[i].1 == 0 {
                self.0.remove(i);
            }
        }
    }
}

impl<V, Q: AsRef<str> + ?Sized> std::ops::Index<&Q> for VecMap<V> {
    type Output = V;
    /// The value of a name that must be there (as `BTreeMap`'s index, panics when absent).
    fn index(&self, key: &Q) -> &V {
        self.get(key.as_ref()).expect("no entry found for key")
    }
}

impl<'a, V> IntoIterator for &'a VecMap<V> {
    type Item = (&'a String, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, V)>, fn(&'a (String, V)) -> (&'a String, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<V> FromIterator<(String, V)> for VecMap<V> {
    /// As `BTreeMap::from_iter`: sorted by name, and the last value of a repeated name wins.
    fn from_iter<I: IntoIterator<Item = (String, V)>>(iter: I) -> Self {
        let mut m = VecMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<V: fmt::Debug> fmt::Debug for VecMap<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl<V: Serialize> Serialize for VecMap<V> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for VecMap<V> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct MapVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for MapVisitor<V> {
            type Value = VecMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                let mut m = VecMap::new();
                while let Some((k, v)) = a.next_entry::<String, V>()? {
                    m.insert(k, v);
                }
                Ok(m)
            }
        }
        d.deserialize_map(MapVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::VecMap;
    use std::collections::BTreeMap;

    #[test]
    fn reads_writes_and_prints_as_the_btree_map_it_stands_for() {
        let pairs = [("b", 2u32), ("a", 1), ("c", 3), ("a", 4)];
        let v: VecMap<u32> = pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        let b: BTreeMap<String, u32> = pairs.iter().map(|(k, n)| (k.to_string(), *n)).collect();
        assert_eq!(serde_json::to_string(&v).unwrap(), serde_json::to_string(&b).unwrap());
        assert_eq!(format!("{v:?}"), format!("{b:?}"));
        assert_eq!(format!("{v:#?}"), format!("{b:#?}"));
        let back: VecMap<u32> = serde_json::from_str(r#"{"z":1,"y":2,"z":3}"#).unwrap();
        assert_eq!(back.iter().map(|(k, n)| (k.as_str(), *n)).collect::<Vec<_>>(), [("y", 2), ("z", 3)]);
        assert_eq!((v.get("a"), v.get("d"), v.len()), (Some(&4), None, 3));
        let mut c = VecMap::new();
        for k in ["x", "w", "x"] {
            c.increment(k);
        }
        c.decrement("w");
        c.decrement("q");
        assert_eq!(format!("{c:?}"), r#"{"x": 2}"#);
    }
}
