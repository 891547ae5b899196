//! Scheduled standalone tasks (EventBridge Scheduler): a schedule fires at its `rate()`,
//! `cron()` or `at()` times (virtual, against `SimConfig::start_unix_ms`) and runs a task each
//! time. Each run is an ordinary standalone task: nothing restarts it if it fails.

use crate::error::SimError;
use crate::event::EventKind;
use crate::ids::TaskId;
use crate::launch::Launch;
use crate::model::*;
use crate::op::Op;
use crate::placement::Strategy;
use crate::rules;
use crate::schedule;
use crate::sim::{Outcome, Simulation, Timer};
use crate::time::Millis;

impl Simulation {
    fn next_fire(&self, expr: &schedule::Schedule) -> Option<Millis> {
        let now_unix = self.config.start_unix_ms.saturating_add(self.now.0 as i64);
        let next = expr.next_after(now_unix)?;
        Some(Millis(u64::try_from(next - self.config.start_unix_ms).ok()?))
    }

    pub(crate) fn create_schedule(
        &mut self,
        name: &str,
        expression: &str,
        td_name: &str,
        count: u32,
        launch_type: LaunchType,
    ) -> Result<Outcome, SimError> {
        const OP: Op = Op::CreateSchedule;
        rules::schedule_name(OP, name)?;
        if self.schedules.contains_key(name) {
            return Err(SimError::invalid(OP, format!("Schedule {name} already exists.")).with_param("Name").with_value(name));
        }
        rules::run_count(OP, count)?;
        let expr = rules::schedule_expression(OP, expression)?;
        let td = self.resolve_task_definition(OP, td_name)?;
        self.check_launch(OP, &td, launch_type, &[], &[])?;
        let next_run = self.next_fire(&expr);
        let record = ScheduleRecord {
            name: name.to_string(),
            expression: expr.to_string(),
            task_definition: td.name(),
            count,
            launch_type,
            next_run,
            runs: 0,
        };
        self.schedules.insert(name.to_string(), record);
        let (schedule, expression) = (name.to_string(), expr.to_string());
        self.emit(EventKind::ScheduleCreated { schedule, expression, task_definition: td.name(), first_run: next_run });
        if let Some(t) = next_run {
            self.push_timer(t, Timer::Schedule(name.to_string()));
        }
        Ok(Outcome::default())
    }

    pub(crate) fn delete_schedule(&mut self, name: &str) -> Result<Outcome, SimError> {
        if self.schedules.remove(name).is_none() {
            return Err(SimError::invalid(Op::DeleteSchedule, format!("Schedule {name} does not exist."))
                .with_param("Name")
                .with_value(name));
        }
        self.emit(EventKind::ScheduleDeleted { schedule: name.to_string() });
        Ok(Outcome::default())
    }

    pub(crate) fn schedule_fire(&mut self, name: &str) {
        let now = self.now;
        let Some(rec) = self.schedules.get(name).cloned() else { return };
        if rec.next_run != Some(now) {
            return; // deleted and re-created since
        }
        let Some(td) = self.task_definitions.get(&rec.task_definition).cloned() else { return };
        let group = format!("family:{}", td.family);
        let mut started = Vec::new();
        let mut failures = Vec::new();
        for _ in 0..rec.count {
            let spec = Launch {
                td: &td,
                launch_type: rec.launch_type,
                provider: None,
                group: &group,
                service: None,
                strategies: &[Strategy::Random],
                constraints: &[],
                only: None,
                zone: None,
            };
            match self.launch_task(spec) {
                Ok(id) => started.push(id),
                Err(f) => failures.push(f.reason),
            }
        }
        let next = schedule::parse(&rec.expression).ok().and_then(|e| self.next_fire(&e)).filter(|t| *t > now);
        let rec = self.schedules.get_mut(name).expect("checked");
        rec.runs += 1;
        rec.next_run = next;
        let tasks = started.iter().map(TaskId::to_string).collect();
        let failures = failures.into_iter().map(str::to_string).collect();
        self.emit(EventKind::ScheduleFired { schedule: name.to_string(), task_definition: td.name(), tasks, failures });
        if let Some(t) = next {
            self.push_timer(t, Timer::Schedule(name.to_string()));
        }
    }
}
