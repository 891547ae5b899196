//! The EventBridge Scheduler schedules that run standalone tasks: expression, runs so far, next
//! run, and a delete button.

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
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

/// The list as markup.
pub fn rows_html(rows: &[Row]) -> String {
    use crate::shared::html::esc;
    if rows.is_empty() {
        return String::new();
    }
    let mut h = String::from(
        "<h3 class=\"sub-title\" id=\"schedules-title\">Schedules</h3><ul class=\"schedules\" aria-labelledby=\"schedules-title\">",
    );
    for r in rows {
        let n = esc(&r.name);
        h.push_str(&format!(
            "<li class=\"schedule\" aria-label=\"Schedule {n}\"><div class=\"card-head\"><strong class=\"mono\">{n}</strong><code class=\"badge\">{}</code></div>\
             <p class=\"card-sub\">{}</p><p class=\"card-sub\">Runs so far: {} · next run at {}</p>\
             <button type=\"button\" class=\"btn small danger\" data-act=\"delete\" data-arg=\"{n}\" aria-label=\"Delete schedule {n}\">Delete</button></li>",
            esc(&r.expression),
            esc(&r.target),
            r.runs,
            r.next
        ));
    }
    h.push_str("</ul>");
    h
}

/// The list; empty until a schedule exists.
#[component]
pub fn Schedules() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let list = Memo::new(move |_| ctx.sim.with(rows));
    let note = RwSignal::new(String::new());
    let click = move |ev: leptos::ev::MouseEvent| {
        if let Some((_, name)) = crate::shared::html::action(&ev) {
            let r = ctx.apply(Command::DeleteSchedule { name: name.clone() });
            note.set(r.map(|_| format!("Schedule {name} deleted.")).unwrap_or_else(|e| e));
        }
    };
    view! {
        <div inner_html=crate::shared::html::sig(move || list.with(|l| rows_html(l))) on:click=handler(click)></div>
        <p class="help" role="status">{note}</p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schedules_list_their_runs() {
        let mut sim = ecs_sim_core::Simulation::new(ecs_sim_core::SimConfig::default());
        assert_eq!(rows_html(&rows(&sim)), "");
        sim.apply(Command::CreateSchedule {
            name: "every-minute".into(),
            schedule_expression: "rate(1 minute)".into(),
            task_definition: "batch-job:1".into(),
            count: 1,
            launch_type: ecs_sim_core::LaunchType::Fargate,
        })
        .unwrap();
        sim.advance_by(ecs_sim_core::Millis::secs(150));
        let h = rows_html(&rows(&sim));
        assert!(h.contains("Runs so far: 2 · next run at"), "{h}");
        assert!(h.contains("1 × batch-job:1 on FARGATE"), "{h}");
    }
}
