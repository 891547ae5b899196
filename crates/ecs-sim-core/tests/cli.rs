//! The AWS CLI commands the deploy forms show ([`script::render_cli`]): each reads back, as the
//! console reads a pasted line, to the command it was rendered from, and the `aws scheduler`
//! and `aws application-autoscaling` calls refuse what the services refuse, as typed errors.

use ecs_sim_core::placement::{Constraint, Resource, Strategy};
use ecs_sim_core::script::{self, AwsError, CliContext, EventRecord, Host, ParseError, Refusal, Session, StmtError};
use ecs_sim_core::*;

/// A host that records what it is asked to apply instead of applying it.
struct Recorder(Simulation, EventRecord, Vec<Command>);

impl Host for Recorder {
    fn read(&self, f: &mut dyn FnMut(&Simulation, &EventRecord)) {
        f(&self.0, &self.1)
    }
    fn apply(&mut self, command: Command) -> Result<Outcome, Refusal> {
        self.2.push(command);
        Ok(Outcome::default())
    }
    fn advance(&mut self, _: Millis) {}
}

/// The commands a text stands for, each line run through one session as the console runs it.
fn commands(text: &str) -> Result<Vec<Command>, StmtError> {
    let mut host = Recorder(Simulation::new(SimConfig::default()), EventRecord::default(), vec![]);
    let mut session = Session::default();
    for (_, stmt) in script::parse_script(text).unwrap_or_else(|e| panic!("{e}\n{text}")) {
        session.execute(&mut host, &stmt)?;
    }
    Ok(host.2)
}

fn parse_err(line: &str) -> AwsError {
    match script::parse_line(line) {
        Err(ParseError::Aws(e)) => e,
        other => panic!("{line}\n  gave {other:?}"),
    }
}

#[test]
fn every_aws_call_a_form_makes_reads_back_to_its_command() {
    let full = Command::CreateService {
        service_name: "api".into(),
        task_definition: "api:1".into(),
        desired_count: 2,
        launch_type: LaunchType::Ec2,
        capacity_provider_strategy: vec![],
        scheduling_strategy: SchedulingStrategy::Replica,
        placement_strategy: vec![Strategy::Spread("attribute:ecs.availability-zone".into()), Strategy::Binpack(Resource::Cpu)],
        placement_constraints: vec![Constraint::DistinctInstance, Constraint::MemberOf("attribute:stack == 'it''s'".into())],
        deployment_configuration: Some(DeploymentConfigurationRequest {
            maximum_percent: Some(150),
            minimum_healthy_percent: None,
            deployment_circuit_breaker: Some(CircuitBreaker { enable: true, rollback: false, reset_on_healthy_task: true }),
        }),
        load_balancer: Some(LoadBalancer {
            target_group_arn: "arn:aws:elasticloadbalancing:x:1:targetgroup/a/b".into(),
            container_name: "api".into(),
            container_port: 3000,
        }),
        health_check_grace_period_seconds: 45,
        availability_zone_rebalancing: None,
    };
    let mut daemon = Command::create_service("d", "worker", 0, LaunchType::Ec2);
    if let Command::CreateService { scheduling_strategy, .. } = &mut daemon {
        *scheduling_strategy = SchedulingStrategy::Daemon;
    }
    let scaling = |out, r#in| Command::PutScalingPolicy {
        service: "api".into(),
        min_capacity: 0,
        max_capacity: MAX_DESIRED,
        metric: ScalingMetric::Cpu,
        target_value: 100,
        scale_out_cooldown: out,
        scale_in_cooldown: r#in,
    };
    let schedule = |expr: &str, lt| Command::CreateSchedule {
        name: "nightly.report_2".into(),
        schedule_expression: expr.into(),
        task_definition: "report:1".into(),
        count: 10,
        launch_type: lt,
    };
    let all = [
        Command::create_service("web", "web:1", 0, LaunchType::Fargate),
        full,
        daemon,
        Command::run_task("batch-job:1", 1, LaunchType::Ec2),
        Command::run_task("batch-job", 10, LaunchType::Fargate),
        scaling(300, 300),
        scaling(0, 3600),
        schedule("rate(1 minute)", LaunchType::Ec2),
        schedule("cron(0 2 * * ? *)", LaunchType::Fargate),
        schedule("at(2026-11-24T09:00:00)", LaunchType::Ec2),
        Command::DeleteSchedule { name: "nightly".into() },
        Command::scale("web", 4),
    ];
    for awsvpc in [false, true] {
        for region in ["us-east-1", "ap-southeast-2"] {
            for c in &all {
                let text = script::render_cli(c, &CliContext { region, awsvpc });
                assert_eq!(commands(&text).unwrap(), vec![c.clone()], "{text}");
                if awsvpc && matches!(c, Command::CreateService { .. } | Command::RunTask { .. }) {
                    assert!(text.contains("--network-configuration"), "{text}");
                }
            }
        }
    }
    // One flag a line, as a terminal takes a pasted command.
    let text = script::render_cli(&all[0], &CliContext { region: "us-east-1", awsvpc: false });
    assert_eq!(
        text,
        "aws ecs create-service \\\n  --cluster production \\\n  --service-name web \\\n  --task-definition web:1 \\\n  --desired-count 0 \\\n  --launch-type FARGATE"
    );
}

#[test]
fn a_scaling_policy_needs_its_scalable_target_first() {
    let policy = "aws application-autoscaling put-scaling-policy --service-namespace ecs --resource-id service/production/web \
        --scalable-dimension ecs:service:DesiredCount --policy-name cpu --policy-type TargetTrackingScaling \
        --target-tracking-scaling-policy-configuration 'TargetValue=40,PredefinedMetricSpecification={PredefinedMetricType=ECSServiceAverageCPUUtilization}'";
    let Err(StmtError::Rejected(e)) = commands(policy) else { panic!("refused") };
    assert_eq!((e.op(), e.param(), e.value()), (Op::PutScalingPolicy, Some("ResourceId"), Some("service/production/web")));
    assert!(
        e.message().starts_with("No scalable target registered for service namespace: ecs, resource ID: service/production/web"),
        "{e}"
    );
    let register = "aws application-autoscaling register-scalable-target --service-namespace ecs --resource-id service/production/web \
        --scalable-dimension ecs:service:DesiredCount --min-capacity 2 --max-capacity 8";
    let got = commands(&format!("{register}\n{policy}")).unwrap();
    assert_eq!(
        got,
        vec![Command::PutScalingPolicy {
            service: "web".into(),
            min_capacity: 2,
            max_capacity: 8,
            metric: ScalingMetric::Cpu,
            target_value: 40,
            scale_out_cooldown: 300,
            scale_in_cooldown: 300
        }]
    );
}

#[test]
fn the_other_services_refuse_what_they_refuse() {
    let target = "aws application-autoscaling register-scalable-target --scalable-dimension ecs:service:DesiredCount --min-capacity 1 --max-capacity 2";
    let AwsError::Rejected(e) = parse_err(&format!("{target} --service-namespace ec2 --resource-id service/production/web")) else {
        panic!()
    };
    assert_eq!((e.param(), e.value()), (Some("ServiceNamespace"), Some("ec2")));
    let AwsError::Rejected(e) = parse_err(&format!("{target} --service-namespace ecs --resource-id service/default/web")) else { panic!() };
    assert_eq!(e, SimError::ClusterNotFound { op: Op::RegisterScalableTarget, cluster: "default".into() });
    let AwsError::Rejected(e) = parse_err(&format!("{target} --service-namespace ecs --resource-id web")) else { panic!() };
    assert_eq!(e.param(), Some("ResourceId"));
    assert_eq!(parse_err("aws application-autoscaling register-scalable-target"), AwsError::Required { flag: "--service-namespace" });

    let create = "aws scheduler create-schedule --name n --schedule-expression 'rate(1 hour)' --flexible-time-window Mode=OFF";
    assert_eq!(parse_err(create), AwsError::Required { flag: "--target" });
    let AwsError::Rejected(e) = parse_err(&format!(
        "{create} --target '{{\"Arn\": \"arn:aws:ecs:us-east-1:1:cluster/default\", \"RoleArn\": \"r\", \"EcsParameters\": {{\"TaskDefinitionArn\": \"web:1\"}}}}'"
    )) else {
        panic!()
    };
    assert_eq!(e, SimError::ClusterNotFound { op: Op::CreateSchedule, cluster: "arn:aws:ecs:us-east-1:1:cluster/default".into() });
    let AwsError::Validation(v) =
        parse_err(&format!("{create} --target '{{\"Arn\": \"arn:aws:ecs:us-east-1:1:cluster/production\", \"RoleArn\": \"r\"}}'"))
    else {
        panic!()
    };
    assert_eq!(v.to_string(), "Missing required parameter in Target: \"EcsParameters\"");
    let AwsError::Validation(v) = parse_err(&format!(
        "{create} --target '{{\"Arn\": \"arn:aws:ecs:us-east-1:1:cluster/production\", \"RoleArn\": \"r\", \"EcsParameters\": {{\"TaskDefinitionArn\": \"web:1\", \"TaskCount\": \"two\"}}}}'"
    )) else {
        panic!()
    };
    assert!(v.to_string().starts_with("Invalid type for parameter Target.EcsParameters.TaskCount, value: two"), "{v}");
    let AwsError::InvalidOperation { choices, .. } = parse_err("aws scheduler list-schedules") else { panic!() };
    assert_eq!(choices, &[Op::CreateSchedule, Op::DeleteSchedule]);
    assert_eq!(script::help(Some("create-schedule"))[0], "aws scheduler create-schedule");
}

/// list-container-instances and describe-container-instances answer as ECS's API does
/// (ListContainerInstances, DescribeContainerInstances: status, running and pending counts,
/// remaining and registered resources, agentConnected, attributes); a drained instance is listed
/// under `--status DRAINING`, an unknown id is a failure with reason MISSING.
#[test]
fn container_instances_are_listed_and_described() {
    let run = script::run_script(
        "aws ecs create-service --service-name web --task-definition web:1 --desired-count 3\nadvance 90s\ndrain instance 1\nadvance 1s\n",
        Some(3),
        None,
    )
    .unwrap();
    let sim = &run.sim;
    let ask = |line: &str| {
        let script::Stmt::Query(q) = script::parse_line(line).unwrap() else { panic!("{line} is a query") };
        script::answer_query(sim, &q, &|id| Some(id.to_string())).unwrap()
    };
    let all = ask("aws ecs list-container-instances");
    assert_eq!(all["containerInstanceArns"].as_array().unwrap().len(), 3);
    let draining = ask("aws ecs list-container-instances --status DRAINING");
    let arns = draining["containerInstanceArns"].as_array().unwrap();
    assert_eq!(arns.len(), 1);
    let arn = arns[0].as_str().unwrap();
    assert!(arn.starts_with("arn:aws:ecs:us-east-1:123456789012:container-instance/production/"), "{arn}");
    let d = ask(&format!("aws ecs describe-container-instances --container-instances {arn} nope"));
    let ci = &d["containerInstances"][0];
    assert_eq!(ci["status"], "DRAINING");
    assert_eq!(ci["agentConnected"], true);
    assert_eq!(ci["runningTasksCount"], 1, "its task stays until a replacement runs elsewhere: {ci}");
    assert_eq!(ci["pendingTasksCount"], 0);
    assert_eq!(ci["registeredResources"][0], serde_json::json!({"name": "CPU", "type": "INTEGER", "integerValue": 2048}));
    assert_eq!(ci["remainingResources"][1]["name"], "MEMORY");
    assert!(
        ci["attributes"].as_array().unwrap().iter().any(|a| a["name"] == "ecs.availability-zone" && a["value"] == "us-east-1a"),
        "{ci}"
    );
    assert_eq!(d["failures"][0]["reason"], "MISSING");
    assert!(d["failures"][0]["arn"].as_str().unwrap().ends_with("container-instance/production/nope"));
}
