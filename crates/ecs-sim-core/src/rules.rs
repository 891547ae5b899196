//! ECS's parameter rules, one function per rule, each returning the error ECS gives. The
//! engine checks requests with them ([`crate::Simulation::apply`]), and a form checks each field
//! with the same function as the user types, so the two cannot disagree: the error names its
//! parameter ([`SimError::param`]), which tells the form which field to mark.

use crate::error::{Reason, SimError};
use crate::model::{
    CapacityProviderItem, DeploymentConfiguration, LaunchType, LoadBalancer, ScalingMetric, SchedulingStrategy, TaskDefinition,
};
use crate::op::Op;
use crate::placement::{Constraint, Strategy};
use crate::schedule::{self, Schedule};

/// The simulator's ceiling on a service's desired count.
pub const MAX_DESIRED: u32 = 1_000;

/// The most tasks one `run-task` (or one schedule run) starts.
pub const MAX_RUN_COUNT: u32 = 10;

/// The largest health check grace period ECS takes, in seconds.
pub const MAX_GRACE_SECONDS: u32 = 2_147_483_647;

/// A number typed as text, as a form reads it: `param must be a whole number (got 'v').`
pub fn whole_number(op: Op, param: &str, text: &str) -> Result<u32, SimError> {
    let t = text.trim();
    t.parse().map_err(|_| SimError::InvalidParameter { op, param: Some(param.into()), value: Some(t.into()), reason: Reason::WholeNumber })
}

/// `serviceName`: 1 to 255 letters, numbers, hyphens and underscores.
pub fn service_name(op: Op, name: &str) -> Result<(), SimError> {
    let valid = !name.is_empty() && name.len() <= 255 && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if valid {
        return Ok(());
    }
    Err(SimError::invalid(op, format!("serviceName '{name}' is invalid: use 1 to 255 letters, numbers, hyphens and underscores."))
        .with_param("serviceName")
        .with_value(name))
}

/// `desiredCount`: 0 to [`MAX_DESIRED`].
pub fn desired_count(op: Op, n: u32) -> Result<(), SimError> {
    if n > MAX_DESIRED {
        return Err(SimError::between(op, "desiredCount", n, 0, MAX_DESIRED));
    }
    Ok(())
}

/// `deploymentConfiguration.minimumHealthyPercent`: 0 to 100.
pub fn minimum_healthy_percent(op: Op, n: u32) -> Result<(), SimError> {
    if n > 100 {
        return Err(SimError::between(op, "minimumHealthyPercent", n, 0, 100));
    }
    Ok(())
}

/// `deploymentConfiguration.maximumPercent`: 100 to 200 for REPLICA; a DAEMON service may go
/// below 100, as it stops a task before starting its replacement.
pub fn maximum_percent(op: Op, n: u32, strategy: SchedulingStrategy) -> Result<(), SimError> {
    if n < 100 && strategy == SchedulingStrategy::Replica || n > 200 {
        return Err(SimError::between(op, "maximumPercent", n, 100, 200));
    }
    Ok(())
}

/// Both bounds of a deployment configuration.
pub fn deployment_configuration(op: Op, c: &DeploymentConfiguration, strategy: SchedulingStrategy) -> Result<(), SimError> {
    minimum_healthy_percent(op, c.minimum_healthy_percent)?;
    maximum_percent(op, c.maximum_percent, strategy)
}

/// DAEMON places one task on each instance, and Fargate has none.
pub fn daemon_launch_type(op: Op, strategy: SchedulingStrategy, launch_type: LaunchType) -> Result<(), SimError> {
    if strategy == SchedulingStrategy::Daemon && launch_type == LaunchType::Fargate {
        return Err(SimError::invalid(op, "The DAEMON scheduling strategy does not support the FARGATE launch type.")
            .with_param("launchType")
            .with_value(launch_type.as_str()));
    }
    Ok(())
}

/// A capacity provider strategy (API `CapacityProviderStrategyItem`): each provider once, weight
/// 0–1000, base 0–100000 and on one item at most, and some weight above zero when there is more
/// than one item. A strategy runs its tasks on Fargate, so the task definition must be
/// compatible with it and placement strategies and constraints do not apply.
pub fn capacity_provider_strategy(op: Op, strategy: &[CapacityProviderItem]) -> Result<(), SimError> {
    for (i, item) in strategy.iter().enumerate() {
        let p = |m: &str| format!("capacityProviderStrategy[{i}].{m}");
        if item.weight > 1000 {
            return Err(SimError::between(op, p("weight"), item.weight, 0, 1000));
        }
        if item.base > 100_000 {
            return Err(SimError::between(op, p("base"), item.base, 0, 100_000));
        }
        if strategy[..i].iter().any(|e| e.capacity_provider == item.capacity_provider) {
            let name = item.capacity_provider.as_str();
            return Err(SimError::invalid(op, format!("The capacity provider {name} appears more than once in the strategy."))
                .with_param(p("capacityProvider"))
                .with_value(name));
        }
    }
    if strategy.iter().filter(|i| i.base > 0).count() > 1 {
        return Err(SimError::invalid(op, "Only one capacity provider in a capacity provider strategy can have a base defined.")
            .with_param("capacityProviderStrategy"));
    }
    if strategy.len() > 1 && strategy.iter().all(|i| i.weight == 0) {
        return Err(SimError::invalid(
            op,
            "At least one capacity provider in a capacity provider strategy must have a weight greater than 0.",
        )
        .with_param("capacityProviderStrategy"));
    }
    Ok(())
}

/// The launch type must be one the task definition is compatible with.
pub fn compatible(op: Op, td: &TaskDefinition, launch_type: LaunchType) -> Result<(), SimError> {
    if !td.requires_compatibilities.contains(&launch_type) {
        return Err(SimError::invalid(op, format!("Task definition {} does not support launch type {}.", td.name(), launch_type.as_str()))
            .with_param("launchType")
            .with_value(launch_type.as_str()));
    }
    Ok(())
}

/// Placement strategies and constraints: EC2 only, spread over a known field, `memberOf`
/// expressions in the cluster query language.
pub fn placement(op: Op, launch_type: LaunchType, strategies: &[Strategy], constraints: &[Constraint]) -> Result<(), SimError> {
    if launch_type == LaunchType::Fargate && !(strategies.is_empty() && constraints.is_empty()) {
        return Err(SimError::invalid(op, "Placement strategies and constraints are not supported with the FARGATE launch type."));
    }
    for (i, s) in strategies.iter().enumerate() {
        if let Strategy::Spread(f) = s {
            if f.is_empty() || !(f == "instanceId" || f == "host" || f.starts_with("attribute:")) {
                return Err(SimError::invalid(op, format!("Invalid spread field '{f}': use instanceId or attribute:NAME."))
                    .with_param(format!("placementStrategy[{i}].field"))
                    .with_value(f));
            }
        }
    }
    for (i, c) in constraints.iter().enumerate() {
        c.validate().map_err(|e| SimError::InvalidParameter {
            op,
            param: Some(format!("placementConstraints[{i}].expression")),
            value: match c {
                Constraint::MemberOf(e) => Some(e.clone()),
                Constraint::DistinctInstance => None,
            },
            reason: Reason::MemberOf(Box::new(e)),
        })?;
    }
    Ok(())
}

/// `loadBalancers`: the container must map the container port.
pub fn load_balancer(op: Op, td: &TaskDefinition, lb: &LoadBalancer) -> Result<(), SimError> {
    let ok =
        td.containers.iter().any(|c| c.name == lb.container_name && c.port_mappings.iter().any(|p| p.container_port == lb.container_port));
    if ok {
        return Ok(());
    }
    Err(SimError::invalid(
        op,
        format!("The container {} does not have a container port {} in the task definition.", lb.container_name, lb.container_port),
    )
    .with_param("loadBalancers"))
}

/// A load balancer's `containerPort`: 1 to 65535.
pub fn container_port(op: Op, n: u32) -> Result<u16, SimError> {
    u16::try_from(n).ok().filter(|p| *p > 0).ok_or_else(|| SimError::between(op, "containerPort", n, 1, u16::MAX.into()))
}

/// `healthCheckGracePeriodSeconds`: at most [`MAX_GRACE_SECONDS`].
pub fn grace_period(op: Op, seconds: u32) -> Result<(), SimError> {
    if seconds > MAX_GRACE_SECONDS {
        return Err(SimError::invalid(op, "healthCheckGracePeriodSeconds is too large.")
            .with_param("healthCheckGracePeriodSeconds")
            .with_value(seconds));
    }
    Ok(())
}

/// `count` of run-task (and of a scheduled task): 1 to [`MAX_RUN_COUNT`].
pub fn run_count(op: Op, n: u32) -> Result<(), SimError> {
    if !(1..=MAX_RUN_COUNT).contains(&n) {
        return Err(SimError::between(op, "count", n, 1, MAX_RUN_COUNT));
    }
    Ok(())
}

/// EventBridge Scheduler's `Name`: 1 to 64 letters, numbers, `-`, `_` and `.`.
pub fn schedule_name(op: Op, name: &str) -> Result<(), SimError> {
    let valid = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if valid {
        return Ok(());
    }
    Err(SimError::invalid(op, format!("Name '{name}' is invalid: use 1 to 64 letters, numbers, '-', '_' and '.'."))
        .with_param("Name")
        .with_value(name))
}

/// `ScheduleExpression`: `rate(…)`, `cron(…)` with six fields, or `at(…)`.
pub fn schedule_expression(op: Op, expression: &str) -> Result<Schedule, SimError> {
    schedule::parse(expression).map_err(|e| SimError::InvalidParameter {
        op,
        param: Some("ScheduleExpression".into()),
        value: Some(expression.to_string()),
        reason: Reason::Schedule(Box::new(e)),
    })
}

/// A scalable target's `MinCapacity` must not exceed its `MaxCapacity`, which is at most
/// [`MAX_DESIRED`].
pub fn capacity(op: Op, min: u32, max: u32) -> Result<(), SimError> {
    if min > max {
        return Err(SimError::invalid(op, format!("MinCapacity ({min}) must not exceed MaxCapacity ({max})."))
            .with_param("MinCapacity")
            .with_value(min));
    }
    if max > MAX_DESIRED {
        return Err(SimError::at_most(op, "MaxCapacity", max, MAX_DESIRED));
    }
    Ok(())
}

/// Target tracking's `TargetValue` for average CPU: 1 to 100 percent.
pub fn target_value(op: Op, metric: ScalingMetric, value: u32) -> Result<(), SimError> {
    if metric != ScalingMetric::RequestCountPerTarget && !(1..=100).contains(&value) {
        return Err(SimError::invalid(op, format!("TargetValue must be between 1 and 100 percent (got {value})."))
            .with_param("TargetValue")
            .with_value(value));
    }
    if value == 0 {
        return Err(SimError::invalid(op, "TargetValue must be at least 1 request per target.")
            .with_param("TargetValue")
            .with_value(value));
    }
    Ok(())
}

/// ALBRequestCountPerTarget counts the requests of the service's target group: the service needs one.
pub fn scaling_metric(op: Op, metric: ScalingMetric, has_target_group: bool) -> Result<(), SimError> {
    if metric == ScalingMetric::RequestCountPerTarget && !has_target_group {
        return Err(SimError::invalid(op, "ALBRequestCountPerTarget needs a load balancer target group attached to the service.")
            .with_param("PredefinedMetricType")
            .with_value(metric.as_str()));
    }
    Ok(())
}

/// A DAEMON service runs one task per instance: there is no count to scale.
pub fn scalable(op: Op, strategy: SchedulingStrategy) -> Result<(), SimError> {
    if strategy == SchedulingStrategy::Daemon {
        return Err(SimError::invalid(op, "A DAEMON service cannot be auto scaled: it runs one task per instance."));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_rule_names_its_parameter() {
        let op = Op::CreateService;
        assert_eq!(service_name(op, "web-2_a"), Ok(()));
        assert_eq!(service_name(op, "a b").unwrap_err().param(), Some("serviceName"));
        assert!(service_name(op, &"a".repeat(256)).is_err());
        assert_eq!(whole_number(op, "desiredCount", " 7 "), Ok(7));
        let e = whole_number(op, "desiredCount", "three").unwrap_err();
        assert_eq!((e.param(), e.message().as_str()), (Some("desiredCount"), "desiredCount must be a whole number (got 'three')."));
        assert_eq!(desired_count(op, MAX_DESIRED + 1).unwrap_err().param(), Some("desiredCount"));
        assert!(maximum_percent(op, 50, SchedulingStrategy::Daemon).is_ok());
        assert_eq!(maximum_percent(op, 50, SchedulingStrategy::Replica).unwrap_err().param(), Some("maximumPercent"));
        assert_eq!(run_count(Op::RunTask, 11).unwrap_err().message(), "count must be between 1 and 10 (got 11).");
        assert_eq!(schedule_name(Op::CreateSchedule, "a.b-c_d"), Ok(()));
        assert_eq!(capacity(Op::PutScalingPolicy, 5, 2).unwrap_err().param(), Some("MinCapacity"));
        assert_eq!(target_value(Op::PutScalingPolicy, ScalingMetric::Cpu, 0).unwrap_err().param(), Some("TargetValue"));
        let e = placement(op, LaunchType::Ec2, &[], &[Constraint::DistinctInstance, Constraint::MemberOf("attribute:x ==".into())]);
        assert_eq!(e.unwrap_err().param(), Some("placementConstraints[1].expression"));
    }
}
