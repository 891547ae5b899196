//! `ecs-sim run` as a course author uses it: a script file in, the event log (or a JSON state
//! snapshot) out, and a non-zero exit naming `FILE:LINE` when a line fails.

use std::path::PathBuf;
use std::process::{Command, Output};

fn script(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ecs-sim-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn ecs_sim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ecs-sim")).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const KILL: &str = "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2\n\
                    advance 90s\nkill service web task 1 as victim\nadvance 2m\nexpect task victim status STOPPED\nexpect service web running 2\n";

#[test]
fn run_prints_the_event_log_with_virtual_times() {
    let path = script("kill.ecs", KILL);
    let out = ecs_sim(&["run", path.to_str().unwrap(), "--seed", "5"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let log = stdout(&out);
    assert!(log.starts_with("00:00:00 Cluster production in us-east-1 is ready with 3 container instances.\n"), "{log}");
    assert!(log.contains("desiredStatus STOPPED, stopCode UserInitiated: Task stopped by user."), "{log}");
    assert!(log.lines().any(|l| l.starts_with("00:01:3") && l.contains("(service web) has started 1 tasks")), "{log}");
    assert_eq!(log, stdout(&ecs_sim(&["run", path.to_str().unwrap(), "--seed", "5"])), "same seed, same bytes");
    assert_ne!(log, stdout(&ecs_sim(&["run", path.to_str().unwrap(), "--seed", "6"])), "the seed changes ids");
}

#[test]
fn json_prints_the_state_snapshot() {
    let path = script("snap.ecs", KILL);
    let out = ecs_sim(&["run", path.to_str().unwrap(), "--json", "--until", "5m"]);
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["time"], "00:05:00");
    let web = &v["services"][0];
    assert_eq!(
        (web["serviceName"].as_str(), web["desiredCount"].as_u64(), web["runningCount"].as_u64(), web["pendingCount"].as_u64()),
        (Some("web"), Some(2), Some(2), Some(0))
    );
    assert_eq!(web["deployments"][0]["rolloutState"], "COMPLETED");
    let tasks = v["tasks"].as_array().unwrap();
    let stopped: Vec<_> = tasks.iter().filter(|t| t["lastStatus"] == "STOPPED").collect();
    assert_eq!(stopped.len(), 1, "{tasks:?}");
    assert_eq!(stopped[0]["stopCode"], "UserInitiated");
    assert_eq!(stopped[0]["stoppedReason"], "Task stopped by user");
    assert_eq!(stopped[0]["exitCode"], 143);
    assert_eq!(stopped[0]["desiredStatus"], "STOPPED");
}

#[test]
fn a_failed_expect_exits_non_zero_with_file_and_line() {
    let path = script("fail.ecs", "# check\naws ecs create-service --service-name web --task-definition web:1 --desired-count 2\nadvance 2m\nexpect service web running 5\n");
    let out = ecs_sim(&["run", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err.trim_end(),
        format!("{}:4: expectation failed: service web has 2 running, expected 5 (desired 2, running 2, pending 0)", path.display())
    );
    assert!(stdout(&out).contains("has reached a steady state."), "the log up to the failure is shown");
}

#[test]
fn a_script_error_names_its_line_in_the_aws_cli_form() {
    let path = script("bad.ecs", "advance 1s\naws ecs run-task --task-definition web:1 \\\n  --count\n");
    let out = ecs_sim(&["run", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr).trim_end(),
        format!("{}:2: aws: error: argument --count: expected one argument", path.display())
    );
    let out = ecs_sim(&["run", "/nonexistent/x.ecs"]);
    assert_eq!(out.status.code(), Some(2));
    let out = ecs_sim(&["run", path.to_str().unwrap(), "--until", "soon"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--until: 'soon' is not a duration"));
}

#[test]
fn every_built_in_scenario_runs_clean_from_the_cli() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ecs-sim-core/scenarios");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let out = ecs_sim(&["run", path.to_str().unwrap()]);
        assert!(out.status.success(), "{}: {}", path.display(), String::from_utf8_lossy(&out.stderr));
        n += 1;
    }
    assert!(n >= 6);
}

#[test]
fn run_help_prints_the_usage_and_options_take_equals() {
    let out = ecs_sim(&["run", "--help"]);
    assert!(out.status.success());
    assert!(stdout(&out).contains("ecs-sim run SCRIPT [--seed N] [--until DURATION] [--json]"));
    let path = script("eq.ecs", KILL);
    let p = path.to_str().unwrap();
    assert_eq!(stdout(&ecs_sim(&["run", p, "--seed=5"])), stdout(&ecs_sim(&["run", p, "--seed", "5"])));
    assert_eq!(stdout(&ecs_sim(&["run", p, "--until=10m"])), stdout(&ecs_sim(&["run", p, "--until", "10m"])));
}

/// `--responses`: each call's answer, as the AWS CLI prints it, so a script's result can be read
/// from its output. Without it, only queries, run-task and register-task-definition print.
#[test]
fn responses_prints_what_each_call_answers() {
    let text = "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2\nadvance 90s\n\
                aws ecs update-container-instances-state --container-instances i-0 --status DRAINING\n";
    let inst = {
        // The first instance's EC2 id, from a run of the same cluster.
        let out = stdout(&ecs_sim(&["run", script("ids.ecs", "aws ecs list-container-instances\n").to_str().unwrap()]));
        assert!(out.contains("\"containerInstanceArns\": ["), "{out}");
        let arn =
            out.lines().find(|l| l.contains(":container-instance/")).unwrap().trim().trim_matches(|c| c == '"' || c == ',').to_string();
        arn.rsplit('/').next().unwrap().to_string()
    };
    let path = script("responses.ecs", &text.replace("i-0", &inst));
    let plain = stdout(&ecs_sim(&["run", path.to_str().unwrap()]));
    let with = ecs_sim(&["run", path.to_str().unwrap(), "--responses"]);
    assert!(with.status.success(), "{}", String::from_utf8_lossy(&with.stderr));
    let with = stdout(&with);
    assert!(!plain.contains("\"serviceName\": \"web\""), "{plain}");
    assert!(with.contains("\"service\": {") && with.contains("\"serviceName\": \"web\""), "{with}");
    assert!(with.contains("\"containerInstances\": [") && with.contains("\"status\": \"DRAINING\""), "{with}");
    assert!(with.contains("\"failures\": []"), "{with}");
}

/// CreateSchedule (EventBridge Scheduler API) answers with `ScheduleArn`.
#[test]
fn responses_include_the_schedule_arn() {
    let text = "aws scheduler create-schedule --name nightly --schedule-expression 'rate(1 day)' --flexible-time-window Mode=OFF \
                --target '{\"Arn\":\"arn:aws:ecs:us-east-1:123456789012:cluster/production\",\"RoleArn\":\"arn:aws:iam::123456789012:role/r\",\
                \"EcsParameters\":{\"TaskDefinitionArn\":\"arn:aws:ecs:us-east-1:123456789012:task-definition/batch-job:1\",\"LaunchType\":\"FARGATE\"}}'\n";
    let path = script("schedule.ecs", text);
    let out = stdout(&ecs_sim(&["run", path.to_str().unwrap(), "--responses"]));
    assert!(out.contains("\"ScheduleArn\": \"arn:aws:scheduler:us-east-1:123456789012:schedule/default/nightly\""), "{out}");
}
