//! The availability readout: a service keeps its desired count and replaces what stops; a
//! standalone task that is stopped stays down, and its share of time falls.

use ecs_sim_core::*;

fn stop(sim: &mut Simulation, pick: impl Fn(&Task) -> bool) {
    let id = sim.tasks().values().find(|t| pick(t) && t.last_status == TaskStatus::Running).expect("the demo runs it").id.clone();
    sim.apply(Command::StopTask { task: id, reason: None }).expect("a RUNNING task can be stopped");
}

#[test]
fn a_service_replaces_a_stopped_task_and_a_standalone_task_stays_down() {
    let mut sim = demo::start(7);
    let now = sim.now();
    let web = &sim.availability().of_service("web").unwrap();
    assert_eq!((web.running, web.wanted, web.replacements), (3, 3, 0));
    let worker = &sim.availability().of_group("family:worker").unwrap();
    assert_eq!((worker.running, worker.wanted), (1, 1));
    // While the demo started, the tasks were not yet RUNNING: not 100 %.
    assert!(web.percent_at_desired(now).expect("time passed") < 100);

    stop(&mut sim, |t| t.service.as_deref() == Some("web"));
    stop(&mut sim, |t| t.service.is_none());
    sim.advance_by(Millis::mins(9));
    let now = sim.now();
    let web = &sim.availability().of_service("web").unwrap();
    assert_eq!((web.running, web.unplanned_stops, web.replacements), (3, 1, 1), "{web:?}");
    let worker = &sim.availability().of_group("family:worker").unwrap();
    assert_eq!((worker.running, worker.wanted, worker.unplanned_stops, worker.replacements), (0, 1, 1, 0));
    let (w, s) = (web.percent_at_desired(now).unwrap(), worker.percent_at_desired(now).unwrap());
    assert!(w >= 85, "the service was short only while its replacement started: {w}%");
    assert!(s <= 15, "the worker has been down for nine of its ten minutes: {s}%");
}

#[test]
fn scaling_in_is_not_a_stop_to_replace_and_a_finished_batch_task_is_not_downtime() {
    let mut sim = Simulation::new(SimConfig::default());
    sim.apply(Command::create_service("web", "web:1", 3, LaunchType::Ec2)).unwrap();
    sim.apply(Command::run_task("batch-job:1", 1, LaunchType::Ec2)).unwrap();
    sim.advance_by(Millis::mins(2));
    sim.apply(Command::scale("web", 1)).unwrap();
    sim.advance_by(Millis::mins(30));
    let now = sim.now();
    let web = &sim.availability().of_service("web").unwrap();
    assert_eq!((web.running, web.wanted, web.unplanned_stops, web.replacements), (1, 1, 0, 0));
    let batch = &sim.availability().of_group("family:batch-job").unwrap();
    assert_eq!((batch.running, batch.wanted, batch.unplanned_stops), (0, 0, 0), "{batch:?}");
    assert!(batch.percent_at_desired(now).unwrap() > 90, "a task that finished its work is not down");
}

#[test]
fn a_rewound_run_shows_the_availability_of_that_moment() {
    let mut sim = demo::start(3);
    stop(&mut sim, |t| t.service.is_none());
    sim.advance_by(Millis::mins(5));
    let then = Millis::secs(90);
    let past = sim.rewound_to(then).expect("the run replays");
    let mut fresh = demo::start(3);
    stop(&mut fresh, |t| t.service.is_none());
    fresh.advance_to(then);
    assert_eq!(past.availability(), fresh.availability());
}
