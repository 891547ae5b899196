//! Counts by name in a vector kept sorted by name: what a `BTreeMap<&str, usize>` would hold, for
//! the few places that count tasks per zone or instance. One more map type would cost the page
//! kilobytes of wasm; this costs a binary search.

/// Adds one to `key`'s count.
pub(crate) fn add<'a>(counts: &mut Vec<(&'a str, usize)>, key: &'a str, n: usize) {
    match counts.binary_search_by(|(k, _)| (*k).cmp(key)) {
        Ok(i) => counts[i].1 += n,
        Err(i) => counts.insert(i, (key, n)),
    }
}

/// `key`'s count (0 when absent).
pub(crate) fn of(counts: &[(&str, usize)], key: &str) -> usize {
    counts.binary_search_by(|(k, _)| (*k).cmp(key)).map_or(0, |i| counts[i].1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_stay_sorted_and_read_back() {
        let mut c = Vec::new();
        for k in ["b", "a", "b", "c", "b"] {
            super::add(&mut c, k, 1);
        }
        assert_eq!(c, vec![("a", 1), ("b", 3), ("c", 1)]);
        assert_eq!((super::of(&c, "b"), super::of(&c, "z")), (3, 0));
    }
}
