//! Every form's commands, rendered as the CLI text the form shows, read back as the console
//! reads pasted lines: the same commands, for defaults and edge values of each field.

use super::{builtin as td, Placement, ServiceSpec, TaskSpec};
use ecs_sim_core::script::{self, EventRecord, Executed, Host, Refusal, Session};
use ecs_sim_core::{Command, LaunchType, Outcome, SimConfig, Simulation, MAX_DESIRED};

/// A host that only records what it is asked to apply: the commands a text stands for.
struct Recorder(Simulation, EventRecord, Vec<Command>);

impl Host for Recorder {
    fn read(&self, f: &mut dyn FnMut(&Simulation, &EventRecord)) {
        f(&self.0, &self.1)
    }
    fn apply(&mut self, command: Command) -> Result<Outcome, Refusal> {
        self.2.push(command);
        Ok(Outcome::default())
    }
    fn advance(&mut self, _: ecs_sim_core::Millis) {}
}

/// The commands the CLI text stands for, read as the console reads pasted lines.
fn parse_back(cli: &str) -> Vec<Command> {
    let mut host = Recorder(Simulation::new(SimConfig::default()), EventRecord::default(), vec![]);
    let mut session = Session::default();
    for (line, stmt) in script::parse_script(cli).unwrap_or_else(|e| panic!("{e}\n{cli}")) {
        let done = session.execute(&mut host, &stmt).unwrap_or_else(|e| panic!("line {line}: {e}\n{cli}"));
        assert!(matches!(done, Executed::Applied { .. } | Executed::Printed(_)), "{done:?}");
    }
    host.2
}

#[test]
fn every_form_state_reads_back_from_its_cli_text() {
    let defs = [td("web"), td("worker"), td("batch-job")];
    let defaults = ServiceSpec::default();
    let mut services = vec![defaults.clone()];
    for placement in Placement::ALL {
        services.push(ServiceSpec { placement, distinct: true, member_of: true, ..defaults.clone() });
    }
    services.push(ServiceSpec { launch: LaunchType::Fargate, desired: "0".into(), breaker: false, ..defaults.clone() });
    services.push(ServiceSpec { rollback: false, grace: "2147483647".into(), desired: MAX_DESIRED.to_string(), ..defaults.clone() });
    services.push(ServiceSpec {
        load_balancer: true,
        scaling: true,
        min_capacity: "0".into(),
        max_capacity: "0".into(),
        ..defaults.clone()
    });
    services.push(ServiceSpec { scaling: true, target_cpu: "100".into(), max_capacity: MAX_DESIRED.to_string(), ..defaults.clone() });
    services.push(ServiceSpec {
        name: "a".repeat(255),
        expression: "attribute:stack == 'prod'".into(),
        member_of: true,
        ..defaults.clone()
    });
    let mut daemon = ServiceSpec { distinct: true, ..defaults.clone() };
    daemon.set_daemon(true);
    services.push(daemon);
    let tasks = [
        TaskSpec::default(),
        TaskSpec { count: "10".into(), launch: LaunchType::Fargate, ..TaskSpec::default() },
        TaskSpec { scheduled: true, ..TaskSpec::default() },
        TaskSpec {
            scheduled: true,
            expression: " cron(0 2 * * ? *) ".into(),
            schedule_name: "nightly.job_1".into(),
            ..TaskSpec::default()
        },
        TaskSpec { scheduled: true, expression: "at(2026-11-24T09:00:00)".into(), count: "10".into(), ..TaskSpec::default() },
    ];
    let mut checked = 0;
    for d in &defs {
        for s in &services {
            let (create, scaling) = s.commands(d, "eu-west-1");
            let want: Vec<Command> = std::iter::once(create).chain(scaling).collect();
            assert_eq!(parse_back(&s.cli("eu-west-1", Some(d))), want, "{s:?} with {}", d.name());
            checked += 1;
        }
        for t in &tasks {
            let t = TaskSpec { task_definition: d.name(), ..t.clone() };
            assert_eq!(parse_back(&t.cli("eu-west-1", Some(d))), vec![t.command()], "{t:?}");
            checked += 1;
        }
    }
    assert!(defs.iter().any(|d| d.network_mode == "bridge") && defs.iter().any(|d| d.network_mode == "awsvpc"));
    assert_eq!(checked, 3 * (services.len() + tasks.len()));
}
