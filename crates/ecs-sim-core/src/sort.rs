//! The page's one sort: a stable sort of indices with a `dyn` comparator, compiled once, that
//! [`crate::script::sort_by`] and [`sort_numbers`] share instead of each element type and
//! comparison getting its own copy of the standard library's sort (kilobytes each).

use std::cmp::Ordering;

/// Sorts indices (or any numbers) by `cmp`, stably.
#[inline(never)]
pub(crate) fn sort_indices(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
}

/// Sorts numbers in ascending order (equal numbers are indistinguishable, so this is exactly
/// `v.sort_unstable()`), so the page carries no unstable sort of its own.
pub(crate) fn sort_numbers(v: &mut [usize]) {
    sort_indices(v, &|a, b| a.cmp(&b));
}

#[cfg(test)]
mod tests {
    #[test]
    fn sort_numbers_is_sort_unstable() {
        let mut x: u64 = 3;
        for len in 0..100 {
            let v: Vec<usize> = (0..len)
                .map(|_| {
                    x = x.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    (x >> 58) as usize
                })
                .collect();
            let (mut a, mut b) = (v.clone(), v);
            a.sort_unstable();
            super::sort_numbers(&mut b);
            assert_eq!(a, b);
        }
    }
}
