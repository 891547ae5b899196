//! EventBridge Scheduler expressions for scheduled standalone tasks: `rate(5 minutes)`,
//! six-field `cron(min hour day-of-month month day-of-week year)` and one-time `at(…)`, all in
//! UTC at one-minute precision. Calendar arithmetic is done here (no date crates).
//!
//! One file per kind of expression (`rate`, `cron`, `at`), with the refusals in `error` and
//! the date arithmetic they share in `calendar`.

mod at;
mod calendar;
mod cron;
mod error;
mod rate;

pub use calendar::{civil_from_days, days_from_civil};
pub use cron::Cron;
pub use error::{CronField, FieldProblem, ScheduleError};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A parsed schedule expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Schedule {
    /// Every `every` milliseconds, counted from the previous run.
    Rate {
        /// The period.
        every: i64,
        /// As written, e.g. `rate(5 minutes)`.
        text: String,
    },
    /// A cron expression.
    Cron(Box<Cron>),
    /// Once, at this instant (Unix ms, UTC).
    At {
        /// The instant.
        at: i64,
        /// As written.
        text: String,
    },
}

/// Parses `rate(…)`, `cron(…)` or `at(…)`.
pub fn parse(input: &str) -> Result<Schedule, ScheduleError> {
    let s = input.trim();
    let inner = |prefix: &str| s.strip_prefix(prefix).and_then(|r| r.strip_suffix(')')).map(str::trim);
    if let Some(body) = inner("rate(") {
        rate::parse(body, s)
    } else if let Some(body) = inner("cron(") {
        cron::parse(body, s)
    } else if let Some(body) = inner("at(") {
        at::parse(body, s)
    } else {
        Err(ScheduleError::NotAnExpression { text: s.to_string() })
    }
}

impl Schedule {
    /// The first fire time strictly after `unix_ms`, or `None` if it will never fire again.
    pub fn next_after(&self, unix_ms: i64) -> Option<i64> {
        match self {
            Schedule::Rate { every, .. } => unix_ms.checked_add(*every),
            Schedule::At { at, .. } => (*at > unix_ms).then_some(*at),
            Schedule::Cron(c) => c.next_after(unix_ms),
        }
    }
}

impl fmt::Display for Schedule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Schedule::Rate { text, .. } | Schedule::At { text, .. } => f.write_str(text),
            Schedule::Cron(c) => f.write_str(&c.text),
        }
    }
}

impl Serialize for Schedule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Schedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        parse(&s).map_err(serde::de::Error::custom)
    }
}

/// Helpers the schedule tests share: a UTC wall-clock instant, and the next firing of a text.
#[cfg(test)]
pub(super) mod testing {
    use super::calendar::{days_from_civil, DAY, MINUTE};

    /// Milliseconds since the epoch of `y-m-d h:mi` UTC.
    pub fn t(y: i64, m: u32, d: u32, h: u32, mi: u32) -> i64 {
        days_from_civil(y, m, d) * DAY + i64::from(h * 60 + mi) * MINUTE
    }

    /// When `expr` next fires after `after`.
    pub fn next(expr: &str, after: i64) -> Option<i64> {
        super::parse(expr).unwrap().next_after(after)
    }
}

#[cfg(test)]
mod tests {
    use super::calendar::{DAY, MINUTE};
    use super::testing::{next, t};
    use super::*;

    #[test]
    fn rate_counts_from_the_given_instant_and_at_fires_once() {
        assert_eq!(next("rate(5 minutes)", 1_000), Some(1_000 + 5 * MINUTE));
        assert_eq!(next("rate(1 day)", 0), Some(DAY));
        let at = "at(2026-11-24T09:00:00)";
        assert_eq!(next(at, t(2026, 11, 24, 8, 0)), Some(t(2026, 11, 24, 9, 0)));
        assert_eq!(next(at, t(2026, 11, 24, 9, 0)), None);
        assert_eq!(parse(at).unwrap().to_string(), at);
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics_and_next_is_always_later(s in "(rate|cron|at)\\([0-9A-Z*?/,#LW -]{0,30}\\)", t0 in 0i64..5_000_000_000_000) {
            if let Ok(sched) = parse(&s) {
                if let Some(n) = sched.next_after(t0) {
                    proptest::prop_assert!(n > t0);
                }
            }
        }
    }
}
