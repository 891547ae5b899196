//! EventBridge Scheduler expressions for scheduled standalone tasks: `rate(5 minutes)`,
//! six-field `cron(min hour day-of-month month day-of-week year)` and one-time `at(…)`, all in
//! UTC at one-minute precision. Calendar arithmetic is done here (no date crates).

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// Why an expression was refused; the message names the field and value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScheduleError {
    /// Not `rate(…)`, `cron(…)` or `at(…)`.
    NotAnExpression {
        /// The text given.
        text: String,
    },
    /// `rate()` without exactly a value and a unit.
    RateShape {
        /// What is between the parentheses.
        body: String,
    },
    /// A rate value that is not a whole number of 1 or more.
    RateValue {
        /// The value as written.
        value: String,
    },
    /// A rate unit other than minute(s), hour(s) or day(s).
    RateUnit {
        /// The unit as written.
        unit: String,
    },
    /// `rate(1 minutes)` or `rate(5 minute)`: the unit must agree with the value.
    RatePlural {
        /// The value.
        value: i64,
        /// The unit as written.
        unit: String,
        /// The unit's singular.
        singular: &'static str,
    },
    /// `at()` without a valid `yyyy-mm-ddThh:mm:ss`.
    AtShape {
        /// What is between the parentheses.
        body: String,
    },
    /// `cron()` without six fields.
    CronFieldCount {
        /// How many fields were given.
        count: usize,
    },
    /// `?` in neither or both of day-of-month and day-of-week.
    CronQuestionMark,
    /// A cron field that does not read.
    CronField {
        /// Which field.
        field: CronField,
        /// The field as written.
        text: String,
        /// What is wrong with it.
        problem: FieldProblem,
    },
    /// `DAY#N` with N outside 1-5.
    CronNth {
        /// The day-of-week field as written.
        text: String,
    },
}

/// The six fields of a cron expression.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum CronField {
    /// 0-59.
    Minutes,
    /// 0-23.
    Hours,
    /// 1-31.
    DayOfMonth,
    /// 1-12 or JAN-DEC.
    Month,
    /// 1-7 or SUN-SAT.
    DayOfWeek,
    /// 1970-2199.
    Year,
}

/// What is wrong with one cron field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    /// A token that is neither a number nor one of the field's names.
    NotANumber {
        /// The token.
        token: String,
    },
    /// A number outside the field's range.
    OutOfRange {
        /// The number.
        value: u32,
    },
    /// A step after `/` that is not a whole number above 0.
    BadStep {
        /// The step as written.
        step: String,
    },
    /// A range whose end comes before its start.
    Backwards {
        /// The start.
        from: u32,
        /// The end.
        to: u32,
    },
}

impl CronField {
    /// The field's name in messages.
    pub fn name(self) -> &'static str {
        match self {
            CronField::Minutes => "minutes",
            CronField::Hours => "hours",
            CronField::DayOfMonth => "day-of-month",
            CronField::Month => "month",
            CronField::DayOfWeek => "day-of-week",
            CronField::Year => "year",
        }
    }

    /// The smallest and largest value.
    pub fn range(self) -> (u32, u32) {
        match self {
            CronField::Minutes => (0, 59),
            CronField::Hours => (0, 23),
            CronField::DayOfMonth => (1, 31),
            CronField::Month => (1, 12),
            CronField::DayOfWeek => (1, 7),
            CronField::Year => (1970, 2199),
        }
    }

    /// Names that stand for the values 1, 2, … (months and days of the week).
    fn names(self) -> &'static [&'static str] {
        match self {
            CronField::Month => &MONTHS,
            CronField::DayOfWeek => &DAYS,
            _ => &[],
        }
    }
}

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleError::NotAnExpression { text } => {
                write!(f, "'{text}' is not a schedule expression: use rate(5 minutes), cron(0 2 * * ? *) or at(2026-11-24T09:00:00).")
            }
            ScheduleError::RateShape { body } => write!(f, "rate() needs a value and a unit, e.g. rate(5 minutes) (got '{body}')."),
            ScheduleError::RateValue { value } => write!(f, "rate() value '{value}' must be a whole number of 1 or more."),
            ScheduleError::RateUnit { unit } => write!(f, "rate() unit '{unit}' must be minute(s), hour(s) or day(s)."),
            ScheduleError::RatePlural { value, unit, singular } => {
                let plural = if *value == 1 { "" } else { "s" };
                write!(f, "rate({value} {unit}) must be written rate({value} {singular}{plural}): singular for 1, plural otherwise.")
            }
            ScheduleError::AtShape { body } => write!(f, "at() needs a date and time yyyy-mm-ddThh:mm:ss (got '{body}')."),
            ScheduleError::CronFieldCount { count } => {
                write!(f, "cron() needs six fields (minutes hours day-of-month month day-of-week year), got {count}.")
            }
            ScheduleError::CronQuestionMark => f.write_str("cron() needs '?' in exactly one of day-of-month and day-of-week."),
            ScheduleError::CronField { field, text, problem } => {
                write!(f, "cron() {} field '{text}' ", field.name())?;
                let names = field.names();
                match problem {
                    FieldProblem::NotANumber { token } => {
                        write!(f, "has '{token}', which is not a number{}.", if names.is_empty() { "" } else { " or a name" })
                    }
                    FieldProblem::OutOfRange { .. } => {
                        let (lo, hi) = field.range();
                        write!(f, "is out of range {lo}-{hi}")?;
                        if let (Some(first), Some(last)) = (names.first(), names.last()) {
                            write!(f, " (or {first}-{last})")?;
                        }
                        f.write_str(".")
                    }
                    FieldProblem::BadStep { step } => write!(f, "has a bad step '/{step}'."),
                    FieldProblem::Backwards { from, to } => write!(f, "has a range {from}-{to} that runs backwards."),
                }
            }
            ScheduleError::CronNth { text } => write!(f, "cron() day-of-week field '{text}': the number after '#' must be 1-5."),
        }
    }
}

impl std::error::Error for ScheduleError {}

const MINUTE: i64 = 60_000;
const DAY: i64 = 86_400_000;

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date (year, month, day) of a day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    // Day numbers are negative before 1970: subtract as i64.
    (days_from_civil(if m == 12 { y + 1 } else { y }, if m == 12 { 1 } else { m + 1 }, 1) - days_from_civil(y, m, 1)) as u32
}

/// AWS day of week: 1 = Sunday … 7 = Saturday.
fn weekday(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32 + 1
}

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

/// The six fields of a cron expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Cron {
    minutes: Vec<u32>,
    hours: Vec<u32>,
    dom: DayOfMonth,
    months: Vec<u32>,
    dow: DayOfWeek,
    years: Vec<u32>,
    text: String,
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

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

/// Parses `rate(…)`, `cron(…)` or `at(…)`.
pub fn parse(input: &str) -> Result<Schedule, ScheduleError> {
    let s = input.trim();
    let inner = |prefix: &str| s.strip_prefix(prefix).and_then(|r| r.strip_suffix(')')).map(str::trim);
    if let Some(body) = inner("rate(") {
        parse_rate(body, s)
    } else if let Some(body) = inner("cron(") {
        parse_cron(body, s)
    } else if let Some(body) = inner("at(") {
        parse_at(body, s)
    } else {
        Err(ScheduleError::NotAnExpression { text: s.to_string() })
    }
}

fn parse_rate(body: &str, text: &str) -> Result<Schedule, ScheduleError> {
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

fn parse_at(body: &str, text: &str) -> Result<Schedule, ScheduleError> {
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
    // Sorted as usize, the type `pattern` sorts too, so the page carries one copy of the sort.
    let mut wide: Vec<usize> = out.into_iter().map(|v| v as usize).collect();
    wide.sort_unstable();
    wide.dedup();
    Ok(wide.into_iter().map(|v| v as u32).collect())
}

fn parse_cron(body: &str, text: &str) -> Result<Schedule, ScheduleError> {
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

    fn next_after(&self, t: i64) -> Option<i64> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn t(y: i64, m: u32, d: u32, h: u32, mi: u32) -> i64 {
        days_from_civil(y, m, d) * DAY + i64::from(h * 60 + mi) * MINUTE
    }

    fn next(expr: &str, after: i64) -> Option<i64> {
        parse(expr).unwrap().next_after(after)
    }

    #[test]
    fn civil_dates_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(weekday(0), 5, "1970-01-01 was a Thursday (AWS 5)");
        for z in [-1000, 0, 59, 365, 20_000, 20_781, 100_000] {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
        assert_eq!(days_in_month(2028, 2), 29);
        assert_eq!(days_in_month(2026, 2), 28);
    }

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

    #[test]
    fn rate_counts_from_the_given_instant_and_at_fires_once() {
        assert_eq!(next("rate(5 minutes)", 1_000), Some(1_000 + 5 * MINUTE));
        assert_eq!(next("rate(1 day)", 0), Some(DAY));
        let at = "at(2026-11-24T09:00:00)";
        assert_eq!(next(at, t(2026, 11, 24, 8, 0)), Some(t(2026, 11, 24, 9, 0)));
        assert_eq!(next(at, t(2026, 11, 24, 9, 0)), None);
        assert_eq!(parse(at).unwrap().to_string(), at);
    }

    #[test]
    fn errors_name_the_field_and_value() {
        let e = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(e("cron(0 9 ? * 9 *)"), "cron() day-of-week field '9' is out of range 1-7 (or SUN-SAT).");
        assert_eq!(e("cron(0 9 * * * *)"), "cron() needs '?' in exactly one of day-of-month and day-of-week.");
        assert_eq!(e("cron(0 9 * *)"), "cron() needs six fields (minutes hours day-of-month month day-of-week year), got 4.");
        assert_eq!(e("cron(61 9 * * ? *)"), "cron() minutes field '61' is out of range 0-59.");
        assert_eq!(e("rate(1 minutes)"), "rate(1 minutes) must be written rate(1 minute): singular for 1, plural otherwise.");
        assert_eq!(e("rate(0 minutes)"), "rate() value '0' must be a whole number of 1 or more.");
        assert_eq!(e("rate(5 weeks)"), "rate() unit 'weeks' must be minute(s), hour(s) or day(s).");
        assert!(e("at(2026-02-30T09:00:00)").starts_with("at() needs a date and time"));
        // Dates before 1970 are read without overflow (and simply never fire).
        assert!(parse("at(1969-12-15T00:00:00)").is_ok());
        assert!(e("every day").contains("is not a schedule expression"));
        assert_eq!(e("rate(5 minute)"), "rate(5 minute) must be written rate(5 minutes): singular for 1, plural otherwise.");
        assert_eq!(e("cron(0 9 ? JANUARY * *)"), "cron() month field 'JANUARY' has 'JANUARY', which is not a number or a name.");
        assert_eq!(e("cron(x 9 ? * * *)"), "cron() minutes field 'x' has 'x', which is not a number.");
        assert_eq!(e("cron(*/0 9 ? * * *)"), "cron() minutes field '*/0' has a bad step '/0'.");
        assert_eq!(e("cron(0 9 ? * MON#6 *)"), "cron() day-of-week field 'MON#6': the number after '#' must be 1-5.");
        assert_eq!(e("cron(0 9 ? 13 * *)"), "cron() month field '13' is out of range 1-12 (or JAN-DEC).");
    }

    #[test]
    fn errors_carry_the_field_and_value_as_data() {
        assert_eq!(
            parse("cron(0 9 ? * 9 *)").unwrap_err(),
            ScheduleError::CronField { field: CronField::DayOfWeek, text: "9".into(), problem: FieldProblem::OutOfRange { value: 9 } }
        );
        assert_eq!(
            parse("cron(0 20-8 * * ? *)").unwrap_err(),
            ScheduleError::CronField { field: CronField::Hours, text: "20-8".into(), problem: FieldProblem::Backwards { from: 20, to: 8 } }
        );
        assert_eq!(parse("rate(1 hours)").unwrap_err(), ScheduleError::RatePlural { value: 1, unit: "hours".into(), singular: "hour" });
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
