//! The availability readout under the cluster: for each service and each standalone group that
//! still wants a task, the share of the time it had every wanted task RUNNING and how many stopped
//! tasks were replaced. The numbers are the core's ([`ecs_sim_core::availability`]); this module
//! only words them. It is a list of text, so it is written as markup from [`rows`] (see
//! [`crate::shared::html`]), not a typed view.

use crate::shared::ctx::Ctx;
use crate::shared::html::esc;
use ecs_sim_core::availability::Tally;
use ecs_sim_core::{script::format_duration, Millis, ServiceStatus, Simulation};
use leptos::prelude::*;

/// Rows shown at most (services first, by name).
const SHOWN: usize = 6;

/// The readout's `<li>` rows, or an empty string when nothing runs yet.
pub fn rows(sim: &Simulation) -> String {
    let now = sim.now();
    let a = sim.availability();
    let services =
        a.services.iter().filter(|(name, _)| sim.services().get(name.as_str()).is_some_and(|s| s.status != ServiceStatus::Inactive));
    let services = services.map(|(name, t)| row("service", &format!("Service {name}"), t, now));
    let standalone = a.standalone.iter().filter(|(_, t)| t.wanted > 0).map(|(group, t)| {
        let family = group.strip_prefix("family:").unwrap_or(group);
        row("standalone", &format!("Standalone {family}"), t, now)
    });
    services.chain(standalone).take(SHOWN).collect()
}

fn row(class: &str, name: &str, t: &Tally, now: Millis) -> String {
    let span = format_duration(Millis(t.span(now).0 / 1000 * 1000));
    let share = t.percent_at_desired(now).map_or("–".to_string(), |p| format!("{p}%"));
    let replaced = match (class, t.replacements) {
        ("standalone", _) if t.unplanned_stops > 0 => "not restarted: nothing replaces a standalone task".to_string(),
        ("standalone", _) => "nothing would restart it".to_string(),
        (_, 1) => "1 replacement".to_string(),
        (_, n) => format!("{n} replacements"),
    };
    let what = if class == "service" { "at its desired count" } else { "running" };
    format!(
        "<li class=\"avail {class}\"><span class=\"avail-name\">{}</span> <strong class=\"avail-share\">{share}</strong> \
         <span class=\"avail-detail\">of {span} {what} ({} of {} running now) · {replaced}</span></li>",
        esc(name),
        t.running,
        t.wanted,
    )
}

/// The readout, under the cluster: the whole section is one string (empty while nothing runs).
#[component]
pub fn AvailabilityReadout() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let html = Memo::new(move |_| {
        let rows = ctx.sim.with(rows);
        if rows.is_empty() {
            return rows;
        }
        format!(
            "<section class=\"availability\" aria-labelledby=\"avail-title\"><h3 id=\"avail-title\" class=\"panel-title\">Availability</h3><ul class=\"avail-rows\">{rows}</ul></section>"
        )
    });
    view! { <div inner_html=move || html.get()></div> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim_core::{demo, Command, TaskStatus};

    #[test]
    fn after_a_kill_of_each_the_service_shows_its_replacement_and_the_worker_stays_down() {
        let mut sim = demo::start(2);
        for service in [true, false] {
            let id =
                sim.tasks().values().find(|t| t.service.is_some() == service && t.last_status == TaskStatus::Running).unwrap().id.clone();
            sim.apply(Command::StopTask { task: id, reason: None }).unwrap();
        }
        sim.advance_by(Millis::mins(4));
        let html = rows(&sim);
        // The service was short while its tasks first started and while the replacement started.
        assert!(html.contains("Service web</span> <strong class=\"avail-share\">8"), "{html}");
        assert!(html.contains("of 5m at its desired count (3 of 3 running now) · 1 replacement"), "{html}");
        // The worker ran for about 50 s of its 5 minutes.
        assert!(html.contains("Standalone worker</span> <strong class=\"avail-share\">1"), "{html}");
        assert!(html.contains("of 5m running (0 of 1 running now) · not restarted: nothing replaces a standalone task"), "{html}");
    }

    #[test]
    fn an_empty_cluster_has_no_readout() {
        assert_eq!(rows(&Simulation::new(Default::default())), "");
    }
}
