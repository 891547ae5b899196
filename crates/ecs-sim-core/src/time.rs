//! Virtual time. The core never reads a clock: every instant is a [`Millis`] handed in from outside.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A point on (or a span of) the simulation's virtual clock, in milliseconds since the run began.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millis(pub u64);

impl Millis {
    /// Zero: the start of a run.
    pub const ZERO: Millis = Millis(0);

    /// Whole seconds.
    pub const fn secs(s: u64) -> Millis {
        Millis(s * 1000)
    }

    /// Whole minutes.
    pub const fn mins(m: u64) -> Millis {
        Millis(m * 60_000)
    }

    /// This instant plus a span, saturating instead of overflowing.
    pub fn plus(self, d: Millis) -> Millis {
        Millis(self.0.saturating_add(d.0))
    }

    /// The span from `earlier` to `self`, or zero if `earlier` is later.
    pub fn since(self, earlier: Millis) -> Millis {
        Millis(self.0.saturating_sub(earlier.0))
    }
}

/// Formats as a clock, `HH:MM:SS`, with days prefixed once a run passes 24 hours (`1d 02:03:04`).
impl fmt::Display for Millis {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0 / 1000;
        let (d, h, m, s) = (s / 86_400, (s / 3600) % 24, (s / 60) % 60, s % 60);
        if d > 0 {
            write!(f, "{d}d ")?;
        }
        write!(f, "{h:02}:{m:02}:{s:02}")
    }
}

/// Where virtual time ends (30 days): far past any lesson, and it keeps every replay, and so
/// every saved run, finite whatever a script or a visitor asks for.
pub const MAX_TIME: Millis = Millis(30 * 24 * 3_600_000);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_format_shows_hours_minutes_seconds_and_days() {
        assert_eq!(Millis(0).to_string(), "00:00:00");
        assert_eq!(Millis::secs(3_725).to_string(), "01:02:05");
        assert_eq!(Millis::secs(86_400 + 61).to_string(), "1d 00:01:01");
    }
}
