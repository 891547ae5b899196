//! Turning parsed lines into effects on one simulation: picking tasks and instances by
//! position, remembering `as NAME` labels, answering queries, checking `expect` lines.
//!
//! [`Session`] holds what a console or a script remembers between lines; it never changes the
//! simulation itself. Front ends run a statement with [`Session::execute`] (in `driver`), which
//! plans it here against the current state, has the host carry it out, and reports what it did.

use super::describe;
use super::stmt::*;
use super::stmt_error::{PickError, StmtError};
use super::verbs::HELP;
use crate::command::Command;
use crate::error::SimError;
use crate::event::Event;
use crate::model::*;
use crate::op::Op;
use crate::sim::{Outcome, Simulation};
use crate::time::Millis;
use crate::vec_map::VecMap;

/// A value as the AWS CLI prints it, one output line each.
fn cli_lines(v: &serde_json::Value) -> Vec<String> {
    describe::cli_json(v).lines().map(str::to_string).collect()
}

/// What a planned statement asks the host to do.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    /// Apply this command (then [`Session::applied`] gives the lines to print).
    Apply(Command),
    /// Move virtual time forward by this much.
    Advance(Millis),
    /// Print these lines; nothing changes.
    Print(Vec<String>),
    /// Check this expectation with [`Session::check`].
    Check(Expect),
    /// Start a guided step with this title.
    Step(String),
}

/// What a console or script remembers between lines.
#[derive(Clone, Debug, Default)]
pub struct Session {
    labels: VecMap<String>,
    last_output: Vec<String>,
    /// Capacity ranges registered with `register-scalable-target`, by service.
    /// (service, (min, max)), newest last: a few entries, and one more map type would cost the
    /// page a kilobyte.
    scalable_targets: Vec<(String, (u32, u32))>,
}

/// A service's live RUNNING tasks, oldest first (ties broken by id): what positions count.
fn running_tasks(sim: &Simulation, keep: impl Fn(&Task) -> bool) -> Vec<&Task> {
    let mut v: Vec<&Task> = sim
        .tasks()
        .values()
        .filter(|t| t.desired_status == DesiredStatus::Running && t.last_status == TaskStatus::Running && keep(t))
        .collect();
    super::sort_by(&mut v, &|a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    v
}

/// Instances in the order positions count them: by availability zone, then EC2 id.
pub fn numbered_instances(sim: &Simulation) -> Vec<&ContainerInstance> {
    let mut v: Vec<&ContainerInstance> = sim.instances().values().collect();
    super::sort_by(&mut v, &|a, b| (&a.az, &a.ec2_instance_id).cmp(&(&b.az, &b.ec2_instance_id)));
    v
}

impl Session {
    /// A session with no labels.
    pub fn new() -> Session {
        Session::default()
    }

    /// The task id a label, id or prefix stands for.
    pub fn resolve_name(&self, sim: &Simulation, name: &str) -> Option<String> {
        if let Some(id) = self.labels.get(name) {
            return Some(id.clone());
        }
        sim.find_task(Op::DescribeTasks, name).ok().map(|t| t.id.clone())
    }

    /// The task a reference picks, or why none fits.
    pub fn resolve_task(&self, sim: &Simulation, r: &TaskRef) -> Result<String, PickError> {
        let pick = |list: Vec<&Task>, position: usize| {
            position.checked_sub(1).and_then(|i| list.get(i)).map(|t| t.id.clone()).ok_or_else(|| PickError::NoTask {
                task: r.clone(),
                running: list.len(),
                position,
            })
        };
        match r {
            TaskRef::Service { service, position } => {
                if !sim.services().contains_key(service) {
                    return Err(PickError::NoService(service.clone()));
                }
                pick(running_tasks(sim, |t| t.service.as_deref() == Some(service)), *position)
            }
            TaskRef::Standalone { group, position } => {
                pick(running_tasks(sim, |t| t.service.is_none() && group.as_ref().is_none_or(|g| *g == t.group)), *position)
            }
            TaskRef::Named(n) => self.resolve_name(sim, n).ok_or_else(|| PickError::UnknownTask(n.clone())),
        }
    }

    fn resolve_instance(&self, sim: &Simulation, r: &InstanceRef) -> Result<String, PickError> {
        match r {
            InstanceRef::Position(n) => {
                let list = numbered_instances(sim);
                n.checked_sub(1)
                    .and_then(|i| list.get(i))
                    .map(|i| i.id.clone())
                    .ok_or(PickError::NoInstance { instances: list.len(), position: *n })
            }
            InstanceRef::Id(id) => Ok(id.clone()),
        }
    }

    /// Decides what a statement does now, remembering its label and a query's output.
    pub(crate) fn plan(&mut self, sim: &Simulation, stmt: &Stmt) -> Result<Action, StmtError> {
        Ok(match stmt {
            Stmt::Apply(c) => Action::Apply(c.clone()),
            Stmt::Advance(d) => Action::Advance(*d),
            Stmt::Seed(_) => return Err(StmtError::SeedNotFirst),
            Stmt::Query(q) => {
                let v = describe::answer(sim, q, &|n| self.resolve_name(sim, n)).map_err(StmtError::Rejected)?;
                self.last_output = cli_lines(&v);
                Action::Print(self.last_output.clone())
            }
            Stmt::Task { action, task, label } => {
                let id = self.resolve_task(sim, task)?;
                if let Some(l) = label {
                    self.labels.insert(l.clone(), id.clone());
                }
                match action {
                    TaskAction::Kill => Action::Apply(Command::StopTask { task: id, reason: None }),
                    TaskAction::Crash(code) => Action::Apply(Command::CrashTask { task: id, exit_code: *code }),
                    TaskAction::Unhealthy => Action::Apply(Command::MakeTaskUnhealthy { task: id }),
                    TaskAction::Label => Action::Print(vec![]),
                }
            }
            Stmt::Instance { action, instance } => {
                let instance = self.resolve_instance(sim, instance)?;
                Action::Apply(match action {
                    InstanceAction::Drain => Command::DrainInstance { instance },
                    InstanceAction::Activate => Command::ActivateInstance { instance },
                    InstanceAction::Fail => Command::TerminateInstance { instance },
                })
            }
            Stmt::AddInstance { instance_type } => {
                let mut zones = Vec::new();
                for i in sim.instances().values() {
                    crate::counts::add(&mut zones, &i.az, usize::from(i.status == InstanceStatus::Active));
                }
                let first = format!("{}a", sim.config().region);
                let az = zones.iter().min_by_key(|(_, n)| *n).map_or(first, |(z, _)| z.to_string());
                Action::Apply(Command::AddInstance { instance_type: instance_type.clone(), availability_zone: az })
            }
            Stmt::Expect(e) => Action::Check(e.clone()),
            Stmt::Step(t) => Action::Step(t.clone()),
            Stmt::Say(t) => Action::Print(vec![t.clone()]),
            Stmt::Help(topic) => Action::Print(help(topic.as_deref())),
            Stmt::ScalableTarget { service, min_capacity, max_capacity } => {
                self.scalable_targets.retain(|(s, _)| s != service);
                self.scalable_targets.push((service.clone(), (*min_capacity, *max_capacity)));
                Action::Print(vec![])
            }
            Stmt::ScalingPolicy { service, metric, target_value, scale_out_cooldown, scale_in_cooldown } => {
                let Some(&(_, (min_capacity, max_capacity))) = self.scalable_targets.iter().find(|(s, _)| s == service) else {
                    let id = format!("service/{}/{service}", super::CLUSTER);
                    let text = format!(
                        "No scalable target registered for service namespace: ecs, resource ID: {id}, scalable dimension: ecs:service:DesiredCount"
                    );
                    return Err(StmtError::Rejected(SimError::invalid(Op::PutScalingPolicy, text).with_param("ResourceId").with_value(id)));
                };
                Action::Apply(Command::PutScalingPolicy {
                    service: service.clone(),
                    min_capacity,
                    max_capacity,
                    metric: *metric,
                    target_value: *target_value,
                    scale_out_cooldown: *scale_out_cooldown,
                    scale_in_cooldown: *scale_in_cooldown,
                })
            }
        })
    }

    /// The lines to print after a planned command was applied (AWS CLI-shaped JSON for
    /// run-task and register-task-definition; nothing for the rest).
    pub(crate) fn applied(&mut self, sim: &Simulation, cmd: &Command, outcome: &Outcome) -> Vec<String> {
        let v = match cmd {
            Command::RunTask { .. } => {
                let tasks: Vec<_> = outcome.tasks.iter().filter_map(|id| sim.task(id)).map(|t| describe::task_json(sim, t)).collect();
                let failures: Vec<_> = outcome.failures.iter().map(|r| describe::obj(&mut [("reason", r.as_str().into())])).collect();
                describe::obj(&mut [("tasks", describe::list(tasks)), ("failures", describe::list(failures))])
            }
            Command::RegisterTaskDefinition { .. } | Command::RegisterFaultyRevision { .. } => {
                let name = outcome.created.clone().unwrap_or_default();
                describe::answer(sim, &Query::DescribeTaskDefinition(name), &|_| None).unwrap_or_default()
            }
            _ => {
                self.last_output.clear();
                return vec![];
            }
        };
        self.last_output = cli_lines(&v);
        self.last_output.clone()
    }

    /// What the AWS CLI prints after a call that a script keeps quiet about (scripts print only
    /// run-task and task-definition results): `{"service": …}` after create-, update-
    /// and delete-service, `{"task": …}` after stop-task. The page's console shows it for lines
    /// a visitor typed.
    pub fn reply(sim: &Simulation, cmd: &Command) -> Vec<String> {
        let v = match cmd {
            Command::CreateService { service_name: name, .. }
            | Command::UpdateService { service: name, .. }
            | Command::DeleteService { service: name, .. } => {
                let Some(s) = sim.services().get(name.as_str()) else { return vec![] };
                describe::obj(&mut [("service", describe::service_json(sim, s))])
            }
            Command::StopTask { task, .. } => {
                let Ok(t) = sim.find_task(Op::StopTask, task) else { return vec![] };
                describe::obj(&mut [("task", describe::task_json(sim, t))])
            }
            // EventBridge Scheduler's CreateSchedule answers with the schedule's ARN (schedules
            // are in the `default` group unless another is named).
            Command::CreateSchedule { name, .. } => describe::obj(&mut [(
                "ScheduleArn",
                format!("arn:aws:scheduler:{}:{}:schedule/default/{name}", sim.config().region, describe::ACCOUNT).into(),
            )]),
            // The AWS CLI prints the changed container instances and no failures.
            Command::DrainInstance { instance } | Command::ActivateInstance { instance } => {
                let Ok(i) = sim.find_instance(Op::UpdateContainerInstancesState, instance) else { return vec![] };
                describe::obj(&mut [
                    ("containerInstances", describe::list(vec![describe::container_instance_json(sim, i)])),
                    ("failures", describe::list(vec![])),
                ])
            }
            _ => return vec![],
        };
        cli_lines(&v)
    }

    /// Checks an expectation; `events` are the events to search: every event of the run so far,
    /// as an [`EventRecord`](super::EventRecord) keeps them, not the simulation's capped history.
    /// The error says what was found instead.
    pub fn check<'a>(&self, sim: &Simulation, events: impl IntoIterator<Item = &'a Event>, e: &Expect) -> Result<(), String> {
        let service = |name: &str| sim.services().get(name).ok_or_else(|| format!("there is no service {name}"));
        let same =
            |what: String, got: String, want: &str| if got == want { Ok(()) } else { Err(format!("{what} is {got}, expected {want}")) };
        match e {
            Expect::ServiceCount { service: name, which, n } => {
                let s = service(name)?;
                let (running, pending) = sim.service_counts(name);
                let (label, got) = match which {
                    ServiceCount::Running => ("running", running),
                    ServiceCount::Pending => ("pending", pending),
                    ServiceCount::Desired => ("desired", s.desired_count),
                };
                if got == *n {
                    Ok(())
                } else {
                    Err(format!(
                        "service {name} has {got} {label}, expected {n} (desired {}, running {running}, pending {pending})",
                        s.desired_count
                    ))
                }
            }
            Expect::Steady(name) => {
                let s = service(name)?;
                if s.steady {
                    Ok(())
                } else {
                    let (running, pending) = sim.service_counts(name);
                    Err(format!(
                        "service {name} is not in a steady state (desired {}, running {running}, pending {pending})",
                        s.desired_count
                    ))
                }
            }
            Expect::ServiceStatus(name, want) => {
                let got = match service(name)?.status {
                    ServiceStatus::Active => "ACTIVE",
                    ServiceStatus::Draining => "DRAINING",
                    ServiceStatus::Inactive => "INACTIVE",
                };
                same(format!("service {name} status"), got.into(), want)
            }
            Expect::ServiceTaskDefinition(name, want) => {
                same(format!("service {name} task definition"), service(name)?.task_definition.clone(), want)
            }
            Expect::Rollout(name, want) => {
                let s = service(name)?;
                let d = s.deployments.first().ok_or_else(|| format!("service {name} has no deployment"))?;
                same(format!("deployment {} of service {name} rolloutState", d.id), d.rollout_state.as_str().into(), want)
            }
            Expect::Deployments(name, n) => {
                same(format!("service {name}'s deployment count"), service(name)?.deployments.len().to_string(), &n.to_string())
            }
            Expect::Standalone { group, running, n } => {
                let got = sim
                    .tasks()
                    .values()
                    .filter(|t| t.service.is_none() && group.as_ref().is_none_or(|g| *g == t.group))
                    .filter(|t| {
                        if *running {
                            t.last_status == TaskStatus::Running && t.desired_status == DesiredStatus::Running
                        } else {
                            t.is_stopped()
                        }
                    })
                    .count();
                let what = format!(
                    "{} standalone tasks{}",
                    if *running { "RUNNING" } else { "STOPPED" },
                    group.as_ref().map(|g| format!(" in group {g}")).unwrap_or_default()
                );
                same(format!("the number of {what}"), got.to_string(), &n.to_string())
            }
            Expect::Task { task, field, value } => {
                let id = self.resolve_task(sim, task).map_err(|e| e.to_string())?;
                let t = sim.task(&id).ok_or_else(|| format!("task {id} is no longer listed (stopped tasks are removed after a while)"))?;
                let got = match field.as_str() {
                    "status" => t.last_status.as_str().to_string(),
                    "desired" => if t.desired_status == DesiredStatus::Running { "RUNNING" } else { "STOPPED" }.into(),
                    "stop-code" => t.stop_code.map_or("none", StopCode::as_str).into(),
                    "exit-code" => t.exit_code.map_or("none".into(), |c| c.to_string()),
                    "health" => t.health_status.as_str().into(),
                    _ => {
                        let reason = t.stopped_reason.clone().unwrap_or_default();
                        return if reason.contains(value.as_str()) {
                            Ok(())
                        } else {
                            Err(format!("task {} stoppedReason is '{reason}', which does not contain '{value}'", t.short_id()))
                        };
                    }
                };
                same(format!("task {} {field}", t.short_id()), got, value)
            }
            Expect::InstanceStatus(r, want) => {
                let id = self.resolve_instance(sim, r).map_err(|e| e.to_string())?;
                let inst = sim.find_instance(Op::DescribeContainerInstances, &id).map_err(|e| e.to_string())?;
                same(format!("instance {} status", inst.ec2_instance_id), inst.status.as_str().into(), want)
            }
            Expect::Event { what, present } => {
                let found = events.into_iter().find(|ev| what.matches(ev));
                match (found, present) {
                    (Some(_), true) | (None, false) => Ok(()),
                    (None, true) => Err(format!("no event matches: expected {what}")),
                    (Some(ev), false) => Err(format!("expected no such event, found {what}: {} {}", ev.at, ev.message())),
                }
            }
            Expect::Output(text) => {
                if self.last_output.iter().any(|l| l.contains(text.as_str())) {
                    Ok(())
                } else {
                    Err(format!("the previous line's output does not contain \"{text}\""))
                }
            }
        }
    }
}

/// `help` / `help VERB`.
pub fn help(topic: Option<&str>) -> Vec<String> {
    match topic {
        Some(t) => match (HELP.iter().find(|(v, _)| *v == t), super::aws::any_operation(t)) {
            (Some((_, h)), _) => h.lines().map(String::from).collect(),
            (None, Ok(op)) => super::aws::synopsis(op),
            (None, Err(_)) => vec![format!(
                "no help for '{t}': try one of {}, or an aws ecs operation such as create-service",
                HELP.iter().map(|(v, _)| *v).collect::<Vec<_>>().join(", ")
            )],
        },
        None => HELP.iter().flat_map(|(_, h)| h.lines()).map(String::from).collect(),
    }
}
