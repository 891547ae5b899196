//! The `aws …` subset, read with the AWS CLI's own argument rules: `--flag value`,
//! `--flag=value`, list parameters taking several words, shorthand or JSON for structures, and
//! errors in the CLI's wording (`aws: error: …`, `Parameter validation failed: …`) or the
//! service's (`An error occurred (…Exception) when calling the … operation: …`).
//!
//! Three services: `aws ecs`, and the EventBridge Scheduler and Application Auto Scaling calls
//! that act on ECS tasks and services. Global options (`--region`, `--output`, `--profile`,
//! `--no-cli-pager`, `--query`) are accepted and ignored; `--cluster` (or the cluster in an ARN
//! or resource id) must name the simulator's cluster.
//!
//! Layers, each using only those below it: `ops` (which operations and flags there are),
//! `values` (botocore's typed values), `args` (argparse's words to flags), then one parser per
//! service (`ecs`, `scheduler`, `autoscaling`).

mod args;
mod autoscaling;
mod ecs;
mod ops;
mod scheduler;
mod values;

pub(crate) use ops::takes_cluster;
pub use ops::{any_operation, flags, operation_named, service_of, synopsis, CLUSTER, OPERATIONS, SERVICES};

use super::parse_error::AwsError;
use super::stmt::Stmt;
use values::Fail;

/// Parses `aws SERVICE OPERATION …` (the leading `aws` included in `words`).
pub fn parse(words: &[String]) -> Result<Stmt, AwsError> {
    parse_aws(words).map_err(|e| *e)
}

fn parse_aws(words: &[String]) -> Result<Stmt, Fail> {
    let rest: Vec<String> = words.iter().skip(1).cloned().collect();
    // Global options may come before the service name.
    let i = args::skip_global(&rest)?;
    let (service, ops) = match rest.get(i).map(String::as_str) {
        Some(name) => match SERVICES.iter().find(|(s, _)| *s == name) {
            Some(found) => *found,
            None => return Err(Box::new(AwsError::NotEcs { command: name.to_string() })),
        },
        None => return Err(Box::new(AwsError::MissingCommand)),
    };
    if rest.get(i + 1).map(String::as_str) == Some("help") {
        return Ok(Stmt::Help(Some("aws".into())));
    }
    let Some(name) = rest.get(i + 1) else {
        return Err(Box::new(AwsError::MissingOperation));
    };
    let op = ops
        .iter()
        .copied()
        .find(|op| op.cli_name() == name)
        .ok_or_else(|| Box::new(AwsError::InvalidOperation { name: name.clone(), choices: ops }))?;
    if rest.len() > i + 2 && rest.last().map(String::as_str) == Some("help") {
        return Ok(Stmt::Help(Some(name.clone())));
    }
    let args = args::collect(op, &rest[i + 2..])?;
    match service {
        "scheduler" => scheduler::operation(&args),
        "application-autoscaling" => autoscaling::operation(&args),
        _ => ecs::operation(&args),
    }
}
