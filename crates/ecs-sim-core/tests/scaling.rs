//! Target tracking on the other predefined metrics an ECS service offers.
//!
//! - "Target tracking scaling policies for Amazon ECS" and Application Auto Scaling's
//!   `PredefinedMetricSpecification`: ECSServiceAverageCPUUtilization,
//!   ECSServiceAverageMemoryUtilization and ALBRequestCountPerTarget; a ResourceLabel names the
//!   target group, for ALBRequestCountPerTarget only.
//!   <https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-autoscaling-targettracking.html>
//!   <https://docs.aws.amazon.com/autoscaling/application/APIReference/API_PredefinedMetricSpecification.html>

use ecs_sim_core::script::{self, run_script};

fn messages(text: &str) -> Vec<String> {
    run_script(text, Some(3), None).unwrap_or_else(|e| panic!("{e}")).events.iter().map(|e| e.message()).collect()
}

#[test]
fn memory_utilization_scales_the_service_out_as_cpu_does() {
    let log = messages(
        "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2\n\
         advance 2m\n\
         aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/production/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 8\n\
         aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/production/web --scalable-dimension ecs:service:DesiredCount --policy-name mem --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{\"TargetValue\":60,\"ScaleOutCooldown\":60,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ECSServiceAverageMemoryUtilization\"}}'\n\
         set load web 10 memory 300\n\
         advance 5m\n\
         expect service web desired 5",
    );
    assert!(log.iter().any(|m| m.contains("set the desired count from 2 to 4: average memory 100% is above the 60% target")), "{log:#?}");
}

#[test]
fn request_count_per_target_needs_a_target_group_and_follows_the_requests() {
    let create = "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2 \
        --load-balancers targetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123456789abcdef,containerName=web,containerPort=80";
    let policy = |label: &str| {
        format!(
            "aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/production/web --scalable-dimension ecs:service:DesiredCount --policy-name req --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{{\"TargetValue\":1000,\"PredefinedMetricSpecification\":{{\"PredefinedMetricType\":\"ALBRequestCountPerTarget\"{label}}}}}'"
        )
    };
    let register = "aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/production/web --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 10";
    let label = ",\"ResourceLabel\":\"app/web/0123456789abcdef/targetgroup/web/0123456789abcdef\"";
    let log = messages(&format!(
        "{create}\nadvance 2m\n{register}\n{}\nset load web 0 requests 6000\nadvance 5m\nexpect service web desired 6",
        policy(label)
    ));
    assert!(log.iter().any(|m| m.contains("3000 requests per target a minute is above the target of 1000")), "{log:#?}");

    // Without its ResourceLabel, or on a service without a target group, the policy is refused.
    let e = script::parse_line(&policy("")).unwrap_err().to_string();
    assert!(e.contains("ResourceLabel"), "{e}");
    let no_lb = run_script(
        &format!("aws ecs create-service --service-name web --task-definition web:1 --desired-count 2\n{register}\n{}", policy(label)),
        None,
        None,
    )
    .unwrap_err()
    .to_string();
    assert!(no_lb.contains("needs a load balancer target group"), "{no_lb}");
    let e = script::parse_line(
        "aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/production/web --scalable-dimension ecs:service:DesiredCount --policy-name c --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{\"TargetValue\":50,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"ECSServiceAverageCPUUtilization\",\"ResourceLabel\":\"x\"}}'",
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("You can't specify a ResourceLabel unless the metric type is ALBRequestCountPerTarget."), "{e}");
}

#[test]
fn the_verbs_speak_memory_and_requests_too() {
    for line in [
        "autoscale web min 1 max 4 memory 70",
        "autoscale web min 1 max 9 requests 500 scale-out-cooldown 60",
        "set load web 100 memory 250 requests 900",
    ] {
        let stmt = script::parse_line(line).unwrap();
        let cmd = match stmt {
            script::Stmt::Apply(c) => c,
            other => panic!("{other:?}"),
        };
        let again = script::render(&cmd);
        assert_eq!(script::parse_line(&again).unwrap(), script::Stmt::Apply(cmd), "{line} -> {again}");
    }
}
