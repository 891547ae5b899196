//! Why a schedule expression was refused, as data: which part, which field of a cron
//! expression, and what is wrong with it. The text is worded from these fields.

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
    pub(super) fn names(self) -> &'static [&'static str] {
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

const MONTHS: [&str; 12] = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
const DAYS: [&str; 7] = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule::parse;

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
}
