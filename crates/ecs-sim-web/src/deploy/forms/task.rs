//! The standalone-task form: `run-task` now, or `create-schedule` to run it on a schedule.

use super::{awsvpc, field_problem, flag, launch, launch_value, number, spot_strategy, Field, FormModel};
use ecs_sim_core::script::{render_cli, CliContext};
use ecs_sim_core::{rules, Command, LaunchType, Op, SimError, TaskDefinition};

/// The field of the task form a core parameter is.
fn task_field(param: &str) -> Option<Field> {
    Some(match param {
        "count" => Field::Count,
        "Name" => Field::ScheduleName,
        "ScheduleExpression" => Field::ScheduleExpression,
        _ => return None,
    })
}

impl FormModel for TaskSpec {
    const BASIC: &'static [Field] =
        &[Field::TaskDefinition, Field::Count, Field::Launch, Field::Scheduled, Field::ScheduleName, Field::ScheduleExpression];
    const ADVANCED: &'static [(&'static str, &'static [Field])] = &[];

    fn get(&self, f: Field) -> String {
        match f {
            Field::TaskDefinition => self.task_definition.clone(),
            Field::Count => self.count.clone(),
            Field::Launch => launch_value(self.launch, self.spot),
            Field::Scheduled => flag(self.scheduled),
            Field::ScheduleName => self.schedule_name.clone(),
            Field::ScheduleExpression => self.expression.clone(),
            _ => String::new(),
        }
    }

    fn set(&mut self, f: Field, v: &str) {
        match f {
            Field::TaskDefinition => self.task_definition = v.into(),
            Field::Count => self.count = v.into(),
            Field::Launch => (self.launch, self.spot) = launch(v),
            Field::Scheduled => self.scheduled = v == "true",
            Field::ScheduleName => self.schedule_name = v.into(),
            Field::ScheduleExpression => self.expression = v.into(),
            _ => {}
        }
    }

    fn shown(&self, f: Field) -> bool {
        !matches!(f, Field::ScheduleName | Field::ScheduleExpression) || self.scheduled
    }

    fn problem(&self, f: Field, _: Option<&TaskDefinition>) -> Option<String> {
        field_problem(self.problems(), |p| task_field(p) == Some(f))
    }
}

/// The standalone-task form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskSpec {
    /// `family:revision`.
    pub task_definition: String,
    /// 1–10.
    pub count: String,
    /// EC2 or FARGATE.
    pub launch: LaunchType,
    /// On Fargate Spot, through a capacity provider strategy (run-task only).
    pub spot: bool,
    /// Run on a schedule instead of now.
    pub scheduled: bool,
    /// Schedule name.
    pub schedule_name: String,
    /// `rate()`, `cron()` or `at()`.
    pub expression: String,
}

impl Default for TaskSpec {
    fn default() -> Self {
        TaskSpec {
            task_definition: "batch-job:1".into(),
            count: "1".into(),
            launch: LaunchType::Ec2,
            spot: false,
            scheduled: false,
            schedule_name: "every-5-minutes".into(),
            expression: "rate(5 minutes)".into(),
        }
    }
}

impl TaskSpec {
    fn op(&self) -> Op {
        if self.scheduled {
            Op::CreateSchedule
        } else {
            Op::RunTask
        }
    }

    /// Every problem the core finds with the form, in its words.
    pub fn problems(&self) -> Vec<SimError> {
        let op = self.op();
        let mut out: Vec<SimError> = number(op, "count", &self.count, |n| rules::run_count(op, n)).err().into_iter().collect();
        if self.scheduled {
            out.extend(rules::schedule_name(op, &self.schedule_name).err());
            out.extend(rules::schedule_expression(op, self.expression.trim()).err());
        }
        out
    }

    /// run-task now, or create-schedule. Call only when [`TaskSpec::problems`] is empty.
    pub fn command(&self) -> Command {
        let count = self.count.trim().parse().unwrap_or(1);
        if self.scheduled {
            Command::CreateSchedule {
                name: self.schedule_name.clone(),
                schedule_expression: self.expression.trim().to_string(),
                task_definition: self.task_definition.clone(),
                count,
                launch_type: self.launch,
            }
        } else {
            let mut cmd = Command::run_task(&self.task_definition, count, self.launch);
            if let Command::RunTask { capacity_provider_strategy, .. } = &mut cmd {
                *capacity_provider_strategy = spot_strategy(self.spot, false);
            }
            cmd.canonical()
        }
    }

    /// `aws ecs run-task`, or `aws scheduler create-schedule` with an ECS target.
    pub fn cli(&self, region: &str, td: Option<&TaskDefinition>) -> String {
        render_cli(&self.command(), &CliContext { region, awsvpc: awsvpc(td) })
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin as td;
    use super::*;
    use ecs_sim_core::{SimConfig, Simulation};

    #[test]
    fn task_form_runs_now_or_on_a_schedule() {
        let mut t = TaskSpec::default();
        assert!(matches!(t.command(), Command::RunTask { count: 1, .. }));
        t.count = "11".into();
        assert_eq!(t.problem(Field::Count, None).unwrap(), "count must be between 1 and 10 (got 11).");
        t.count = "1".into();
        t.scheduled = true;
        t.expression = "rate(1 minute)".into();
        assert!(t.problems().is_empty());
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(t.command()).unwrap();
        assert_eq!(sim.schedules().len(), 1);
        let cli = t.cli("us-east-1", Some(&td("batch-job")));
        assert!(cli.starts_with("aws scheduler create-schedule"), "{cli}");
        let target: serde_json::Value = serde_json::from_str(cli.rsplit(" '").next().unwrap().trim_end_matches('\'')).unwrap();
        assert_eq!(target["EcsParameters"]["TaskDefinitionArn"], "arn:aws:ecs:us-east-1:123456789012:task-definition/batch-job:1");
        t.schedule_name = "a b".into();
        assert_eq!(t.problem(Field::ScheduleName, None).unwrap(), "Name 'a b' is invalid: use 1 to 64 letters, numbers, '-', '_' and '.'.");
        t.expression = "cron(0 2 * * *)".into();
        assert!(t.problem(Field::ScheduleExpression, None).is_some());
    }
}
