//! The EventBridge Scheduler schedules that run standalone tasks: expression, runs so far, next
//! run, and a delete button.

use crate::app::Ctx;
use ecs_sim_core::Command;
use leptos::prelude::*;

/// One schedule, as shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// Name.
    pub name: String,
    /// `rate(…)`, `cron(…)` or `at(…)`.
    pub expression: String,
    /// `family:revision`, count and launch type.
    pub target: String,
    /// Runs so far.
    pub runs: u32,
    /// Next run on the virtual clock, or "never".
    pub next: String,
}

/// The rows, by name.
pub fn rows(s: &ecs_sim_core::Simulation) -> Vec<Row> {
    s.schedules()
        .values()
        .map(|r| Row {
            name: r.name.clone(),
            expression: r.expression.clone(),
            target: format!("{} × {} on {}", r.count, r.task_definition, r.launch_type.as_str()),
            runs: r.runs,
            next: r.next_run.map_or_else(|| "never".into(), |t| t.to_string()),
        })
        .collect()
}

/// The list; empty until a schedule exists.
#[component]
pub fn Schedules() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = Memo::new(move |_| ctx.sim.with(rows));
    let note = RwSignal::new(String::new());
    view! {
        <Show when=move || list.with(|l| !l.is_empty())>
            <h3 class="sub-title" id="schedules-title">"Schedules"</h3>
            <ul class="schedules" aria-labelledby="schedules-title">
                {move || list.get().into_iter().map(|r| {
                    let name = r.name.clone();
                    let del = move |_| {
                        let r = ctx.apply(Command::DeleteSchedule { name: name.clone() });
                        note.set(r.map(|_| format!("Schedule {name} deleted.")).unwrap_or_else(|e| e));
                    };
                    view! {
                        <li class="schedule" aria-label=format!("Schedule {}", r.name)>
                            <div class="card-head">
                                <strong class="mono">{r.name.clone()}</strong>
                                <code class="badge">{r.expression}</code>
                            </div>
                            <p class="card-sub">{r.target}</p>
                            <p class="card-sub">{format!("Runs so far: {} · next run at {}", r.runs, r.next)}</p>
                            <button type="button" class="btn small danger" aria-label=format!("Delete schedule {}", r.name) on:click=del>"Delete"</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="help" role="status">{move || note.get()}</p>
        </Show>
    }
}
