//! The one place events become text, worded as ECS words them in a service's Events tab and in
//! task state changes. Nothing else in the workspace formats an event.

use super::{EventKind, ScalingReason, TaskRef};
use crate::model::{HealthStatus, ScalingMetric};
use std::fmt::Write;

/// `service web` or `standalone, group family:batch-job`: how a task's messages name its owner.
pub fn owner(t: &TaskRef) -> String {
    match &t.service {
        Some(s) => format!("service {s}"),
        None => format!("standalone, group {}", t.group),
    }
}

/// `(task a) (task b)`.
fn task_list(tasks: &[String]) -> String {
    let mut out = String::new();
    for (i, t) in tasks.iter().enumerate() {
        let sep = if i == 0 { "" } else { " " };
        let _ = write!(out, "{sep}(task {t})");
    }
    out
}

/// `average CPU 80% is above the 50% target`, or with memory, or requests per target.
fn metric_against(metric: ScalingMetric, value: u32, side: &str, target: u32) -> String {
    match metric {
        ScalingMetric::Cpu => format!("average CPU {value}% is {side} the {target}% target"),
        ScalingMetric::Memory => format!("average memory {value}% is {side} the {target}% target"),
        ScalingMetric::RequestCountPerTarget => format!("{value} requests per target a minute is {side} the target of {target}"),
    }
}

/// The message for one event.
pub fn message(kind: &EventKind) -> String {
    use EventKind::*;
    match kind {
        ClusterReady { cluster, region, instances } => format!("Cluster {cluster} in {region} is ready with {instances} container instances."),
        InstanceTypeSkipped { instance_type } => {
            format!("Instance type '{instance_type}' is not in the catalogue: that instance was not launched.")
        }
        InstanceRegistered { instance, ec2_instance, instance_type, az } => {
            format!("Container instance {instance} ({ec2_instance}, {instance_type}) registered in {az}.")
        }
        InstanceDraining { ec2_instance, standalone_left } => {
            let left = if *standalone_left > 0 { format!(", {standalone_left} standalone task(s) are left to finish") } else { String::new() };
            format!("Container instance {ec2_instance} is DRAINING: no new tasks are placed on it; service tasks move elsewhere{left}.")
        }
        InstanceActive { ec2_instance } => format!("Container instance {ec2_instance} is ACTIVE again."),
        InstanceTerminated { ec2_instance, tasks } => format!(
            "EC2 instance {ec2_instance} was terminated: its container instance is INACTIVE and its {} task(s) stopped.",
            tasks.len()
        ),
        TaskDefinitionRegistered { task_definition } => format!("Task definition {task_definition} registered."),
        RunTaskNotPlaced { task_definition, requested, failures } => format!(
            "run-task could not place {} of {requested} task(s) from {task_definition}: {}.",
            failures.len(),
            failures.join(", ")
        ),
        ScheduleCreated { schedule, expression, task_definition, first_run } => {
            let when = first_run.map_or_else(|| "it will never fire".to_string(), |t| format!("first run at {t}"));
            format!("Schedule {schedule} ({expression}) created for {task_definition}: {when}.")
        }
        ScheduleDeleted { schedule } => format!("Schedule {schedule} deleted."),
        ScheduleFired { schedule, task_definition, tasks, failures } => {
            let mut msg = format!("Schedule {schedule} fired: started {} task(s) of {task_definition}.", tasks.len());
            if !failures.is_empty() {
                let _ = write!(msg, " {} could not be placed: {}.", failures.len(), failures.join(", "));
            }
            msg
        }
        TaskCreated { task, ec2_instance, az, task_definition, status, capacity_provider } => {
            let on = match (ec2_instance, capacity_provider) {
                (Some(ec2), _) => format!("{ec2} ({az})"),
                (None, Some(p)) => format!("{} ({az})", p.as_str()),
                (None, None) => format!("Fargate ({az})"),
            };
            format!("Task {} ({}) created on {on} from {task_definition}: {status}.", task.task, owner(task))
        }
        TaskRunning { task } => format!("Task {} ({}) is RUNNING.", task.task, owner(task)),
        TaskStopping { task, stop_code, reason, from, to, .. } => format!(
            "Task {} ({}) desiredStatus STOPPED, stopCode {}: {}. lastStatus {from} → {to}.",
            task.task,
            owner(task),
            stop_code.as_str(),
            reason.strip_suffix('.').unwrap_or(reason)
        ),
        SpotInterruptionWarning { task, stop_by } => {
            let next = if task.service.is_some() { "its service starts a replacement where Spot capacity is left" } else { "nothing restarts a standalone task" };
            format!(
                "Task {} ({}) on FARGATE_SPOT: Spot interruption warning. AWS takes the capacity back by {stop_by}; ECS sends SIGTERM to its containers, and {next}.",
                task.task,
                owner(task)
            )
        }
        TaskStopped { task, exit_code, .. } => {
            let exit = exit_code.map(|c| format!(" Exit code {c}.")).unwrap_or_default();
            format!("Task {} ({}) is STOPPED.{exit}", task.task, owner(task))
        }
        HealthFaultInjected { task } => format!("Task {} ({}) starts failing its health check (simulated fault).", task.task, owner(task)),
        HealthUnobserved { task } => format!(
            "Task {} has no container health check and no load balancer, so ECS cannot tell it is unhealthy: it keeps running.",
            task.task.get(..8).unwrap_or(&task.task)
        ),
        HealthStatusChanged { task, health } => {
            let tail = if *health == HealthStatus::Unhealthy && task.service.is_none() {
                " It keeps running: only a service replaces unhealthy tasks."
            } else {
                ""
            };
            format!("Task {} ({}) health status {}.{tail}", task.task, owner(task), health.as_str())
        }
        TargetUnhealthy { service, task, port, target_group } => format!(
            "(service {service}) (task {task}) (port {port}) is unhealthy in (target-group {target_group}) due to (reason Health checks failed with these codes: [503])."
        ),
        ContainerUnhealthy { service, task } => format!("(service {service}) (task {task}) failed container health checks."),
        TargetsRegistered { service, target_group, tasks } => {
            format!("(service {service}) registered {} targets in (target-group {target_group})", tasks.len())
        }
        TargetsDeregistered { service, target_group, tasks } => {
            format!("(service {service}) deregistered {} targets in (target-group {target_group})", tasks.len())
        }
        ConnectionsDraining { service, task_set, tasks } => {
            format!("(service {service}, taskSet {task_set}) has begun draining connections on {} tasks.", tasks.len())
        }
        AutoScaled { service, from, to, reason } => {
            let why = match reason {
                ScalingReason::AboveTarget { metric, value, target } => metric_against(*metric, *value, "above", *target),
                ScalingReason::BelowTarget { metric, value, target } => metric_against(*metric, *value, "below", *target),
                ScalingReason::CapacityRange { .. } => "to stay within the policy's capacity range".to_string(),
            };
            format!("(service {service}) Application Auto Scaling set the desired count from {from} to {to}: {why}.")
        }
        StartThrottled { service } => format!("(service {service}) is unable to consistently start tasks successfully."),
        DeploymentFailed { service, deployment, .. } => {
            format!("(service {service}) (deployment {deployment}) deployment failed: tasks failed to start.")
        }
        RollingBack { service, to, .. } => format!("(service {service}) rolling back to deployment {to}."),
        DeploymentBlocked { service } => format!(
            "(service {service}) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again."
        ),
        TasksStarted { service, tasks, replaced_unhealthy } => {
            let tail = if *replaced_unhealthy > 0 {
                format!(" Amazon ECS replaced {replaced_unhealthy} tasks due to an unhealthy status.")
            } else {
                String::new()
            };
            format!("(service {service}) has started {} tasks: {}.{tail}", tasks.len(), task_list(tasks))
        }
        SpotCapacityUnavailable { service } => format!("(service {service}) was unable to place a task. Reason: {}", crate::model::NO_CAPACITY),
        TaskNotPlaced { service, closest, missing } => {
            let mut msg =
                format!("(service {service}) was unable to place a task because no container instance met all of its requirements.");
            if let (Some(ci), Some(r)) = (closest, missing) {
                let _ = write!(msg, " The closest matching (container-instance {ci}) {}.", r.shortage());
            }
            msg
        }
        TasksStopped { service, tasks } => format!("(service {service}) has stopped {} running tasks: {}.", tasks.len(), task_list(tasks)),
        ServiceDeleted { service } => format!("(service {service}) has been deleted: status INACTIVE."),
        DeploymentCompleted { service, deployment } => format!("(service {service}) (deployment {deployment}) deployment completed."),
        SteadyState { service } => format!("(service {service}) has reached a steady state."),
        RebalancingStarted { service, zones, tasks_per_zone } => {
            format!("(service {service}) is not AZ balanced with {}. AZ Rebalancing in progress.", per_zone(zones, tasks_per_zone, false))
        }
        RebalancingCompleted { service, zones, tasks_per_zone } => {
            format!("(service {service}) is AZ balanced with {}.", per_zone(zones, tasks_per_zone, true))
        }
        RebalanceTasksStarted { service, az, tasks } => {
            format!("(service {service}) has started {} tasks in {az} to AZ Rebalance: {}.", tasks.len(), task_list(tasks))
        }
        RebalanceTasksStopped { service, az, tasks } => {
            format!("(service {service}) has stopped {} running tasks in {az} due to AZ rebalancing: {}.", tasks.len(), task_list(tasks))
        }
    }
}

/// `2 tasks in us-east-1a, 1 in us-east-1b, and 1 in us-east-1c`, as ECS's rebalancing events
/// word it (`every` repeats "tasks" after each count, as the "is AZ balanced" message does).
fn per_zone(zones: &[String], counts: &[u32], every: bool) -> String {
    let mut out = String::new();
    let last = zones.len().saturating_sub(1);
    for (i, (z, n)) in zones.iter().zip(counts).enumerate() {
        let sep = match i {
            0 => "",
            _ if i == last && last == 1 => " and ",
            _ if i == last => ", and ",
            _ => ", ",
        };
        let noun = if i == 0 || every { " tasks" } else { "" };
        let _ = write!(out, "{sep}{n}{noun} in {z}");
    }
    out
}
