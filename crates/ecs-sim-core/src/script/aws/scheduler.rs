//! `aws scheduler create-schedule | delete-schedule`: EventBridge Scheduler schedules whose
//! target is the simulator's cluster, running a standalone task each time they fire.

use super::args::{short, Args};
use super::ops::CLUSTER;
use super::values::{fields, int, param, required, string, Fail};
use crate::command::Command;
use crate::error::SimError;
use crate::model::LaunchType;
use crate::op::Op;
use crate::script::parse_error::AwsError;
use crate::script::stmt::Stmt;

/// The statement an `aws scheduler` operation's arguments stand for.
pub(super) fn operation(a: &Args) -> Result<Stmt, Fail> {
    let name = a.required("--name")?.to_string();
    if a.op == Op::DeleteSchedule {
        return Ok(Stmt::Apply(Command::DeleteSchedule { name }));
    }
    let schedule_expression = a.required("--schedule-expression")?.to_string();
    let window = param("--flexible-time-window", a.required("--flexible-time-window")?)?;
    let w = fields("FlexibleTimeWindow", &window, &["Mode", "MaximumWindowInMinutes"])?;
    let mode = string("FlexibleTimeWindow.Mode", required("FlexibleTimeWindow", w, "Mode")?)?;
    if mode != "OFF" {
        return Err(a.one_of("FlexibleTimeWindow.Mode", &mode, &["OFF"]));
    }
    let target = param("--target", a.required("--target")?)?;
    let t = fields("Target", &target, &["Arn", "RoleArn", "EcsParameters", "RetryPolicy"])?;
    let arn = string("Target.Arn", required("Target", t, "Arn")?)?;
    match arn.strip_prefix("arn:aws:ecs:").and_then(|r| r.split_once(":cluster/")) {
        Some((_, cluster)) if cluster == CLUSTER => {}
        Some(_) => return Err(Box::new(AwsError::Rejected(SimError::ClusterNotFound { op: a.op, cluster: arn }))),
        None => {
            return Err(a.invalid(
                "Target.Arn",
                Some(&arn),
                format!("The simulator's schedules target its ECS cluster: arn:aws:ecs:REGION:ACCOUNT:cluster/{CLUSTER}."),
            ))
        }
    }
    string("Target.RoleArn", required("Target", t, "RoleArn")?)?;
    let ecs = required("Target", t, "EcsParameters")?;
    let p = "Target.EcsParameters";
    let e = fields(p, ecs, &["TaskDefinitionArn", "TaskCount", "LaunchType", "NetworkConfiguration"])?;
    let task_definition = short(&string(&format!("{p}.TaskDefinitionArn"), required(p, e, "TaskDefinitionArn")?)?);
    let count = e.get("TaskCount").map(|n| int(&format!("{p}.TaskCount"), n)).transpose()?.unwrap_or(1);
    let launch_type = match e.get("LaunchType").map(|l| string(&format!("{p}.LaunchType"), l)).transpose()?.as_deref() {
        None | Some("EC2") => LaunchType::Ec2,
        Some("FARGATE") => LaunchType::Fargate,
        Some(other) => return Err(a.one_of("LaunchType", other, &["EC2", "FARGATE"])),
    };
    if let Some(n) = e.get("NetworkConfiguration") {
        // Checked for shape, then left aside: the simulator has no VPC.
        fields(&format!("{p}.NetworkConfiguration"), n, &["awsvpcConfiguration"])?;
    }
    Ok(Stmt::Apply(Command::CreateSchedule { name, schedule_expression, task_definition, count, launch_type }))
}
