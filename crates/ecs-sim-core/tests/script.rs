//! The command language as a user meets it: lines that parse to the commands they name, errors
//! that name what is wrong, scenarios whose checks hold, and golden event logs.

use ecs_sim_core::placement::{Constraint, Resource, Strategy as Placement};
use ecs_sim_core::script::{self, Expect, ScriptErrorKind, Stmt};
use ecs_sim_core::*;
use proptest::prelude::*;
use std::path::Path;

fn err(line: &str) -> String {
    script::parse_line(line).unwrap_err().to_string()
}

fn cmd(line: &str) -> Command {
    match script::parse_line(line) {
        Ok(Stmt::Apply(c)) => c,
        other => panic!("{line}\n  gave {other:?}"),
    }
}

#[test]
fn the_aws_cli_syntax_in_the_issue_parses_to_the_commands_it_names() {
    let c = cmd("aws ecs create-service --cluster production --region us-east-1 --output json --service-name web --task-definition web:1 \
        --desired-count 3 --launch-type FARGATE \
        --deployment-configuration maximumPercent=200,minimumHealthyPercent=100,deploymentCircuitBreaker={enable=true,rollback=true} \
        --load-balancers targetGroupArn=arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1,containerName=web,containerPort=80 \
        --network-configuration 'awsvpcConfiguration={subnets=[subnet-1,subnet-2],securityGroups=[sg-1],assignPublicIp=ENABLED}' \
        --health-check-grace-period-seconds 60");
    let Command::CreateService {
        service_name,
        desired_count,
        launch_type,
        deployment_configuration,
        load_balancer,
        health_check_grace_period_seconds,
        ..
    } = c
    else {
        panic!()
    };
    assert_eq!((service_name.as_str(), desired_count, launch_type, health_check_grace_period_seconds), ("web", 3, LaunchType::Fargate, 60));
    assert_eq!(
        deployment_configuration,
        Some(DeploymentConfigurationRequest {
            maximum_percent: Some(200),
            minimum_healthy_percent: Some(100),
            deployment_circuit_breaker: Some(CircuitBreaker { enable: true, rollback: true, reset_on_healthy_task: true })
        })
    );
    assert_eq!(load_balancer.map(|l| (l.container_name, l.container_port)), Some(("web".into(), 80)));

    let c = cmd(
        r#"aws ecs run-task --task-definition web:1 --count 3 --placement-strategy type=spread,field=attribute:ecs.availability-zone type=binpack,field=memory --placement-constraints type=memberOf,expression="attribute:ecs.instance-type =~ t3.*""#,
    );
    let Command::RunTask { count, placement_strategy, placement_constraints, .. } = c else { panic!() };
    assert_eq!(count, 3);
    assert_eq!(placement_strategy, vec![Placement::Spread("attribute:ecs.availability-zone".into()), Placement::Binpack(Resource::Memory)]);
    assert_eq!(placement_constraints, vec![Constraint::MemberOf("attribute:ecs.instance-type =~ t3.*".into())]);

    // JSON works wherever shorthand does.
    let c = cmd(
        r#"aws ecs run-task --task-definition web:1 --placement-strategy '[{"type":"random"}]' --placement-constraints '[{"type":"distinctInstance"}]'"#,
    );
    assert!(matches!(c, Command::RunTask { ref placement_strategy, ref placement_constraints, .. }
        if placement_strategy == &vec![Placement::Random] && placement_constraints == &vec![Constraint::DistinctInstance]));

    assert_eq!(
        cmd("aws ecs update-service --service web --force-new-deployment"),
        Command::UpdateService {
            service: "web".into(),
            desired_count: None,
            task_definition: None,
            force_new_deployment: true,
            deployment_configuration: None,
            availability_zone_rebalancing: None,
            capacity_provider_strategy: None,
        }
    );
    assert_eq!(cmd("aws ecs delete-service --service web --force"), Command::DeleteService { service: "web".into(), force: true });
    assert_eq!(
        cmd("aws ecs stop-task --task abcd1234 --reason 'Scaling down'"),
        Command::StopTask { task: "abcd1234".into(), reason: Some("Scaling down".into()) }
    );
    assert_eq!(
        cmd("aws ecs stop-task --task=abcd --cluster arn:aws:ecs:us-east-1:123456789012:cluster/production"),
        Command::StopTask { task: "abcd".into(), reason: None }
    );
    // ARNs wherever ECS takes a name or an id.
    assert_eq!(
        cmd("aws ecs stop-task --task arn:aws:ecs:us-east-1:123456789012:task/production/abcd"),
        Command::StopTask { task: "abcd".into(), reason: None }
    );
    assert_eq!(
        cmd("aws ecs delete-service --service arn:aws:ecs:us-east-1:123456789012:service/production/web"),
        Command::DeleteService { service: "web".into(), force: false }
    );
    assert!(matches!(cmd("aws ecs run-task --task-definition arn:aws:ecs:us-east-1:123456789012:task-definition/web:1"),
        Command::RunTask { ref task_definition, .. } if task_definition == "web:1"));
    assert!(
        matches!(cmd("aws ecs update-service --service web --task-definition arn:aws:ecs:us-east-1:123456789012:task-definition/web:2"),
        Command::UpdateService { ref task_definition, .. } if task_definition.as_deref() == Some("web:2"))
    );
}

#[test]
fn register_task_definition_takes_inline_json_or_the_cli_flags() {
    let Command::RegisterTaskDefinition { json } = cmd(
        r#"aws ecs register-task-definition --family nightly --cpu 256 --memory 512 --requires-compatibilities FARGATE --container-definitions '[{"name":"job","image":"busybox"}]'"#,
    ) else {
        panic!()
    };
    let td = parse_task_definition(&json).unwrap();
    assert_eq!(
        (td.family.as_str(), td.cpu, td.memory, td.requires_compatibilities.clone()),
        ("nightly", 256, 512, vec![LaunchType::Fargate])
    );
    assert!(err("aws ecs register-task-definition --cli-input-json file://td.json").contains("paste the JSON inline"));
    // Shorthand values take the member's type (numbers, booleans), and the list takes several words.
    let Command::RegisterTaskDefinition { json } = cmd("aws ecs register-task-definition --family api --container-definitions \
        name=api,image=nginx,memory=256,essential=true,portMappings=[{containerPort=80}] name=side,image=busybox,memory=128,essential=false") else { panic!() };
    let td = parse_task_definition(&json).unwrap();
    assert_eq!(
        td.containers.iter().map(|c| (c.name.as_str(), c.memory, c.essential)).collect::<Vec<_>>(),
        vec![("api", Some(256), true), ("side", Some(128), false)]
    );
    assert_eq!(td.containers[0].port_mappings[0].container_port, 80);
}

#[test]
fn mistakes_are_reported_in_the_aws_cli_form_naming_the_culprit() {
    let cases = [
        ("aws ecs create-service --service-name web --desired-count", "aws: error: argument --desired-count: expected one argument"),
        ("aws ecs create-service --service-name web --task-definition web:1 --desired-count x",
         "Parameter validation failed:\nInvalid type for parameter desiredCount, value: x, type: <class 'str'>, valid types: <class 'int'>"),
        ("aws ecs create-service --service-name web --desired-count 1", "aws: error: the following arguments are required: --task-definition"),
        ("aws ecs run-task --task-definition web:1 --frobnicate 2", "aws: error: Unknown options: --frobnicate, 2"),
        ("aws ecs run-task --task-definition web:1 \\ ", "Unknown options:  \n(an option that is only a space: a backslash followed by a space"),
        ("aws ecs run-task --task-definition web:1 --cluster staging", "An error occurred (ClusterNotFoundException) when calling the RunTask operation: Cluster not found."),
        ("aws ecs update-service --service web --deployment-configuration maximumPercent=lots",
         "Invalid type for parameter deploymentConfiguration.maximumPercent, value: lots, type: <class 'str'>"),
        ("aws ecs update-service --service web --deployment-configuration maxPercent=100", "Unknown parameter in deploymentConfiguration: \"maxPercent\""),
        ("aws ecs update-service --service web --deployment-configuration deploymentCircuitBreaker={enable=true}",
         "Missing required parameter in deploymentConfiguration.deploymentCircuitBreaker: \"rollback\""),
        ("aws ecs run-task --task-definition web:1 --placement-strategy type", "Error parsing parameter '--placement-strategy': Expected: '=', received: 'EOF'"),
        ("aws ecs run-task --task-definition web:1 --launch-type SPOT", "launchType should be one of [EC2, FARGATE] (got 'SPOT')"),
        ("aws ecs scale-service", "aws: error: argument operation: Invalid choice, valid choices are:"),
        ("aws s3 ls", "the simulator knows 'aws ecs', 'aws scheduler' and 'aws application-autoscaling'"),
        ("advance soon", "advance: 'soon' is not a duration"),
        ("kill service web task zero", "kill: a task position must be a whole number, not 'zero'"),
        ("expect service web running", "expect: expected a count after 'expect service web running'"),
        ("expect deployment web rollout DONE", "rollout is one of IN_PROGRESS, COMPLETED, FAILED, not 'DONE'"),
        ("fly to the moon", "unknown command 'fly'"),
        ("say \"unclosed", "unterminated \" quote"),
        ("aws ecs run-task --task-definition web:1 --network-configuration subnets=[s-1]", "Unknown parameter in networkConfiguration: \"subnets\", must be one of: awsvpcConfiguration"),
    ];
    for (line, want) in cases {
        let got = err(line);
        assert!(got.contains(want), "{line}\n  gave: {got}\n  want: {want}");
    }
}

#[test]
fn each_kind_of_mistake_reads_in_full() {
    let usage = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]\naws: error: ";
    let cases = [
        ("", "empty line".to_string()),
        ("say one\nsay two", "one command at a time: line 2 starts another".into()),
        ("say 'open", "unterminated ' quote".into()),
        ("aws", format!("{usage}the following arguments are required: command")),
        ("aws ecs", format!("{usage}the following arguments are required: operation")),
        ("aws --debug ecs", "aws: error: Unknown options: --debug".into()),
        ("aws s3 ls", format!("{usage}argument command: the simulator knows 'aws ecs', 'aws scheduler' and 'aws application-autoscaling', not 'aws s3'")),
        ("aws ecs scale-service", format!("{usage}argument operation: Invalid choice, valid choices are:\n\ncreate-service                           | delete-service\ndescribe-container-instances             | describe-services\ndescribe-task-definition                 | describe-tasks\nlist-container-instances                 | list-services\nlist-tasks                               | register-task-definition\nrun-task                                 | stop-task\nupdate-container-instances-state         | update-service\n\nInvalid choice: 'scale-service', maybe you meant:\n\n  * create-service\n  * delete-service\n  * update-service")),
        ("aws ecs describe-service --services web", format!("{usage}argument operation: Invalid choice, valid choices are:\n\ncreate-service                           | delete-service\ndescribe-container-instances             | describe-services\ndescribe-task-definition                 | describe-tasks\nlist-container-instances                 | list-services\nlist-tasks                               | register-task-definition\nrun-task                                 | stop-task\nupdate-container-instances-state         | update-service\n\nInvalid choice: 'describe-service', maybe you meant:\n\n  * describe-services\n  * create-service\n  * delete-service")),
        ("aws ecs zzz", format!("{usage}argument operation: Invalid choice, valid choices are:\n\ncreate-service                           | delete-service\ndescribe-container-instances             | describe-services\ndescribe-task-definition                 | describe-tasks\nlist-container-instances                 | list-services\nlist-tasks                               | register-task-definition\nrun-task                                 | stop-task\nupdate-container-instances-state         | update-service\n\nInvalid choice: 'zzz'")),
        ("kil service web", "unknown command 'kil': did you mean 'kill'? The commands are activate, add, advance, autoscale, aws, bad, crash, drain, expect, fail, help, interrupt, kill, label, say, schedule, seed, set, step, unhealthy".into()),
        ("aws ecs delete-service --service web --force=yes", "aws: error: argument --force: ignored explicit argument".into()),
        ("aws ecs describe-services --services", "aws: error: argument --services: expected at least one argument".into()),
        ("aws ecs describe-tasks --cluster production", "aws: error: the following arguments are required: --tasks".into()),
        ("aws ecs update-service --service web --desired-count -3", "Parameter validation failed:\nInvalid value for parameter desiredCount, value: -3, valid min value: 0".into()),
        ("aws ecs update-service --service web --desired-count 5000000000", "Parameter validation failed:\nInvalid value for parameter desiredCount, value: 5000000000, valid max value: 4294967295".into()),
        ("aws ecs create-service --service-name w --task-definition web:1 --load-balancers targetGroupArn=t,containerName=web,containerPort=70000", "Parameter validation failed:\nInvalid value for parameter loadBalancers[0].containerPort, value: 70000, valid max value: 65535".into()),
        ("aws ecs create-service --service-name w --task-definition web:1 --deployment-configuration deploymentCircuitBreaker={enable=maybe,rollback=true}", "Parameter validation failed:\nInvalid type for parameter deploymentConfiguration.deploymentCircuitBreaker.enable, value: maybe, type: <class 'str'>, valid types: <class 'bool'>".into()),
        ("aws ecs run-task --task-definition web:1 --placement-strategy '[{\"type\":1}]'", "Parameter validation failed:\nInvalid type for parameter placementStrategy[0].type, value: 1, type: <class 'int'>, valid types: <class 'str'>".into()),
        ("aws ecs run-task --task-definition web:1 --network-configuration '[1.5]'", "Parameter validation failed:\nInvalid type for parameter networkConfiguration, value: [1.5], type: <class 'list'>, valid types: <class 'dict'>".into()),
        ("aws ecs run-task --task-definition web:1 --placement-strategy type=binpack,field=disk", "An error occurred (InvalidParameterException) when calling the RunTask operation: Invalid binpack field 'disk': use cpu or memory.".into()),
        ("aws ecs run-task --task-definition web:1 --placement-strategy type=spread", "An error occurred (InvalidParameterException) when calling the RunTask operation: The spread placement strategy needs a field.".into()),
        ("aws ecs run-task --task-definition web:1 --placement-strategy type=first", "An error occurred (InvalidParameterException) when calling the RunTask operation: Invalid placement strategy type 'first': use spread, binpack or random.".into()),
        ("aws ecs run-task --task-definition web:1 --placement-constraints type=sameZone", "An error occurred (InvalidParameterException) when calling the RunTask operation: Invalid placement constraint type 'sameZone': use distinctInstance or memberOf.".into()),
        ("aws ecs list-tasks --desired-status DONE", "An error occurred (InvalidParameterException) when calling the ListTasks operation: desiredStatus should be one of [RUNNING, PENDING, STOPPED] (got 'DONE').".into()),
        ("aws ecs create-service --service-name w --task-definition web:1 --scheduling-strategy BOTH", "An error occurred (InvalidParameterException) when calling the CreateService operation: schedulingStrategy should be one of [REPLICA, DAEMON] (got 'BOTH').".into()),
        ("aws ecs update-container-instances-state --container-instances a b --status DRAINING", "An error occurred (InvalidParameterException) when calling the UpdateContainerInstancesState operation: The simulator changes one container instance at a time: give one id.".into()),
        ("aws ecs update-container-instances-state --container-instances a --status GONE", "An error occurred (InvalidParameterException) when calling the UpdateContainerInstancesState operation: status should be one of [ACTIVE, DRAINING] (got 'GONE').".into()),
        ("aws ecs create-service --service-name w --task-definition web:1 --load-balancers targetGroupArn=a,containerName=web,containerPort=80 targetGroupArn=b,containerName=web,containerPort=80", "An error occurred (InvalidParameterException) when calling the CreateService operation: The simulator supports one load balancer target group per service.".into()),
        ("aws ecs register-task-definition --cli-input-json '{}' --family x", "aws: error: give either --cli-input-json or --family with --container-definitions, not both".into()),
        ("aws ecs register-task-definition --cli-input-json fileb://td.json", "Error parsing parameter '--cli-input-json': a script cannot read files (fileb://td.json); paste the JSON inline in single quotes.".into()),
        ("aws ecs update-service --service web --deployment-configuration '{oops'", "Error parsing parameter '--deployment-configuration': Invalid JSON: key must be a string at line 1 column 2\nJSON received: {oops".into()),
        ("aws ecs stop-task --task abc --cluster arn:aws:ecs:us-east-1:123456789012:cluster/other", "An error occurred (ClusterNotFoundException) when calling the StopTask operation: Cluster not found.".into()),
        ("advance 5", "advance: '5' is not a duration: use a number and a unit, e.g. 90s, 2m, 1h30m, 500ms".into()),
        ("advance 1m now", "advance: unexpected 'now'".into()),
        ("seed", "seed: expected a seed after 'seed'".into()),
        ("kill", "kill: expected service NAME, standalone or task NAME after 'kill'".into()),
        ("kill node 3", "kill: expected service NAME, standalone or task NAME, not 'node'".into()),
        ("kill service web task 0", "kill: task positions count from 1".into()),
        ("label service web task 1", "label: expected 'as NAME' after the task".into()),
        ("drain node 2", "drain: expected 'instance', not 'node'".into()),
        ("drain instance 0", "drain: instances are numbered from 1".into()),
        ("add server t3.small", "add: expected 'instance', not 'server'".into()),
        ("set cpu web 10", "set: expected 'load', not 'cpu'".into()),
        ("bad version web crash", "bad: expected 'revision', not 'version'".into()),
        ("bad revision web slow", "bad revision: the fault is image-pull, unhealthy or crash, not 'slow'".into()),
        ("autoscale web min 1 max 3 disk 50", "autoscale: unknown setting 'disk': use min, max, cpu, memory, requests, scale-out-cooldown, scale-in-cooldown or off".into()),
        ("autoscale web min 1 cpu 50", "autoscale: 'max N' is required".into()),
        ("autoscale web min x", "autoscale: a value for min must be a whole number, not 'x'".into()),
        ("schedule run n", "schedule: expected create or delete, not 'run'".into()),
        ("schedule create n 'rate(1 day)' job:1 launch-type SPOT", "schedule: launch-type is EC2 or FARGATE, not 'SPOT'".into()),
        ("schedule create n 'rate(1 day)' job:1 priority 3", "schedule: unknown setting 'priority': use count or launch-type".into()),
        ("say two words", "say: unexpected 'words' (put the text in quotes)".into()),
        ("expect fleet", "expect: expected service, deployment, standalone, task, instance, event, no event or output, not 'fleet'".into()),
        ("expect service web healthy", "expect service: expected running, pending, desired, steady, status or task-definition, not 'healthy'".into()),
        ("expect service web status GONE", "expect: status is one of ACTIVE, DRAINING, INACTIVE, not 'GONE'".into()),
        ("expect deployment web age 3", "expect deployment: expected rollout or count, not 'age'".into()),
        ("expect standalone pending 1", "expect standalone: expected running or stopped, not 'pending'".into()),
        ("expect task t color red", "expect: the task field is one of status, desired, stop-code, exit-code, health, reason, not 'color'".into()),
        ("expect instance 1 state ACTIVE", "expect instance: expected 'status', not 'state'".into()),
        ("expect no events \"x\"", "expect no: expected 'event', not 'events'".into()),
    ];
    for (line, want) in cases {
        assert_eq!(err(line), want, "{line:?}");
    }
}

#[test]
fn verbs_pick_tasks_and_instances_without_random_ids() {
    assert_eq!(script::parse_line("advance 1m30s").unwrap(), Stmt::Advance(Millis::secs(90)));
    assert_eq!(
        script::parse_line("kill service web").unwrap(),
        Stmt::Task { action: script::TaskAction::Kill, task: script::TaskRef::Service { service: "web".into(), position: 1 }, label: None }
    );
    assert_eq!(
        script::parse_line("crash standalone group family:worker task 2 exit 137 as w").unwrap(),
        Stmt::Task {
            action: script::TaskAction::Crash(137),
            task: script::TaskRef::Standalone { group: Some("family:worker".into()), position: 2 },
            label: Some("w".into())
        }
    );
    assert_eq!(
        script::parse_line("drain instance 2").unwrap(),
        Stmt::Instance { action: script::InstanceAction::Drain, instance: script::InstanceRef::Position(2) }
    );
    assert_eq!(cmd("bad revision web crash"), Command::RegisterFaultyRevision { family: "web".into(), fault: Fault::CrashOnStart });
    assert_eq!(
        script::parse_line("expect no event \"rolling back\"").unwrap(),
        Stmt::Expect(Expect::Event { what: script::EventCheck::Text("rolling back".into()), present: false })
    );
    let typed = script::parse_line("expect event deployment-failed service=web failedTasks=3").unwrap();
    let filter = ecs_sim_core::event::EventFilter::new("deployment-failed", ["service=web", "failedTasks=3"]).unwrap();
    assert_eq!(typed, Stmt::Expect(Expect::Event { what: script::EventCheck::Kind(filter), present: true }));
    let bad = script::parse_line("expect event tasks-started web").unwrap_err().to_string();
    assert!(bad.contains("'web' is not a field condition: write field=value"), "{bad}");
}

#[test]
fn a_failed_expect_names_its_line_and_what_was_found() {
    let text = "seed 3\naws ecs create-service --service-name web --task-definition web:1 --desired-count 2\nadvance 2m\n\nexpect service web running 3\n";
    let e = script::run_script(text, None, None).unwrap_err();
    assert_eq!(e.line, 5);
    assert_eq!(e.to_string(), "line 5: expectation failed: service web has 2 running, expected 3 (desired 2, running 2, pending 0)");
    let e = script::run_script("aws ecs update-service --service nope --desired-count 1", None, None).unwrap_err();
    assert_eq!(e.kind, ScriptErrorKind::Rejected(SimError::ServiceNotFound { op: Op::UpdateService, name: "nope".into() }));
    assert_eq!(script::run_script("advance 1s\nseed 4", None, None).unwrap_err().line, 2);
    let e = script::run_script(
        "aws ecs create-service --service-name d --task-definition web:1 --scheduling-strategy DAEMON --desired-count 2",
        None,
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 1: An error occurred (InvalidParameterException) when calling the CreateService operation: \
        The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again"
    );
    let e = script::run_script(
        "aws ecs create-service --service-name d --task-definition web:1 --scheduling-strategy DAEMON\n\
                                aws ecs update-service --service d --desired-count 5",
        None,
        None,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2: An error occurred (InvalidParameterException) when calling the UpdateService operation: \
        The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again"
    );
    let e = script::run_script("kill service web", None, None).unwrap_err();
    assert_eq!(e.to_string(), "line 1: there is no service web");
}

#[test]
fn describe_and_list_answer_in_the_aws_cli_shape() {
    let text = "seed 2\naws ecs create-service --service-name web --task-definition web:1 --desired-count 2\nadvance 2m\nlabel service web task 1 as one\n\
                aws ecs describe-services --cluster production --services web ghost\nexpect output \"\\\"runningCount\\\": 2\"\nexpect output \"MISSING\"\n\
                aws ecs describe-tasks --tasks one\nexpect output \"\\\"lastStatus\\\": \\\"RUNNING\\\"\"\n\
                aws ecs list-tasks --service-name web\nexpect output \"taskArns\"\naws ecs describe-task-definition --task-definition web\nexpect output \"web:1\"\n";
    let run = script::run_script(text, None, None).unwrap();
    assert_eq!(run.checks_passed, 5);
    let out = run.transcript.join("\n");
    assert!(out.contains("\"serviceArn\": \"arn:aws:ecs:us-east-1:123456789012:service/production/web\""), "{out}");
    assert!(out.contains("\"failures\": []"), "{out}");
}

#[test]
fn help_lists_an_operations_flags() {
    assert_eq!(script::parse_line("aws ecs run-task help").unwrap(), Stmt::Help(Some("run-task".into())));
    assert_eq!(script::parse_line("aws ecs help").unwrap(), Stmt::Help(Some("aws".into())));
    let h = script::help(Some("create-service"));
    assert_eq!(&h[..3], ["aws ecs create-service", "    --service-name <value>", "    --task-definition <value>"]);
    assert!(
        h.contains(&"    [--placement-strategy <value> [<value> ...]]".to_string()) && h.contains(&"    [--cluster <value>]".to_string()),
        "{h:?}"
    );
    assert!(!script::help(Some("describe-task-definition")).iter().any(|l| l.contains("--cluster")));
    assert!(script::help(None).iter().any(|l| l.starts_with("help [VERB | OPERATION]")));
}

#[test]
fn output_is_printed_as_the_aws_cli_prints_it() {
    let text = "aws ecs run-task --task-definition web:1\nadvance 1m\nbad revision web image-pull\n\
                aws ecs describe-services --services ghost\naws ecs describe-task-definition --task-definition web\n";
    let out = script::run_script(text, None, None).unwrap().transcript.join("\n");
    // run-task answers with whole tasks, members in the API's order, four-space indents.
    assert!(out.contains("{\n    \"tasks\": [\n        {\n            \"availabilityZone\""), "{out}");
    assert!(out.contains("\"clusterArn\": \"arn:aws:ecs:us-east-1:123456789012:cluster/production\""), "{out}");
    assert!(out.contains("{\n    \"services\": [],\n    \"failures\": ["), "{out}");
    assert!(
        out.contains(
            "\"taskDefinitionArn\": \"arn:aws:ecs:us-east-1:123456789012:task-definition/web:2\",\n        \"containerDefinitions\""
        ),
        "{out}"
    );
    // Absent members are left out, and the simulator's fault settings are not shown.
    assert!(!out.contains("null") && !out.contains("x-ecs-sim") && !out.contains("imagePullFails"), "{out}");
}

#[test]
fn every_scenario_passes_its_own_checks_and_reads_as_steps() {
    assert!(script::scenarios().len() >= 6);
    for (name, title, text) in script::scenarios() {
        let run = script::run_script(text, None, None).unwrap_or_else(|e| panic!("{name}: {e}"));
        let guide = script::guide(text).unwrap();
        let checks: usize = guide.steps.iter().map(|s| s.checks.len()).sum();
        assert_eq!(run.checks_passed, checks, "{name}");
        assert!(guide.steps.len() >= 3 && guide.steps.iter().all(|s| !s.title.is_empty()), "{name}: {title}");
        assert!(guide.steps.iter().all(|s| !s.checks.is_empty()), "{name}: every step has a completion check");
        // A step done by hand is complete by its final checks (those after its last command, the
        // ones the page watches), so each step has some, and none of them reads what only the
        // scripted lines leave behind: the previous line's output, or a task labelled `as NAME`.
        for s in &guide.steps {
            assert!(s.final_checks().next().is_some(), "{name}: step {:?} ends on a command, so by hand it never completes", s.title);
            for (line, e) in s.final_checks() {
                let scripted_only = matches!(e, script::Expect::Output(_) | script::Expect::Task { .. });
                assert!(!scripted_only, "{name} line {line}: a check a visitor's own clicks cannot satisfy");
            }
        }
        assert!(guide.seed.is_some(), "{name} pins its seed");
    }
}

#[test]
fn the_same_script_and_seed_give_the_same_log() {
    let text = script::scenarios()[0].2;
    let a = script::run_script(text, Some(99), None).unwrap().event_log();
    let b = script::run_script(text, Some(99), None).unwrap().event_log();
    assert_eq!(a, b);
}

#[test]
fn completion_offers_operations_then_unused_flags() {
    assert!(script::complete("aws ecs cre").contains(&"aws ecs create-service".to_string()));
    assert_eq!(script::complete("aws sch"), vec!["aws scheduler".to_string()]);
    assert_eq!(script::complete("aws scheduler create-schedule --t"), vec!["aws scheduler create-schedule --target".to_string()]);
    let flags = script::complete("aws ecs stop-task --task x --");
    assert!(
        flags.contains(&"aws ecs stop-task --task x --reason".to_string()) && !flags.iter().any(|f| f.ends_with("--task")),
        "{flags:?}"
    );
    assert!(script::complete("adv").contains(&"advance".to_string()));
}

fn update_golden() -> bool {
    std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v == "1")
}

#[test]
fn golden_event_logs() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "ecs"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 3, "golden scripts in {}", dir.display());
    let mut failures = Vec::new();
    for path in scripts {
        let text = std::fs::read_to_string(&path).unwrap();
        let log = script::run_script(&text, None, None).unwrap_or_else(|e| panic!("{}:{}", path.display(), e)).event_log();
        let expected_path = path.with_extension("log");
        if update_golden() {
            std::fs::write(&expected_path, &log).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != log {
            let first =
                expected.lines().zip(log.lines()).position(|(a, b)| a != b).unwrap_or(expected.lines().count().min(log.lines().count()));
            failures.push(format!(
                "{}: differs at line {}\n  want: {}\n  got:  {}",
                expected_path.display(),
                first + 1,
                expected.lines().nth(first).unwrap_or("<end>"),
                log.lines().nth(first).unwrap_or("<end>")
            ));
        }
    }
    assert!(failures.is_empty(), "{}\n(run with UPDATE_GOLDEN=1 to accept the new logs)", failures.join("\n"));
}

fn text() -> impl proptest::strategy::Strategy<Value = String> {
    "[a-zA-Z0-9 '\"#=,{}\\[\\]\\\\.:_\n-]{0,10}"
}

fn launch() -> impl proptest::strategy::Strategy<Value = LaunchType> {
    prop_oneof![Just(LaunchType::Ec2), Just(LaunchType::Fargate)]
}

/// A launch type, or a capacity provider strategy of FARGATE and FARGATE_SPOT (each at most
/// once) with the default launch type, as a line without `--launch-type` reads back.
fn launch_or_providers() -> impl proptest::strategy::Strategy<Value = (LaunchType, Vec<CapacityProviderItem>)> {
    let item =
        |p| (0u32..=1000, 0u32..=100_000).prop_map(move |(weight, base)| CapacityProviderItem { capacity_provider: p, weight, base });
    prop_oneof![
        launch().prop_map(|l| (l, vec![])),
        (item(CapacityProvider::FargateSpot), proptest::option::of(item(CapacityProvider::Fargate))).prop_map(|(a, b)| {
            let mut v = vec![a];
            v.extend(b);
            (LaunchType::Ec2, v)
        }),
    ]
}

fn strategies() -> impl proptest::strategy::Strategy<Value = Vec<Placement>> {
    proptest::collection::vec(
        prop_oneof![
            text().prop_map(Placement::Spread),
            Just(Placement::Binpack(Resource::Cpu)),
            Just(Placement::Binpack(Resource::Memory)),
            Just(Placement::Random)
        ],
        0..3,
    )
}

fn constraints() -> impl proptest::strategy::Strategy<Value = Vec<Constraint>> {
    proptest::collection::vec(prop_oneof![Just(Constraint::DistinctInstance), text().prop_map(Constraint::MemberOf)], 0..3)
}

fn deployment() -> impl proptest::strategy::Strategy<Value = Option<DeploymentConfigurationRequest>> {
    let pct = |hi: u32| proptest::option::of(0u32..hi);
    proptest::option::of((pct(400), pct(200), proptest::option::of((any::<bool>(), any::<bool>()))).prop_map(|(max, min, b)| {
        DeploymentConfigurationRequest {
            maximum_percent: max,
            minimum_healthy_percent: min,
            deployment_circuit_breaker: b.map(|(enable, rollback)| CircuitBreaker { enable, rollback, reset_on_healthy_task: true }),
        }
    }))
}

fn command() -> impl proptest::strategy::Strategy<Value = Command> {
    prop_oneof![
        text().prop_map(|json| Command::RegisterTaskDefinition { json }),
        (
            text(),
            text(),
            any::<u32>(),
            launch_or_providers(),
            any::<bool>(),
            strategies(),
            constraints(),
            deployment(),
            proptest::option::of((text(), text(), any::<u16>())),
            any::<u32>()
        )
            .prop_map(|(n, td, d, lt, daemon, ps, pc, dc, lb, g)| Command::CreateService {
                service_name: n,
                task_definition: td,
                desired_count: d,
                launch_type: lt.0,
                capacity_provider_strategy: lt.1,
                scheduling_strategy: if daemon { SchedulingStrategy::Daemon } else { SchedulingStrategy::Replica },
                placement_strategy: ps,
                placement_constraints: pc,
                deployment_configuration: dc,
                load_balancer: lb.map(|(t, c, p)| LoadBalancer { target_group_arn: t, container_name: c, container_port: p }),
                health_check_grace_period_seconds: g,
                availability_zone_rebalancing: None,
            }),
        (text(), proptest::option::of(any::<u32>()), proptest::option::of(text()), any::<bool>(), deployment()).prop_map(
            |(s, d, t, f, dc)| Command::UpdateService {
                service: s,
                desired_count: d,
                task_definition: t,
                force_new_deployment: f,
                deployment_configuration: dc,
                availability_zone_rebalancing: None,
                capacity_provider_strategy: None,
            }
        ),
        (text(), any::<bool>()).prop_map(|(service, force)| Command::DeleteService { service, force }),
        (text(), any::<u32>(), launch_or_providers(), proptest::option::of(text()), strategies(), constraints()).prop_map(
            |(td, n, (lt, cp), g, ps, pc)| Command::RunTask {
                task_definition: td,
                count: n,
                launch_type: lt,
                capacity_provider_strategy: cp,
                group: g,
                placement_strategy: ps,
                placement_constraints: pc
            }
        ),
        proptest::option::of(text()).prop_map(|availability_zone| Command::InterruptSpot { availability_zone }),
        (text(), proptest::option::of(text())).prop_map(|(task, reason)| Command::StopTask { task, reason }),
        (text(), text()).prop_map(|(instance_type, availability_zone)| Command::AddInstance { instance_type, availability_zone }),
        text().prop_map(|instance| Command::DrainInstance { instance }),
        text().prop_map(|instance| Command::ActivateInstance { instance }),
        text().prop_map(|instance| Command::TerminateInstance { instance }),
        (text(), any::<i32>()).prop_map(|(task, exit_code)| Command::CrashTask { task, exit_code }),
        text().prop_map(|task| Command::MakeTaskUnhealthy { task }),
        (text(), prop_oneof![Just(Fault::ImagePull), Just(Fault::Unhealthy), Just(Fault::CrashOnStart)])
            .prop_map(|(family, fault)| Command::RegisterFaultyRevision { family, fault }),
        (text(), any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>(), any::<u32>()).prop_map(|(service, a, b, c, d, e)| {
            Command::PutScalingPolicy {
                service,
                min_capacity: a,
                max_capacity: b,
                metric: ScalingMetric::Cpu,
                target_value: c,
                scale_out_cooldown: d,
                scale_in_cooldown: e,
            }
        }),
        text().prop_map(|service| Command::DeleteScalingPolicy { service }),
        (text(), any::<u32>()).prop_map(|(service, cpu_demand_percent)| Command::SetLoad {
            service,
            cpu_demand_percent,
            memory_demand_percent: None,
            requests_per_minute: None
        }),
        (text(), text(), text(), any::<u32>(), launch()).prop_map(|(name, e, td, count, lt)| Command::CreateSchedule {
            name,
            schedule_expression: e,
            task_definition: td,
            count,
            launch_type: lt
        }),
        text().prop_map(|name| Command::DeleteSchedule { name }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2000)))]

    #[test]
    fn every_command_renders_to_a_line_that_parses_back_to_it(c in command()) {
        let line = script::render(&c);
        let parsed = script::parse_line(&line).map_err(|e| TestCaseError::fail(format!("{line}\n  {e}")))?;
        prop_assert_eq!(parsed.command(), Some(c), "{}", line);
    }

    #[test]
    fn no_line_makes_the_parser_panic(s in "\\PC{0,80}") {
        let _ = script::parse_line(&s);
        let _ = script::parse_script(&s);
        let _ = script::complete(&s);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(64)))]

    #[test]
    fn mutated_scenario_lines_never_panic_and_run_cleanly_or_fail_with_a_line(i in 0usize..7, cut in 0usize..4000, insert in "[a-z\" #={},-]{0,6}") {
        let (_, _, text) = script::scenarios()[i % script::scenarios().len()];
        let mut at = cut.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        let mutated = format!("{}{}{}", &text[..at], insert, &text[at..]);
        if let Err(e) = script::run_script(&mutated, None, None) {
            prop_assert!(e.line >= 1 && e.line <= mutated.lines().count() + 1, "{}", e);
        }
    }
}

#[test]
fn a_partial_deployment_configuration_keeps_what_it_does_not_name() {
    let bounds = |script: &str| {
        let run = script::run_script(script, Some(1), None).unwrap();
        let c = run.sim.services()["web"].deployment_configuration;
        (c.maximum_percent, c.minimum_healthy_percent, c.deployment_circuit_breaker.map(|b| b.rollback))
    };
    let create = "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2 \
        --deployment-configuration maximumPercent=150,minimumHealthyPercent=50\n";
    assert_eq!(bounds(create), (150, 50, None));
    // update-service with only the breaker keeps the service's percentages: an omitted field is left as it is.
    let update = format!(
        "{create}aws ecs update-service --service web --deployment-configuration deploymentCircuitBreaker={{enable=true,rollback=true}}\n"
    );
    assert_eq!(bounds(&update), (150, 50, Some(true)));
    // A DAEMON service given only the breaker gets the DAEMON defaults, 100 / 0.
    let daemon = "aws ecs create-service --service-name web --task-definition web:1 --scheduling-strategy DAEMON \
        --deployment-configuration deploymentCircuitBreaker={enable=true,rollback=false}\n";
    assert_eq!(bounds(daemon), (100, 0, Some(false)));
}

/// The cases a property runs: `PROPTEST_CASES` when set (the 100,000-case runs), else `n`.
fn cases(n: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(n)
}
