//! `aws application-autoscaling register-scalable-target | put-scaling-policy` for an ECS
//! service's desired count, with a target tracking policy on average CPU. The simulator keeps
//! the two as one policy: the session remembers the registered range until the policy comes.

use super::args::Args;
use super::ops::CLUSTER;
use super::values::{fields, int, param, required, string, Fail};
use crate::error::SimError;
use crate::model::ScalingMetric;
use crate::op::Op;
use crate::script::parse_error::AwsError;
use crate::script::stmt::Stmt;

/// The only scalable dimension of an ECS service.
pub const DIMENSION: &str = "ecs:service:DesiredCount";

/// The statement an `aws application-autoscaling` operation's arguments stand for.
pub(super) fn operation(a: &Args) -> Result<Stmt, Fail> {
    let namespace = a.required("--service-namespace")?;
    if namespace != "ecs" {
        return Err(a.one_of("ServiceNamespace", namespace, &["ecs"]));
    }
    let dimension = a.required("--scalable-dimension")?;
    if dimension != DIMENSION {
        return Err(a.one_of("ScalableDimension", dimension, &[DIMENSION]));
    }
    let service = service(a, a.required("--resource-id")?)?;
    if a.op == Op::RegisterScalableTarget {
        let (Some(min_capacity), Some(max_capacity)) = (a.int("--min-capacity", "MinCapacity")?, a.int("--max-capacity", "MaxCapacity")?)
        else {
            return Err(a.invalid("MinCapacity", None, "MinCapacity and MaxCapacity are required to register a new scalable target."));
        };
        return Ok(Stmt::ScalableTarget { service, min_capacity, max_capacity });
    }
    a.required("--policy-name")?;
    let policy_type = a.one("--policy-type").unwrap_or("StepScaling");
    if policy_type != "TargetTrackingScaling" {
        return Err(a.one_of("PolicyType", policy_type, &["TargetTrackingScaling"]));
    }
    let p = "TargetTrackingScalingPolicyConfiguration";
    let Some(text) = a.one("--target-tracking-scaling-policy-configuration") else {
        return Err(a.invalid(p, None, "A TargetTrackingScaling policy needs a TargetTrackingScalingPolicyConfiguration."));
    };
    let v = param("--target-tracking-scaling-policy-configuration", text)?;
    let m = fields(p, &v, &["TargetValue", "PredefinedMetricSpecification", "ScaleOutCooldown", "ScaleInCooldown"])?;
    let target_value = int(&format!("{p}.TargetValue"), required(p, m, "TargetValue")?)?;
    let mp = format!("{p}.PredefinedMetricSpecification");
    let spec = fields(&mp, required(p, m, "PredefinedMetricSpecification")?, &["PredefinedMetricType", "ResourceLabel"])?;
    let metric_type = string(&format!("{mp}.PredefinedMetricType"), required(&mp, spec, "PredefinedMetricType")?)?;
    let Some(metric) = ScalingMetric::ALL.into_iter().find(|m| m.as_str() == metric_type) else {
        const NAMES: &[&str] = &["ECSServiceAverageCPUUtilization", "ECSServiceAverageMemoryUtilization", "ALBRequestCountPerTarget"];
        return Err(a.one_of("PredefinedMetricType", &metric_type, NAMES));
    };
    // The API: a ResourceLabel names the target group, only and always for ALBRequestCountPerTarget.
    let alb = metric == ScalingMetric::RequestCountPerTarget;
    if alb != spec.contains_key("ResourceLabel") {
        let text = if alb {
            "ALBRequestCountPerTarget needs a ResourceLabel naming the load balancer and target group."
        } else {
            "You can't specify a ResourceLabel unless the metric type is ALBRequestCountPerTarget."
        };
        return Err(a.invalid(format!("{mp}.ResourceLabel"), None, text));
    }
    let cooldown = |k: &str| m.get(k).map(|v| int(&format!("{p}.{k}"), v)).transpose().map(|c| c.unwrap_or(300));
    Ok(Stmt::ScalingPolicy {
        service,
        metric,
        target_value,
        scale_out_cooldown: cooldown("ScaleOutCooldown")?,
        scale_in_cooldown: cooldown("ScaleInCooldown")?,
    })
}

/// The service a resource id `service/CLUSTER/NAME` names, in the simulator's cluster.
fn service(a: &Args, id: &str) -> Result<String, Fail> {
    match id.strip_prefix("service/").and_then(|r| r.split_once('/')) {
        Some((cluster, name)) if cluster == CLUSTER && !name.is_empty() => Ok(name.to_string()),
        Some((cluster, _)) if cluster != CLUSTER => {
            Err(Box::new(AwsError::Rejected(SimError::ClusterNotFound { op: a.op, cluster: cluster.to_string() })))
        }
        _ => Err(a.invalid("ResourceId", Some(id), format!("An ECS service's resource id is service/{CLUSTER}/SERVICE_NAME."))),
    }
}
