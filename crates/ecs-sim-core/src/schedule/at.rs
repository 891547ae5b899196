//! `at(yyyy-mm-ddThh:mm:ss)`: once, at that instant (UTC).

use super::calendar::{days_from_civil, days_in_month, DAY};
use super::error::ScheduleError;
use super::Schedule;

pub(super) fn parse(body: &str, text: &str) -> Result<Schedule, ScheduleError> {
    let bad = || Err(ScheduleError::AtShape { body: body.to_string() });
    let b = body.as_bytes();
    if b.len() != 19 || b[4] != b'-' || b[7] != b'-' || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return bad();
    }
    let num = |r: std::ops::Range<usize>| body.get(r).and_then(|x| x.parse::<u32>().ok());
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(se)) =
        (num(0..4), num(5..7), num(8..10), num(11..13), num(14..16), num(17..19))
    else {
        return bad();
    };
    if !(1..=12).contains(&mo) || d == 0 || d > days_in_month(i64::from(y), mo) || h > 23 || mi > 59 || se > 59 {
        return bad();
    }
    let at = days_from_civil(i64::from(y), mo, d) * DAY + i64::from(h * 3600 + mi * 60 + se) * 1000;
    Ok(Schedule::At { at, text: text.to_string() })
}
