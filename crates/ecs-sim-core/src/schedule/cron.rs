//! Six-field `cron(minutes hours day-of-month month day-of-week year)` expressions as
//! EventBridge Scheduler reads them: lists, ranges and steps, month and day names, `?`, `L`,
//! `W`, `LW`, `DAY#N` and `DAYL`, at one-minute precision.

use super::calendar::{civil_from_days, days_from_civil, days_in_month, weekday, DAY, MINUTE};
use super::error::{CronField, FieldProblem, ScheduleError};
use super::Schedule;

/// The six fields of a cron expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Cron {
    minutes: Vec<u32>,
    hours: Vec<u32>,
    dom: DayOfMonth,
    months: Vec<u32>,
    dow: DayOfWeek,
    years: Vec<u32>,
    pub(super) text: String,
}

#[derive(Clone, Debug, PartialEq)]
enum DayOfMonth {
    Any,
    Days(Vec<u32>),
    Last,
    Weekday(u32),
    LastWeekday,
}

#[derive(Clone, Debug, PartialEq)]
enum DayOfWeek {
    Any,
    Days(Vec<u32>),
    Last(u32),
    Nth(u32, u32),
}

/// Parses one list field (`1,5-9,*/15`, names allowed) into sorted values.
fn values(field: &str, which: CronField) -> Result<Vec<u32>, ScheduleError> {
    let bad = |problem: FieldProblem| ScheduleError::CronField { field: which, text: field.to_string(), problem };
    let (lo, hi) = which.range();
    let one = |t: &str| -> Result<u32, ScheduleError> {
        let up = t.to_ascii_uppercase();
        if let Some(i) = which.names().iter().position(|n| *n == up) {
            // Names stand for 1, 2, …: JAN is month 1, SUN is day 1.
            return Ok(i as u32 + 1);
        }
        let v: u32 = t.parse().map_err(|_| bad(FieldProblem::NotANumber { token: t.to_string() }))?;
        if !(lo..=hi).contains(&v) {
            return Err(bad(FieldProblem::OutOfRange { value: v }));
        }
        Ok(v)
    };
    let mut out = Vec::new();
    for part in field.split(',') {
        let (range, step) = match part.split_once('/') {
            Some((r, s)) => {
                (r, Some(s.parse::<u32>().ok().filter(|s| *s > 0).ok_or_else(|| bad(FieldProblem::BadStep { step: s.to_string() }))?))
            }
            None => (part, None),
        };
        let (a, b) = if range == "*" {
            (lo, hi)
        } else if let Some((a, b)) = range.split_once('-') {
            (one(a)?, one(b)?)
        } else {
            let v = one(range)?;
            (v, if step.is_some() { hi } else { v })
        };
        if a > b {
            return Err(bad(FieldProblem::Backwards { from: a, to: b }));
        }
        out.extend((a..=b).step_by(step.unwrap_or(1) as usize));
    }
    // Sorted as usize by the page's one shared sort (`sort::sort_numbers`, as `pattern` does).
    let mut wide: Vec<usize> = out.into_iter().map(|v| v as usize).collect();
    crate::sort::sort_numbers(&mut wide);
    wide.dedup();
    Ok(wide.into_iter().map(|v| v as u32).collect())
}

pub(super) fn parse(body: &str, text: &str) -> Result<Schedule, ScheduleError> {
    let f: Vec<&str> = body.split_whitespace().collect();
    if f.len() != 6 {
        return Err(ScheduleError::CronFieldCount { count: f.len() });
    }
    if (f[2] == "?") == (f[4] == "?") {
        return Err(ScheduleError::CronQuestionMark);
    }
    let dom = match f[2] {
        "?" => DayOfMonth::Any,
        "L" => DayOfMonth::Last,
        "LW" => DayOfMonth::LastWeekday,
        d if d.ends_with('W') => DayOfMonth::Weekday(values(&d[..d.len() - 1], CronField::DayOfMonth)?.first().copied().unwrap_or(1)),
        d => DayOfMonth::Days(values(d, CronField::DayOfMonth)?),
    };
    let dow = match f[4] {
        "?" => DayOfWeek::Any,
        d if d.contains('#') => {
            let (day, n) = d.split_once('#').unwrap_or((d, ""));
            let day = values(day, CronField::DayOfWeek)?[0];
            let n: u32 = n.parse().ok().filter(|n| (1..=5).contains(n)).ok_or_else(|| ScheduleError::CronNth { text: d.to_string() })?;
            DayOfWeek::Nth(day, n)
        }
        d if d.len() > 1 && d.ends_with('L') => DayOfWeek::Last(values(&d[..d.len() - 1], CronField::DayOfWeek)?[0]),
        d => DayOfWeek::Days(values(d, CronField::DayOfWeek)?),
    };
    Ok(Schedule::Cron(Box::new(Cron {
        minutes: values(f[0], CronField::Minutes)?,
        hours: values(f[1], CronField::Hours)?,
        dom,
        months: values(f[3], CronField::Month)?,
        dow,
        years: values(f[5], CronField::Year)?,
        text: text.to_string(),
    })))
}

impl Cron {
    fn day_matches(&self, y: i64, m: u32, d: u32) -> bool {
        let dim = days_in_month(y, m);
        let wd = weekday(days_from_civil(y, m, d));
        let is_weekday = |d: u32| (2..=6).contains(&weekday(days_from_civil(y, m, d)));
        let nearest_weekday = |target: u32| {
            let t = target.min(dim);
            match weekday(days_from_civil(y, m, t)) {
                1 if t == dim => t - 2,
                1 => t + 1,
                7 if t == 1 => 3,
                7 => t - 1,
                _ => t,
            }
        };
        let dom_ok = match &self.dom {
            DayOfMonth::Any => true,
            DayOfMonth::Days(v) => v.contains(&d),
            DayOfMonth::Last => d == dim,
            DayOfMonth::Weekday(t) => d == nearest_weekday(*t),
            DayOfMonth::LastWeekday => d == (1..=dim).rev().find(|x| is_weekday(*x)).unwrap_or(dim),
        };
        let dow_ok = match &self.dow {
            DayOfWeek::Any => true,
            DayOfWeek::Days(v) => v.contains(&wd),
            DayOfWeek::Last(day) => wd == *day && d + 7 > dim,
            DayOfWeek::Nth(day, n) => wd == *day && (d - 1) / 7 + 1 == *n,
        };
        dom_ok && dow_ok
    }

    pub(super) fn next_after(&self, t: i64) -> Option<i64> {
        let start = t.div_euclid(MINUTE) * MINUTE + MINUTE;
        let start_day = start.div_euclid(DAY);
        let (sy, sm, _) = civil_from_days(start_day);
        for &year in self.years.iter().filter(|y| i64::from(**y) >= sy) {
            let year = i64::from(year);
            for &m in self.months.iter().filter(|m| year > sy || **m >= sm) {
                for d in 1..=days_in_month(year, m) {
                    let day = days_from_civil(year, m, d);
                    if day < start_day || !self.day_matches(year, m, d) {
                        continue;
                    }
                    for &h in &self.hours {
                        for &mi in &self.minutes {
                            let at = day * DAY + i64::from(h * 60 + mi) * MINUTE;
                            if at >= start {
                                return Some(at);
                            }
                        }
                    }
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::schedule::testing::{next, t};

    #[test]
    fn nightly_and_weekday_crons() {
        assert_eq!(next("cron(0 2 * * ? *)", t(2026, 11, 24, 3, 0)), Some(t(2026, 11, 25, 2, 0)));
        // 2026-11-27 is a Friday: the next weekday 09:00 after Friday 10:00 is Monday the 30th.
        assert_eq!(next("cron(0 9 ? * MON-FRI *)", t(2026, 11, 27, 10, 0)), Some(t(2026, 11, 30, 9, 0)));
        assert_eq!(next("cron(0 0 L * ? *)", t(2026, 2, 3, 0, 0)), Some(t(2026, 2, 28, 0, 0)));
        // Third Friday (6#3) of December 2026 is the 18th.
        assert_eq!(next("cron(0 12 ? * 6#3 *)", t(2026, 12, 1, 0, 0)), Some(t(2026, 12, 18, 12, 0)));
        // Last Friday (6L) of November 2026 is the 27th.
        assert_eq!(next("cron(15 10 ? * 6L 2026-2027)", t(2026, 11, 1, 0, 0)), Some(t(2026, 11, 27, 10, 15)));
        assert_eq!(next("cron(*/15 * * * ? *)", t(2026, 1, 1, 0, 7)), Some(t(2026, 1, 1, 0, 15)));
        assert_eq!(next("cron(0 0 1 JAN ? 2025)", t(2026, 1, 1, 0, 0)), None, "a year in the past never fires");
        // 15W in August 2026: the 15th is a Saturday, so Friday the 14th.
        assert_eq!(next("cron(0 8 15W * ? *)", t(2026, 8, 1, 0, 0)), Some(t(2026, 8, 14, 8, 0)));
    }
}
