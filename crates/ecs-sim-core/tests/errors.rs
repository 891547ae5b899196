//! Errors as data: a refused command names its operation, parameter and value as fields, and a
//! line that does not parse says what is wrong as typed data, with the same text as always.

use ecs_sim_core::error::Reason;
use ecs_sim_core::placement::Constraint;
use ecs_sim_core::query::{Expected, QueryError};
use ecs_sim_core::schedule::{CronField, FieldProblem, ScheduleError};
use ecs_sim_core::script::lex::Unterminated;
use ecs_sim_core::script::shorthand::ShorthandError;
use ecs_sim_core::script::{self, AwsError, Choices, DurationError, JsonType, ParseError, ScriptErrorKind, Validation, VerbError};
use ecs_sim_core::*;

fn sim() -> Simulation {
    Simulation::new(SimConfig { seed: 5, ..SimConfig::default() })
}

fn refused(sim: &mut Simulation, cmd: Command) -> SimError {
    let op = cmd.operation();
    let e = sim.apply(cmd).unwrap_err();
    assert_eq!(e.op(), op, "the error names the command's operation: {e}");
    e
}

fn parse_err(line: &str) -> ParseError {
    script::parse_line(line).unwrap_err()
}

#[test]
fn a_refused_command_names_its_parameter_and_value() {
    let mut sim = sim();
    let e = refused(&mut sim, Command::create_service("web", "web:1", 5000, LaunchType::Ec2));
    assert_eq!(
        e,
        SimError::InvalidParameter {
            op: Op::CreateService,
            param: Some("desiredCount".into()),
            value: Some("5000".into()),
            reason: Reason::Between { min: 0, max: 1000 }
        }
    );
    assert_eq!(
        e.to_string(),
        "An error occurred (InvalidParameterException) when calling the CreateService operation: desiredCount must be between 0 and 1000 (got 5000)."
    );

    sim.apply(Command::create_service("web", "web:1", 1, LaunchType::Ec2)).unwrap();
    let config =
        DeploymentConfigurationRequest { maximum_percent: Some(300), minimum_healthy_percent: None, deployment_circuit_breaker: None };
    let e = refused(
        &mut sim,
        Command::UpdateService {
            service: "web".into(),
            desired_count: None,
            task_definition: None,
            force_new_deployment: false,
            deployment_configuration: Some(config),
            availability_zone_rebalancing: None,
            capacity_provider_strategy: None,
        },
    );
    assert_eq!((e.param(), e.value()), (Some("maximumPercent"), Some("300")));
    assert!(e.to_string().ends_with("UpdateService operation: maximumPercent must be between 100 and 200 (got 300)."), "{e}");

    let e = refused(&mut sim, Command::scale("ghost", 1));
    assert_eq!(e, SimError::ServiceNotFound { op: Op::UpdateService, name: "ghost".into() });
    assert_eq!((e.param(), e.value(), e.exception()), (None, Some("ghost"), "ServiceNotFoundException"));

    let run = Command::RunTask {
        task_definition: "web:1".into(),
        count: 1,
        launch_type: LaunchType::Ec2,
        capacity_provider_strategy: vec![],
        group: None,
        placement_strategy: vec![],
        placement_constraints: vec![Constraint::DistinctInstance, Constraint::MemberOf("attribute:x ==".into())],
    };
    let e = refused(&mut sim, run);
    assert_eq!(e.param(), Some("placementConstraints[1].expression"));
    assert_eq!(e.value(), Some("attribute:x =="));
    let SimError::InvalidParameter { reason, .. } = &e else { panic!("{e:?}") };
    assert_eq!(*reason, Reason::MemberOf(Box::new(QueryError::Expected { expected: Expected::Value, column: 15, found: None })));
    assert!(e.to_string().ends_with("RunTask operation: Invalid memberOf expression: expected a value at column 15, found the end"), "{e}");

    let e = refused(
        &mut sim,
        Command::CreateSchedule {
            name: "nightly".into(),
            schedule_expression: "cron(0 25 * * ? *)".into(),
            task_definition: "web:1".into(),
            count: 1,
            launch_type: LaunchType::Ec2,
        },
    );
    assert_eq!((e.param(), e.value()), (Some("ScheduleExpression"), Some("cron(0 25 * * ? *)")));
    let SimError::InvalidParameter { reason: Reason::Schedule(s), .. } = &e else { panic!("{e:?}") };
    assert_eq!(
        **s,
        ScheduleError::CronField { field: CronField::Hours, text: "25".into(), problem: FieldProblem::OutOfRange { value: 25 } }
    );
    assert!(e.to_string().ends_with("CreateSchedule operation: cron() hours field '25' is out of range 0-23."), "{e}");

    let json = r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","healthCheck":{"command":["CMD","true"],"timeout":99}}]}"#;
    let e = refused(&mut sim, Command::RegisterTaskDefinition { json: json.into() });
    assert_eq!((e.param(), e.value()), (Some("containerDefinitions[0].healthCheck.timeout"), Some("99")));
    assert!(matches!(e, SimError::InvalidParameter { reason: Reason::Between { min: 2, max: 60 }, .. }));
}

#[test]
fn every_refusal_names_the_operation_of_its_command() {
    let mut sim = sim();
    let cmds = [
        Command::RegisterFaultyRevision { family: "nope".into(), fault: Fault::Unhealthy },
        Command::run_task("nope:1", 1, LaunchType::Ec2),
        Command::run_task("web:1", 11, LaunchType::Ec2),
        Command::StopTask { task: "abcdef".into(), reason: None },
        Command::CrashTask { task: "abcdef".into(), exit_code: 1 },
        Command::MakeTaskUnhealthy { task: "abcdef".into() },
        Command::AddInstance { instance_type: "z9.huge".into(), availability_zone: "us-east-1a".into() },
        Command::DrainInstance { instance: "i-nope".into() },
        Command::ActivateInstance { instance: "i-nope".into() },
        Command::TerminateInstance { instance: "i-nope".into() },
        Command::DeleteScalingPolicy { service: "ghost".into() },
        Command::SetLoad { service: "ghost".into(), cpu_demand_percent: 10, memory_demand_percent: None, requests_per_minute: None },
        Command::DeleteSchedule { name: "ghost".into() },
        Command::DeleteService { service: "ghost".into(), force: false },
        Command::create_service("web", "ghost:1", 1, LaunchType::Ec2),
    ];
    for cmd in cmds {
        let e = refused(&mut sim, cmd);
        assert!(e.to_string().contains(&format!("when calling the {} operation", e.op())), "{e}");
    }
    let e = refused(&mut sim, Command::AddInstance { instance_type: "t3.medium".into(), availability_zone: "eu-west-1a".into() });
    assert_eq!((e.op(), e.param(), e.value()), (Op::RegisterContainerInstance, Some("availabilityZone"), Some("eu-west-1a")));
}

#[test]
fn an_aws_line_that_does_not_parse_says_what_as_data() {
    let cases: Vec<(&str, AwsError)> = vec![
        ("aws ecs scale-service", AwsError::InvalidOperation { name: "scale-service".into(), choices: script::OPERATIONS }),
        // An operation the simulator has, but not on `aws ecs`.
        ("aws ecs create-schedule", AwsError::InvalidOperation { name: "create-schedule".into(), choices: script::OPERATIONS }),
        ("aws ecs run-task --task-definition web:1 --frobnicate 2", AwsError::UnknownOptions(vec!["--frobnicate".into(), "2".into()])),
        ("aws ecs create-service --service-name web", AwsError::Required { flag: "--task-definition" }),
        (
            "aws ecs create-service --service-name web --desired-count",
            AwsError::ExpectedArgument { flag: "--desired-count".into(), many: false },
        ),
        ("aws ecs describe-services --services", AwsError::ExpectedArgument { flag: "--services".into(), many: true }),
        ("aws ecs delete-service --service web --force=yes", AwsError::ExplicitArgument { flag: "--force".into() }),
        (
            "aws ecs create-service --service-name web --task-definition web:1 --desired-count x",
            AwsError::Validation(Validation::InvalidType {
                path: "desiredCount".into(),
                value: "x".into(),
                found: JsonType::Str,
                expected: JsonType::Int,
            }),
        ),
        (
            "aws ecs update-service --service web --deployment-configuration maxPercent=100",
            AwsError::Validation(Validation::UnknownParameter {
                path: "deploymentConfiguration".into(),
                key: "maxPercent".into(),
                allowed: &["maximumPercent", "minimumHealthyPercent", "deploymentCircuitBreaker", "alarms"],
            }),
        ),
        (
            "aws ecs update-service --service web --deployment-configuration deploymentCircuitBreaker={enable=true}",
            AwsError::Validation(Validation::MissingParameter {
                path: "deploymentConfiguration.deploymentCircuitBreaker".into(),
                key: "rollback",
            }),
        ),
        (
            "aws ecs update-service --service web --desired-count -3",
            AwsError::Validation(Validation::BelowMin { path: "desiredCount".into(), value: -3, min: 0 }),
        ),
        (
            "aws ecs run-task --task-definition web:1 --placement-strategy type",
            AwsError::Shorthand {
                flag: "--placement-strategy",
                error: ShorthandError::Expected { expected: "=", found: None, position: 4, input: "type".into() },
            },
        ),
        (
            "aws ecs run-task --task-definition web:1 --launch-type SPOT",
            AwsError::Rejected(SimError::InvalidParameter {
                op: Op::RunTask,
                param: Some("launchType".into()),
                value: Some("SPOT".into()),
                reason: Reason::OneOf(&["EC2", "FARGATE"]),
            }),
        ),
        (
            "aws ecs run-task --task-definition web:1 --cluster staging",
            AwsError::Rejected(SimError::ClusterNotFound { op: Op::RunTask, cluster: "staging".into() }),
        ),
        ("aws s3 ls", AwsError::NotEcs { command: "s3".into() }),
        ("aws", AwsError::MissingCommand),
        ("aws ecs", AwsError::MissingOperation),
        ("aws ecs register-task-definition --cli-input-json file://td.json", AwsError::FileInput { value: "file://td.json".into() }),
    ];
    for (line, want) in cases {
        assert_eq!(parse_err(line), ParseError::Aws(want), "{line}");
    }
    let ParseError::Aws(AwsError::Rejected(e)) =
        parse_err("aws ecs run-task --task-definition web:1 --placement-strategy type=binpack,field=disk")
    else {
        panic!()
    };
    assert_eq!((e.op(), e.param(), e.value()), (Op::RunTask, Some("placementStrategy[0].field"), Some("disk")));
}

#[test]
fn a_verb_line_that_does_not_parse_says_what_as_data() {
    let cases: Vec<(&str, ParseError)> = vec![
        ("fly to the moon", ParseError::Verb(VerbError::UnknownCommand { name: "fly".into(), verbs: script::VERBS })),
        ("say \"unclosed", ParseError::Unterminated(Unterminated { line: 1, quote: '"' })),
        ("say one\nsay two", ParseError::SeveralStatements { line: 2 }),
        ("", ParseError::Empty),
        (
            "kill service web task zero",
            ParseError::Verb(VerbError::NotANumber { verb: "kill", what: "a task position".into(), found: "zero".into() }),
        ),
        ("advance soon", ParseError::Verb(VerbError::Duration { verb: "advance", error: DurationError { text: "soon".into() } })),
        (
            "expect service web running",
            ParseError::Verb(VerbError::Missing { verb: "expect", what: "a count".into(), after: "expect service web running".into() }),
        ),
        (
            "expect deployment web rollout DONE",
            ParseError::Verb(VerbError::NotAChoice {
                context: "expect",
                what: "rollout",
                choices: Choices::OneOf(&["IN_PROGRESS", "COMPLETED", "FAILED"]),
                found: "DONE".into(),
            }),
        ),
        ("say two words", ParseError::Verb(VerbError::Unexpected { verb: "say", found: "words".into(), quote_hint: true })),
        ("autoscale web max 3 cpu 50", ParseError::Verb(VerbError::MissingSetting { verb: "autoscale", setting: "min" })),
    ];
    for (line, want) in cases {
        assert_eq!(parse_err(line), want, "{line:?}");
    }
    let e = script::parse_script("advance 1m\nkill service web task 0\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert_eq!(e.kind, ScriptErrorKind::Syntax(ParseError::Verb(VerbError::ZeroPosition { verb: "kill", of: script::Numbered::Task })));
    assert_eq!(e.to_string(), "line 2: kill: task positions count from 1");
    assert_eq!(script::parse_duration("2 minutes").unwrap_err(), DurationError { text: "2 minutes".into() });
}

#[test]
fn every_aws_ecs_operation_round_trips_through_its_cli_name() {
    for &op in script::OPERATIONS {
        assert_eq!(script::operation_named(op.cli_name()), Ok(op));
        assert_eq!(Op::from_cli_name(op.cli_name()), Ok(op));
        // The help for each names it by its CLI name.
        assert_eq!(script::help(Some(op.cli_name()))[0], format!("aws ecs {}", op.cli_name()));
    }
    assert_eq!(script::operation_named("put-scaling-policy"), Err(UnknownOperation { name: "put-scaling-policy".into() }));
    assert_eq!(Op::from_cli_name("put-scaling-policy"), Ok(Op::PutScalingPolicy));
}

/// Error texts are ECS's own sentence; the simulator's explanation goes on a line of its own.
/// RegisterTaskDefinition with a Fargate cpu and memory pair that does not exist answers
/// "No Fargate configuration exists for given values: … See the Amazon ECS documentation for the
/// valid values." (the task-definition parameters page lists the valid pairs).
#[test]
fn a_fargate_size_error_is_ecs_sentence_with_the_simulator_hint_below_it() {
    let line = r#"aws ecs register-task-definition --cli-input-json '{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"512","memory":"512","containerDefinitions":[{"name":"a","image":"i"}]}'"#;
    let e = ecs_sim_core::script::run_script(line, None, None).unwrap_err();
    let text = e.kind.to_string();
    let (ecs, ours) = text.split_once('\n').expect("two lines");
    assert_eq!(
        ecs,
        "An error occurred (ClientException) when calling the RegisterTaskDefinition operation: No Fargate configuration exists for given values: 512 CPU, 512 memory. See the Amazon ECS documentation for the valid values."
    );
    assert_eq!(ours, "On Fargate, cpu 512 allows memory from 1024 to 4096 MiB in 1024 MiB steps (got 512).");
}
