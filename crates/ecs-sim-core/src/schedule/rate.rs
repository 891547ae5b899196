//! `rate(N unit)`: every N minutes, hours or days, counted from the previous run.

use super::calendar::{DAY, MINUTE};
use super::error::ScheduleError;
use super::Schedule;

pub(super) fn parse(body: &str, text: &str) -> Result<Schedule, ScheduleError> {
    let mut parts = body.split_whitespace();
    let (Some(n), Some(unit), None) = (parts.next(), parts.next(), parts.next()) else {
        return Err(ScheduleError::RateShape { body: body.to_string() });
    };
    let n: i64 = match n.parse() {
        Ok(v) if v >= 1 => v,
        _ => return Err(ScheduleError::RateValue { value: n.to_string() }),
    };
    let (ms, singular) = match unit {
        "minute" | "minutes" => (MINUTE, "minute"),
        "hour" | "hours" => (60 * MINUTE, "hour"),
        "day" | "days" => (DAY, "day"),
        other => return Err(ScheduleError::RateUnit { unit: other.to_string() }),
    };
    // The unit is one of the six words above: plural exactly when it ends in 's'.
    if unit.ends_with('s') != (n != 1) {
        return Err(ScheduleError::RatePlural { value: n, unit: unit.to_string(), singular });
    }
    Ok(Schedule::Rate { every: n.saturating_mul(ms), text: text.to_string() })
}
