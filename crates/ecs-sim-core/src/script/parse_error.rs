//! Why a line of the command language does not parse. Each error holds what was wrong as data
//! (the flag, the word, the JSON path, the value); its text is what the console and
//! `ecs-sim run` print, in the AWS CLI's wording for `aws ecs` lines.

use super::lex::Unterminated;
use super::shorthand::ShorthandError;
use crate::error::SimError;
use crate::event::FilterError;
use crate::op::Op;
use std::fmt;

/// A line that does not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// A line with no words.
    Empty,
    /// A quote left open.
    Unterminated(Unterminated),
    /// A console line holding more than one statement.
    SeveralStatements {
        /// The 1-based line the second statement starts on.
        line: usize,
    },
    /// A simulator verb's line that does not read.
    Verb(VerbError),
    /// An `aws …` line the AWS CLI would refuse.
    Aws(AwsError),
}

/// What is wrong with a line of a simulator verb (`advance`, `kill`, `expect`, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VerbError {
    /// A first word that is no verb.
    UnknownCommand {
        /// The word.
        name: String,
        /// The verbs there are.
        verbs: &'static [&'static str],
    },
    /// The line ends where a word is needed.
    Missing {
        /// The verb.
        verb: &'static str,
        /// What is needed, e.g. `a service name`.
        what: String,
        /// The words before the gap.
        after: String,
    },
    /// A word that should be a whole number.
    NotANumber {
        /// The verb.
        verb: &'static str,
        /// What the number is, e.g. `a task position`.
        what: String,
        /// The word given.
        found: String,
    },
    /// Words after a complete line.
    Unexpected {
        /// The verb.
        verb: &'static str,
        /// The first extra word.
        found: String,
        /// `step` and `say` take one text: the hint says to quote it.
        quote_hint: bool,
    },
    /// A word other than the keywords the line allows there.
    NotExpected {
        /// Where: the verb, or the verb and the subject (`expect service`).
        context: &'static str,
        /// The words allowed.
        expected: &'static str,
        /// The word given.
        found: String,
    },
    /// A value outside a fixed set.
    NotAChoice {
        /// Where, e.g. `bad revision`.
        context: &'static str,
        /// What the value is, e.g. `the fault`.
        what: &'static str,
        /// The values allowed.
        choices: Choices,
        /// The value given.
        found: String,
    },
    /// Position 0: tasks and instances count from 1.
    ZeroPosition {
        /// The verb.
        verb: &'static str,
        /// Which kind of position.
        of: Numbered,
    },
    /// `label` without `as NAME`.
    LabelWithoutName,
    /// A setting the verb does not have.
    UnknownSetting {
        /// The verb.
        verb: &'static str,
        /// The word given.
        setting: String,
        /// The settings there are, as a sentence.
        choices: &'static str,
    },
    /// A setting the verb cannot do without.
    MissingSetting {
        /// The verb.
        verb: &'static str,
        /// The setting.
        setting: &'static str,
    },
    /// A duration that does not read.
    Duration {
        /// The verb.
        verb: &'static str,
        /// Why.
        error: DurationError,
    },
    /// An `expect event KIND …` line whose conditions do not read.
    BadEventFilter(FilterError),
}

/// What a position counts.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Numbered {
    /// A service's or group's RUNNING tasks.
    Task,
    /// The cluster's container instances.
    Instance,
}

/// A fixed set of values, and how the message lists it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Choices {
    /// `a, b or c`.
    Or(&'static [&'static str]),
    /// `one of a, b, c`.
    OneOf(&'static [&'static str]),
}

/// A duration such as `90s` or `1h30m` that does not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DurationError {
    /// The text given.
    pub text: String,
}

/// What the AWS CLI (or, for a value it checks itself, the service) says about an `aws` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AwsError {
    /// Options the operation does not take (a blank one gets a hint about `\ `).
    UnknownOptions(Vec<String>),
    /// `--switch=value` for a flag that takes no value.
    ExplicitArgument {
        /// The flag.
        flag: String,
    },
    /// A flag without its value.
    ExpectedArgument {
        /// The flag.
        flag: String,
        /// The flag takes a list.
        many: bool,
    },
    /// A required flag left out.
    Required {
        /// The flag.
        flag: &'static str,
    },
    /// `aws` alone.
    MissingCommand,
    /// `aws ecs` alone.
    MissingOperation,
    /// A service the simulator does not answer (it knows `ecs`, `scheduler` and
    /// `application-autoscaling`).
    NotEcs {
        /// The service given.
        command: String,
    },
    /// An operation `aws ecs` does not have (or the simulator does not take).
    InvalidOperation {
        /// The name given.
        name: String,
        /// The operations there are.
        choices: &'static [Op],
    },
    /// A structure or list value that is neither shorthand nor JSON.
    Shorthand {
        /// The flag.
        flag: &'static str,
        /// Why.
        error: ShorthandError,
    },
    /// `--cli-input-json file://…`: a script reads no files.
    FileInput {
        /// The value given.
        value: String,
    },
    /// `--cli-input-json` together with `--family` or `--container-definitions`.
    InputJsonAndFlags,
    /// A value of the wrong type or shape, as botocore reports it.
    Validation(Validation),
    /// A value the service refuses, in its words.
    Rejected(SimError),
}

/// botocore's parameter validation: the JSON path of the parameter and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Validation {
    /// A value of another type than the parameter's.
    InvalidType {
        /// The parameter's path, e.g. `deploymentConfiguration.maximumPercent`.
        path: String,
        /// The value, as text.
        value: String,
        /// Its type.
        found: JsonType,
        /// The parameter's type.
        expected: JsonType,
    },
    /// A number below the parameter's minimum.
    BelowMin {
        /// The parameter's path.
        path: String,
        /// The value.
        value: i64,
        /// The minimum.
        min: i64,
    },
    /// A number above the parameter's maximum.
    AboveMax {
        /// The parameter's path.
        path: String,
        /// The value.
        value: i64,
        /// The maximum.
        max: u64,
    },
    /// A key the structure does not have.
    UnknownParameter {
        /// The structure's path.
        path: String,
        /// The key given.
        key: String,
        /// The keys it has.
        allowed: &'static [&'static str],
    },
    /// A key the structure needs.
    MissingParameter {
        /// The structure's path.
        path: String,
        /// The key left out.
        key: &'static str,
    },
}

/// A JSON value's type, as botocore names it (Python's classes).
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum JsonType {
    /// `<class 'str'>`.
    Str,
    /// `<class 'int'>`.
    Int,
    /// `<class 'float'>`.
    Float,
    /// `<class 'bool'>`.
    Bool,
    /// `<class 'list'>`.
    List,
    /// `<class 'dict'>`.
    Dict,
    /// `<class 'NoneType'>`.
    Null,
}

impl JsonType {
    /// The type of a value.
    pub fn of(v: &serde_json::Value) -> JsonType {
        use serde_json::Value;
        match v {
            Value::String(_) => JsonType::Str,
            Value::Number(n) if n.is_f64() => JsonType::Float,
            Value::Number(_) => JsonType::Int,
            Value::Bool(_) => JsonType::Bool,
            Value::Array(_) => JsonType::List,
            Value::Object(_) => JsonType::Dict,
            Value::Null => JsonType::Null,
        }
    }
}

impl fmt::Display for JsonType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            JsonType::Str => "str",
            JsonType::Int => "int",
            JsonType::Float => "float",
            JsonType::Bool => "bool",
            JsonType::List => "list",
            JsonType::Dict => "dict",
            JsonType::Null => "NoneType",
        };
        write!(f, "<class '{name}'>")
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => f.write_str("empty line"),
            ParseError::Unterminated(u) => write!(f, "unterminated {} quote", u.quote),
            ParseError::SeveralStatements { line } => write!(f, "one command at a time: line {line} starts another"),
            ParseError::Verb(e) => e.fmt(f),
            ParseError::Aws(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for Choices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Choices::OneOf(list) => write!(f, "one of {}", list.join(", ")),
            Choices::Or(list) => match list.split_last() {
                Some((last, [])) => f.write_str(last),
                Some((last, rest)) => write!(f, "{} or {last}", rest.join(", ")),
                None => Ok(()),
            },
        }
    }
}

impl VerbError {
    /// What the message starts with: the verb, or the verb and its subject (`expect service`).
    fn context(&self) -> Option<&'static str> {
        match self {
            VerbError::UnknownCommand { .. } => None,
            VerbError::LabelWithoutName => Some("label"),
            VerbError::Missing { verb, .. }
            | VerbError::NotANumber { verb, .. }
            | VerbError::Unexpected { verb, .. }
            | VerbError::ZeroPosition { verb, .. }
            | VerbError::UnknownSetting { verb, .. }
            | VerbError::MissingSetting { verb, .. }
            | VerbError::Duration { verb, .. } => Some(verb),
            VerbError::BadEventFilter(_) => Some("expect event"),
            VerbError::NotExpected { context, .. } | VerbError::NotAChoice { context, .. } => Some(context),
        }
    }
}

impl fmt::Display for VerbError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(context) = self.context() {
            f.write_str(context)?;
            f.write_str(": ")?;
        }
        match self {
            VerbError::UnknownCommand { name, verbs } => {
                write!(f, "unknown command '{name}'")?;
                match super::suggest::close_matches(name, &mut verbs.iter().copied()).first() {
                    Some(meant) => write!(f, ": did you mean '{meant}'? The commands are {}", verbs.join(", ")),
                    None => write!(f, ": use one of {}", verbs.join(", ")),
                }
            }
            VerbError::Missing { what, after, .. } => write!(f, "expected {what} after '{after}'"),
            VerbError::NotANumber { what, found, .. } => write!(f, "{what} must be a whole number, not '{found}'"),
            VerbError::Unexpected { found, quote_hint, .. } => {
                write!(f, "unexpected '{found}'")?;
                if *quote_hint {
                    f.write_str(" (put the text in quotes)")?;
                }
                Ok(())
            }
            VerbError::NotExpected { expected, found, .. } => write!(f, "expected {expected}, not '{found}'"),
            VerbError::NotAChoice { what, choices, found, .. } => write!(f, "{what} is {}, not '{found}'", *choices),
            VerbError::ZeroPosition { of: Numbered::Task, .. } => f.write_str("task positions count from 1"),
            VerbError::ZeroPosition { of: Numbered::Instance, .. } => f.write_str("instances are numbered from 1"),
            VerbError::LabelWithoutName => f.write_str("expected 'as NAME' after the task"),
            VerbError::UnknownSetting { setting, choices, .. } => write!(f, "unknown setting '{setting}': use {choices}"),
            VerbError::MissingSetting { setting, .. } => write!(f, "'{setting} N' is required"),
            VerbError::Duration { error, .. } => error.fmt(f),
            VerbError::BadEventFilter(error) => error.fmt(f),
        }
    }
}

impl fmt::Display for DurationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'{}' is not a duration: use a number and a unit, e.g. 90s, 2m, 1h30m, 500ms", self.text)
    }
}

impl AwsError {
    /// What the message starts with: argparse's usage line and `aws: error: `, or only the
    /// latter, or nothing (botocore's and the service's messages).
    fn prefix(&self) -> &'static str {
        match self {
            AwsError::MissingCommand | AwsError::MissingOperation | AwsError::NotEcs { .. } | AwsError::InvalidOperation { .. } => {
                "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: "
            }
            AwsError::UnknownOptions(_)
            | AwsError::ExplicitArgument { .. }
            | AwsError::ExpectedArgument { .. }
            | AwsError::Required { .. }
            | AwsError::InputJsonAndFlags => "aws: error: ",
            AwsError::Shorthand { .. } | AwsError::FileInput { .. } | AwsError::Validation(_) | AwsError::Rejected(_) => "",
        }
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())?;
        match self {
            AwsError::UnknownOptions(options) => {
                write!(f, "Unknown options: {}", options.join(", "))?;
                if options.iter().any(|o| o.trim().is_empty()) {
                    f.write_str("\n(an option that is only a space: a backslash followed by a space escapes the space; it continues the line only as the last character)")?;
                }
                Ok(())
            }
            AwsError::ExplicitArgument { flag } => write!(f, "argument {flag}: ignored explicit argument"),
            AwsError::ExpectedArgument { flag, many } => {
                write!(f, "argument {flag}: expected {} argument", if *many { "at least one" } else { "one" })
            }
            AwsError::Required { flag } => write!(f, "the following arguments are required: {flag}"),
            AwsError::MissingCommand => f.write_str("the following arguments are required: command"),
            AwsError::MissingOperation => f.write_str("the following arguments are required: operation"),
            AwsError::NotEcs { command } => write!(
                f,
                "argument command: the simulator knows 'aws ecs', 'aws scheduler' and 'aws application-autoscaling', not 'aws {command}'"
            ),
            AwsError::InvalidOperation { name, choices } => {
                // Two to a line, the first padded to 40 columns, as the AWS CLI lists them.
                f.write_str("argument operation: Invalid choice, valid choices are:\n")?;
                for (i, op) in choices.iter().enumerate() {
                    let choice = op.cli_name();
                    f.write_str(if i % 2 == 0 { "\n" } else { " | " })?;
                    f.write_str(choice)?;
                    if i % 2 == 0 && i + 1 < choices.len() {
                        f.write_str(&"                                        "[choice.len().min(40)..])?;
                    }
                }
                f.write_str("\n\nInvalid choice: '")?;
                f.write_str(name)?;
                f.write_str("'")?;
                let close = super::suggest::close_matches(name, &mut choices.iter().map(|op| op.cli_name()));
                if !close.is_empty() {
                    f.write_str(", maybe you meant:\n")?;
                }
                for c in close {
                    f.write_str("\n  * ")?;
                    f.write_str(c)?;
                }
                Ok(())
            }
            AwsError::Shorthand { flag, error } => write!(f, "Error parsing parameter '{flag}': {}", *error),
            AwsError::FileInput { value } => write!(
                f,
                "Error parsing parameter '--cli-input-json': a script cannot read files ({value}); paste the JSON inline in single quotes."
            ),
            AwsError::InputJsonAndFlags => f.write_str("give either --cli-input-json or --family with --container-definitions, not both"),
            AwsError::Validation(v) => write!(f, "Parameter validation failed:\n{}", *v),
            AwsError::Rejected(e) => e.fmt(f),
        }
    }
}

impl fmt::Display for Validation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Validation::InvalidType { path, value, found, expected } => {
                write!(f, "Invalid type for parameter {path}, value: {value}, type: {}, valid types: {}", *found, *expected)
            }
            Validation::BelowMin { path, value, min } => {
                write!(f, "Invalid value for parameter {path}, value: {value}, valid min value: {min}")
            }
            Validation::AboveMax { path, value, max } => {
                write!(f, "Invalid value for parameter {path}, value: {value}, valid max value: {max}")
            }
            Validation::UnknownParameter { path, key, allowed } => {
                write!(f, "Unknown parameter in {path}: \"{key}\", must be one of: {}", allowed.join(", "))
            }
            Validation::MissingParameter { path, key } => write!(f, "Missing required parameter in {path}: \"{key}\""),
        }
    }
}

impl std::error::Error for ParseError {}
impl std::error::Error for DurationError {}

impl From<VerbError> for ParseError {
    fn from(e: VerbError) -> Self {
        ParseError::Verb(e)
    }
}

impl From<AwsError> for ParseError {
    fn from(e: AwsError) -> Self {
        ParseError::Aws(e)
    }
}
