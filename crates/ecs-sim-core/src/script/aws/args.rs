//! The AWS CLI's argument rules: `--flag value`, `--flag=value`, list parameters taking
//! several words, switches, and the global options accepted and ignored.

use super::ops::{flags, takes_list, CLUSTER};
use super::values::{int, Fail};
use crate::error::SimError;
use crate::op::Op;
use crate::script::parse_error::AwsError;
use serde_json::Value;

/// How many words a flag takes.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Arity {
    One,
    Many,
    Switch,
}
use Arity::*;

const GLOBAL: &[(&str, Arity)] =
    &[("--region", One), ("--output", One), ("--profile", One), ("--query", One), ("--no-cli-pager", Switch), ("--color", One)];

/// How many words `flag` takes in `op`; `None` for a flag the operation does not have.
fn arity(op: Op, flag: &str) -> Option<Arity> {
    if flag == "--cluster" {
        // Accepted everywhere: saved runs replay lines rendered with it.
        return Some(One);
    }
    if let Some((_, a)) = GLOBAL.iter().find(|(f, _)| *f == flag) {
        return Some(*a);
    }
    let (_, takes) = flags(op).iter().find(|(f, _)| *f == flag)?;
    Some(if !takes {
        Switch
    } else if takes_list(flag) {
        Many
    } else {
        One
    })
}

/// How many words the global options before the service name take.
pub(super) fn skip_global(rest: &[String]) -> Result<usize, Fail> {
    let mut i = 0;
    while i < rest.len() && rest[i].starts_with("--") {
        let a = GLOBAL.iter().find(|(f, _)| rest[i].split('=').next() == Some(*f)).map(|(_, a)| *a);
        match a {
            Some(One) if !rest[i].contains('=') => i += 2,
            Some(_) => i += 1,
            None => return Err(Box::new(AwsError::UnknownOptions(vec![rest[i].clone()]))),
        }
    }
    Ok(i)
}

/// The name or id an ARN ends with (`arn:aws:ecs:…:task/production/ID` → `ID`,
/// `…:task-definition/web:1` → `web:1`): the CLI takes either wherever ECS does.
pub(super) fn short(v: &str) -> String {
    if v.starts_with("arn:") { v.rsplit('/').next().unwrap_or(v) } else { v }.to_string()
}

/// Arguments as given: flag → values (the last occurrence wins, as argparse does). A few
/// flags per line: a Vec searched in order does, without one more BTreeMap type in the page.
pub(super) struct Args {
    pub(super) op: Op,
    values: Vec<(String, Vec<String>)>,
}

fn lookup<'a>(values: &'a [(String, Vec<String>)], flag: &str) -> Option<&'a Vec<String>> {
    values.iter().find(|(f, _)| f == flag).map(|(_, v)| v)
}

impl Args {
    pub(super) fn one(&self, flag: &str) -> Option<&str> {
        lookup(&self.values, flag).and_then(|v| v.first()).map(String::as_str)
    }

    pub(super) fn many(&self, flag: &str) -> &[String] {
        lookup(&self.values, flag).map_or(&[], Vec::as_slice)
    }

    pub(super) fn has(&self, flag: &str) -> bool {
        lookup(&self.values, flag).is_some()
    }

    /// A flag's values, at least one: "the following arguments are required" without.
    pub(super) fn required_many(&self, flag: &'static str) -> Result<&[String], Fail> {
        let v = self.many(flag);
        if v.is_empty() {
            return Err(Box::new(AwsError::Required { flag }));
        }
        Ok(v)
    }

    pub(super) fn required(&self, flag: &'static str) -> Result<&str, Fail> {
        self.one(flag).ok_or_else(|| Box::new(AwsError::Required { flag }))
    }

    pub(super) fn int(&self, flag: &str, param: &str) -> Result<Option<u32>, Fail> {
        self.one(flag).map(|v| int(param, &Value::String(v.to_string()))).transpose()
    }

    /// The service's refusal of `value` for `param`, in its words.
    pub(super) fn invalid(&self, param: impl Into<String>, value: Option<&str>, message: impl Into<String>) -> Fail {
        let e = SimError::invalid(self.op, message).with_param(param);
        Box::new(AwsError::Rejected(match value {
            Some(v) => e.with_value(v),
            None => e,
        }))
    }

    /// `param should be one of [..] (got 'value').`
    pub(super) fn one_of(&self, param: &str, value: &str, allowed: &'static [&'static str]) -> Fail {
        Box::new(AwsError::Rejected(SimError::one_of(self.op, param, value, allowed)))
    }
}

pub(super) fn collect(op: Op, words: &[String]) -> Result<Args, Fail> {
    let mut values: Vec<(String, Vec<String>)> = Vec::new();
    let mut unknown = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let w = &words[i];
        i += 1;
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (w.clone(), None),
        };
        let Some(a) = (if flag.starts_with("--") { arity(op, &flag) } else { None }) else {
            unknown.push(w.clone());
            continue;
        };
        let mut vals = Vec::new();
        match (a, inline) {
            (Switch, Some(_)) => return Err(Box::new(AwsError::ExplicitArgument { flag })),
            (Switch, None) => {}
            (_, Some(v)) => vals.push(v),
            (_, None) => {
                while i < words.len() && !words[i].starts_with("--") {
                    vals.push(words[i].clone());
                    i += 1;
                    if a == One {
                        break;
                    }
                }
                if vals.is_empty() {
                    return Err(Box::new(AwsError::ExpectedArgument { flag, many: a == Many }));
                }
            }
        }
        match values.iter_mut().find(|(f, _)| *f == flag) {
            Some(slot) => slot.1 = vals,
            None => values.push((flag, vals)),
        }
    }
    if !unknown.is_empty() {
        return Err(Box::new(AwsError::UnknownOptions(unknown)));
    }
    if let Some(c) = lookup(&values, "--cluster").and_then(|v| v.first()) {
        let name = c.rsplit_once(":cluster/").map_or(c.as_str(), |(_, n)| n);
        if name != CLUSTER {
            return Err(Box::new(AwsError::Rejected(SimError::ClusterNotFound { op, cluster: c.clone() })));
        }
    }
    Ok(Args { op, values })
}
