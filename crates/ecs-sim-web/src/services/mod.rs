//! Service cards: counts, the running-vs-desired sparkline, the deployments with their
//! rolloutState, and the actions a learner tries: scale, deploy a revision, force a new
//! deployment, deploy a broken revision (to watch the circuit breaker), set the simulated CPU
//! load when auto scaling is on, and delete (with a confirm step; DRAINING, then INACTIVE).
//!
//! [`card`] is the pure part; the components only map it to markup and clicks to commands.

mod sparkline;

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use crate::shared::html::sig;
use ecs_sim_core::{
    rules, CircuitBreaker, Command, DeploymentConfigurationRequest, DeploymentStatus, Fault, Op, SchedulingStrategy, ServiceStatus,
    SimError, Simulation,
};
use leptos::either::Either;
use leptos::prelude::*;

/// One deployment row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeploymentRow {
    /// `ecs-svc/…`.
    pub id: String,
    /// PRIMARY or ACTIVE.
    pub status: &'static str,
    /// `family:revision`.
    pub task_definition: String,
    /// IN_PROGRESS, COMPLETED or FAILED.
    pub rollout: &'static str,
    /// Why.
    pub reason: String,
    /// Its RUNNING tasks.
    pub running: u32,
}

/// Everything one card shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    /// Name.
    pub name: String,
    /// ACTIVE, DRAINING or INACTIVE.
    pub status: &'static str,
    /// Steady and nothing changed since.
    pub steady: bool,
    /// PRIMARY task definition.
    pub task_definition: String,
    /// `EC2 · REPLICA` and the like.
    pub kind: String,
    /// desiredCount.
    pub desired: u32,
    /// runningCount.
    pub running: u32,
    /// pendingCount.
    pub pending: u32,
    /// Sparkline points (running, desired).
    pub sparkline: (String, String),
    /// Deployments, PRIMARY first.
    pub deployments: Vec<DeploymentRow>,
    /// Every revision of the family, newest first.
    pub revisions: Vec<String>,
    /// Circuit breaker: None (off), Some(rollback).
    pub breaker: Option<bool>,
    /// REPLICA (DAEMON cannot be scaled by hand).
    pub replica: bool,
    /// Auto scaling: (min, max, target CPU %).
    pub scaling: Option<(u32, u32, u32)>,
    /// Average CPU of running tasks, %.
    pub cpu: Option<u32>,
    /// Simulated total CPU demand, % of one task.
    pub demand: u32,
}

/// The card of one service, or `None` if there is no such service.
pub fn card(s: &Simulation, name: &str) -> Option<Card> {
    let svc = s.services().get(name)?;
    let (running, pending) = s.service_counts(name);
    let family = svc.task_definition.split(':').next().unwrap_or_default();
    let mut revisions: Vec<(u32, String)> =
        s.task_definitions().values().filter(|d| d.family == family).map(|d| (d.revision, d.name())).collect();
    ecs_sim_core::script::sort_by(&mut revisions, &|a, b| b.0.cmp(&a.0));
    let deployments = svc
        .deployments
        .iter()
        .filter(|d| d.status != DeploymentStatus::Inactive)
        .map(|d| DeploymentRow {
            id: d.id.clone(),
            status: if d.status == DeploymentStatus::Primary { "PRIMARY" } else { "ACTIVE" },
            task_definition: d.task_definition.clone(),
            rollout: d.rollout_state.as_str(),
            reason: d.rollout_state_reason.clone(),
            running: s
                .service_tasks(name)
                .filter(|t| t.started_by.as_deref() == Some(d.id.as_str()) && t.last_status == ecs_sim_core::TaskStatus::Running)
                .count() as u32,
        })
        .collect();
    let replica = svc.scheduling_strategy == SchedulingStrategy::Replica;
    Some(Card {
        name: svc.name.clone(),
        status: match svc.status {
            ServiceStatus::Active => "ACTIVE",
            ServiceStatus::Draining => "DRAINING",
            ServiceStatus::Inactive => "INACTIVE",
        },
        steady: svc.steady,
        task_definition: svc.task_definition.clone(),
        kind: format!("{} · {}", svc.launch_type.as_str(), if replica { "REPLICA" } else { "DAEMON" }),
        desired: svc.desired_count,
        running,
        pending,
        sparkline: sparkline::sparkline(&svc.history, s.now().0, running),
        deployments,
        revisions: revisions.into_iter().map(|r| r.1).collect(),
        breaker: svc.deployment_configuration.deployment_circuit_breaker.filter(|b| b.enable).map(|b| b.rollback),
        replica,
        scaling: svc.scaling.as_ref().map(|p| (p.min_capacity, p.max_capacity, p.target_value)),
        cpu: s.service_cpu(name),
        demand: svc.cpu_demand_percent,
    })
}

/// One card per service, ACTIVE and DRAINING first, then INACTIVE (deleted) ones.
#[component]
pub fn ServiceList() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let names = Memo::new(move |_| {
        ctx.sim.with(|s| {
            let mut v: Vec<(bool, String)> = s.services().values().map(|x| (x.status == ServiceStatus::Inactive, x.name.clone())).collect();
            ecs_sim_core::script::sort_by(&mut v, &|a, b| a.cmp(b));
            v.into_iter().map(|x| x.1).collect::<Vec<_>>()
        })
    });
    // What `<Show fallback=…>` does, without its type-erased fallback.
    let any = Memo::new(move |_| names.with(|c| !c.is_empty()));
    view! {
        <section class="panel services" id="services" aria-labelledby="services-title">
            <h2 id="services-title" class="panel-title">{crate::shared::icons::service()}"Services"</h2>
            {move || if any.get() {
                Either::Left(view! {
                    <ul class="cards">
                        <For each=move || names.get() key=|n| n.clone() let:name>
                            <ServiceCard name/>
                        </For>
                    </ul>
                })
            } else {
                Either::Right(view! { <p class="empty">"No services yet. Create one above: it will keep its tasks running."</p> })
            }}
        </section>
    }
}

/// The card's display part as markup (everything from data is escaped).
pub fn card_html(c: &Card) -> String {
    use crate::shared::html::esc;
    let badge = match (c.status, c.steady) {
        ("ACTIVE", true) => "<span class=\"badge ok\">Steady state</span>".to_string(),
        ("ACTIVE", false) => "<span class=\"badge\">Working…</span>".to_string(),
        (s, _) => format!("<span class=\"badge\">{s}</span>"),
    };
    let mut h = format!(
        "<div class=\"card-head\"><h3 class=\"mono\">{}</h3>{badge}</div><p class=\"card-sub\">{} · {}</p>",
        esc(&c.name),
        esc(&c.task_definition),
        c.kind
    );
    if c.status == "INACTIVE" {
        h.push_str("<p class=\"card-sub\">Deleted: its tasks have stopped. ECS keeps an INACTIVE service visible for a while; a new service may reuse the name.</p>");
        return h;
    }
    h.push_str(&format!(
        "<dl class=\"counts\"><div><dt>Desired</dt><dd>{}</dd></div><div><dt>Running</dt><dd>{}</dd></div><div><dt>Pending</dt><dd>{}</dd></div></dl>\
         <svg class=\"spark\" viewBox=\"0 0 1000 240\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"Running {} of {} desired over the last 10 minutes\">\
         <polyline class=\"want\" points=\"{}\" fill=\"none\"/><polyline class=\"have\" points=\"{}\" fill=\"none\"/></svg>",
        c.desired, c.running, c.pending, c.running, c.desired, c.sparkline.1, c.sparkline.0
    ));
    h.push_str(&format!(
        "<h4 class=\"sub-title\">Deployments</h4><ul class=\"deployments\" aria-label=\"Deployments of {}\">",
        esc(&c.name)
    ));
    for d in &c.deployments {
        let cls = match d.rollout {
            "COMPLETED" => " ok",
            "FAILED" => " bad",
            _ => "",
        };
        h.push_str(&format!(
            "<li class=\"deployment\"><span class=\"dep-status\">{}</span><span class=\"mono\">{}</span><span class=\"rollout{cls}\">{}</span><span class=\"dep-count\">{} running</span>",
            d.status,
            esc(&d.task_definition),
            d.rollout,
            d.running
        ));
        if d.rollout == "FAILED" {
            h.push_str(&format!("<span class=\"dep-reason\">{}</span>", esc(&d.reason)));
        }
        h.push_str("</li>");
    }
    h.push_str("</ul>");
    h
}

/// What the action buttons depend on (changes rarely, so typing in them is not disturbed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionState {
    name: String,
    replica: bool,
    revisions: Vec<String>,
    scaling: Option<(u32, u32, u32)>,
    breaker: Option<bool>,
    confirm: bool,
}

/// The action controls as markup. `scale`, `revision` and `demand` are the texts as typed.
pub fn actions_html(a: &ActionState, scale: &str, revision: &str, demand: &str) -> String {
    use crate::shared::html::esc;
    let n = esc(&a.name);
    let mut h = String::new();
    if a.replica {
        h.push_str(&format!(
            "<form class=\"inline-form\" data-form=\"scale\"><label for=\"scale-{n}\">Scale to</label>\
             <input id=\"scale-{n}\" data-field=\"scale\" type=\"text\" inputmode=\"numeric\" class=\"num\" value=\"{}\" aria-label=\"Scale {n} to\" aria-describedby=\"scale-{n}-err\">\
             <button class=\"btn small\" type=\"submit\" data-act=\"scale\" aria-label=\"Scale {n}\">Scale</button></form>",
            esc(scale)
        ));
    }
    let revs: Vec<(String, String)> = a.revisions.iter().map(|r| (r.clone(), r.clone())).collect();
    h.push_str(&format!(
        "<div class=\"inline-form\"><label for=\"rev-{n}\">Revision</label><select id=\"rev-{n}\" data-field=\"revision\" aria-label=\"New revision for {n}\">{}</select>\
         <button type=\"button\" class=\"btn small\" data-act=\"deploy\" aria-label=\"Deploy revision to {n}\">Deploy</button></div>\
         <div class=\"row\"><button type=\"button\" class=\"btn small\" data-act=\"force\" aria-label=\"Force new deployment of {n}\">Force new deployment</button>\
         <button type=\"button\" class=\"btn small warn\" data-act=\"broken\" aria-label=\"Deploy a broken revision to {n}\">Deploy a broken revision</button></div>",
        crate::shared::html::options(&revs, revision)
    ));
    if let Some((lo, hi, target)) = a.scaling {
        h.push_str(&format!(
            "<form class=\"inline-form\" data-form=\"load\"><label for=\"load-{n}\">CPU demand %</label>\
             <input id=\"load-{n}\" data-field=\"demand\" type=\"text\" inputmode=\"numeric\" class=\"num\" value=\"{}\" aria-label=\"Simulated CPU demand for {n}\" aria-describedby=\"load-{n}-help\">\
             <button class=\"btn small\" type=\"submit\" data-act=\"load\" aria-label=\"Set CPU demand for {n}\">Set load</button>\
             <p id=\"load-{n}-help\" class=\"help\">Total demand in % of one task (300 = three tasks busy). Auto scaling keeps average CPU near {target}% with {lo} to {hi} tasks.</p></form>",
            esc(demand)
        ));
    }
    if a.confirm {
        h.push_str(&format!(
            "<div class=\"confirm\" role=\"group\" aria-label=\"Confirm deleting {n}\"><p>Delete {n}? Its tasks stop and nothing restarts them.</p>\
             <button type=\"button\" class=\"btn small danger\" data-act=\"delete\">Yes, delete {n}</button><button type=\"button\" class=\"btn small\" data-act=\"cancel\">Cancel</button></div>"
        ));
    } else {
        h.push_str(&format!(
            "<button type=\"button\" class=\"btn small danger\" data-act=\"confirm\" aria-label=\"Delete service {n}\">Delete</button>"
        ));
    }
    h.push_str(match a.breaker {
        None => "<p class=\"help\">Circuit breaker: off.</p>",
        Some(true) => "<p class=\"help\">Circuit breaker: on, with rollback.</p>",
        Some(false) => "<p class=\"help\">Circuit breaker: on, no rollback.</p>",
    });
    h
}

#[component]
fn ServiceCard(name: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let key = name.clone();
    let data = Memo::new(move |_| ctx.sim.with(|s| card(s, &key)));
    let display = move || data.with(|c| c.as_ref().map(card_html).unwrap_or_default());
    let status = Memo::new(move |_| data.with(|c| c.as_ref().map_or("INACTIVE", |c| c.status)));
    let name = StoredValue::new(name);
    let n = move || name.get_value();
    let confirm = RwSignal::new(false);
    let scale = RwSignal::new(data.with_untracked(|c| c.as_ref().map_or(0, |c| c.desired)).to_string());
    let revision = RwSignal::new(data.with_untracked(|c| c.as_ref().and_then(|c| c.revisions.first().cloned()).unwrap_or_default()));
    let demand = RwSignal::new(data.with_untracked(|c| c.as_ref().map_or(0, |c| c.demand)).to_string());
    let typed = RwSignal::new(false);
    let state = Memo::new(move |_| {
        data.with(|c| {
            c.as_ref().filter(|c| c.status == "ACTIVE").map(|c| ActionState {
                name: c.name.clone(),
                replica: c.replica,
                revisions: c.revisions.clone(),
                scaling: c.scaling,
                breaker: c.breaker,
                confirm: confirm.get(),
            })
        })
    });
    // Until the visitor types in it, the scale box follows the desired count (auto scaling moves it).
    crate::shared::html::effect(move || {
        let d = data.with(|c| c.as_ref().map(|c| c.desired));
        if let (Some(d), false) = (d, typed.get_untracked()) {
            scale.set(d.to_string());
            crate::shared::html::set_value(&format!("scale-{}", n()), &d.to_string());
        }
    });
    let actions = move || {
        state.with(|a| {
            a.as_ref()
                .map(|a| actions_html(a, &scale.get_untracked(), &revision.get_untracked(), &demand.get_untracked()))
                .unwrap_or_default()
        })
    };
    let problem = RwSignal::new(None::<String>);
    let note = RwSignal::new(None::<Result<String, String>>);
    let run = move |cmd: Command, ok: String| note.set(Some(ctx.apply(cmd).map(|_| ok)));
    let act = move |what: &str| match what {
        "scale" => match desired(&scale.get_untracked()) {
            Ok(to) => {
                typed.set(false);
                run(Command::scale(&n(), to), format!("Desired count of {} set to {to}.", n()));
            }
            Err(e) => problem.set(Some(e.message())),
        },
        "deploy" => {
            let td = revision.get_untracked();
            let cmd = Command::UpdateService {
                service: n(),
                desired_count: None,
                task_definition: Some(td.clone()),
                force_new_deployment: false,
                deployment_configuration: None,
                availability_zone_rebalancing: None,
                capacity_provider_strategy: None,
            };
            run(cmd, format!("Deploying {td}: watch the new deployment roll out above."));
        }
        "force" => {
            let cmd = Command::UpdateService {
                service: n(),
                desired_count: None,
                task_definition: None,
                force_new_deployment: true,
                deployment_configuration: None,
                availability_zone_rebalancing: None,
                capacity_provider_strategy: None,
            };
            run(cmd, "New deployment started with the same task definition.".into());
        }
        "broken" => deploy_broken(ctx, &n(), note),
        "load" => match rules::whole_number(Op::PutScalingPolicy, "cpuDemandPercent", &demand.get_untracked()) {
            Ok(v) => run(
                Command::SetLoad { service: n(), cpu_demand_percent: v, memory_demand_percent: None, requests_per_minute: None },
                format!("CPU demand set to {v}% of one task."),
            ),
            Err(e) => note.set(Some(Err(e.message()))),
        },
        "confirm" => confirm.set(true),
        "cancel" => confirm.set(false),
        "delete" => {
            confirm.set(false);
            run(
                Command::DeleteService { service: n(), force: true },
                format!("Service {} is DRAINING: its tasks stop, then it becomes INACTIVE.", n()),
            );
        }
        _ => {}
    };
    let on_input = move |ev: leptos::ev::Event| {
        let Some(el) = crate::shared::html::target(&ev) else { return };
        let v = event_target_value(&ev);
        match el.get_attribute("data-field").as_deref() {
            Some("scale") => {
                let p = desired(&v).err().map(|e| e.message());
                crate::shared::html::mark(&el, p.is_some());
                problem.set(p);
                scale.set(v);
                typed.set(true);
            }
            Some("revision") => revision.set(v),
            Some("demand") => demand.set(v),
            _ => {}
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(form) = crate::shared::html::target(&ev) {
            act(&form.get_attribute("data-form").unwrap_or_default());
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| {
        if let Some((what, _)) = crate::shared::html::action(&ev) {
            if what != "scale" && what != "load" {
                act(&what);
            }
        }
    };
    view! {
        <li class="card" class:inactive=sig(move || status.get() == "INACTIVE") class:draining=sig(move || status.get() == "DRAINING")
            aria-label=format!("Service {}", n())>
            <div inner_html=sig(display)></div>
            <div class="card-actions" hidden=sig(move || state.with(Option::is_none)) inner_html=sig(actions)
                on:click=handler(on_click) on:input=handler(on_input) on:change=handler(on_input) on:submit=handler(on_submit)></div>
            <p id=format!("scale-{}-err", n()) class="field-error" aria-live="polite">{sig(move || problem.get().unwrap_or_default())}</p>
            <crate::shared::result_line::Result result=note/>
        </li>
    }
}

/// Registers a copy of the family's latest revision whose image cannot be pulled and deploys it
/// with the circuit breaker and rollback on (keeping the service's bounds), so it can trip.
/// A desired count as typed into a card, checked with the core's rule.
fn desired(text: &str) -> Result<u32, SimError> {
    crate::deploy::forms::number(Op::UpdateService, "desiredCount", text, |n| rules::desired_count(Op::UpdateService, n))
}

fn deploy_broken(ctx: Ctx, name: &str, note: RwSignal<Option<Result<String, String>>>) {
    let family =
        ctx.sim.with_untracked(|s| s.services().get(name).map(|x| x.task_definition.split(':').next().unwrap_or_default().to_string()));
    let r = ctx.apply(Command::RegisterFaultyRevision { family: family.unwrap_or_default(), fault: Fault::ImagePull }).and_then(|o| {
        let td = o.created.unwrap_or_default();
        // Only the breaker is named: update-service keeps the service's bounds.
        let config = DeploymentConfigurationRequest {
            deployment_circuit_breaker: Some(CircuitBreaker { enable: true, rollback: true, reset_on_healthy_task: true }),
            ..Default::default()
        };
        let cmd = Command::UpdateService {
            service: name.to_string(),
            desired_count: None,
            task_definition: Some(td.clone()),
            force_new_deployment: false,
            deployment_configuration: Some(config),
            availability_zone_rebalancing: None,
            capacity_provider_strategy: None,
        };
        ctx.apply(cmd).map(|_| td)
    });
    note.set(Some(r.map(|td| {
        format!("Registered {td}, whose image cannot be pulled, and deployed it with the circuit breaker and rollback on. Its tasks will fail to start.")
    })));
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim_core::{LaunchType, Millis, SimConfig};

    #[test]
    fn a_new_revision_rolls_out_and_the_card_shows_both_deployments() {
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(Command::create_service("web", "web:1", 2, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(120));
        let c = card(&sim, "web").unwrap();
        assert_eq!((c.desired, c.running, c.deployments[0].rollout), (2, 2, "COMPLETED"));
        sim.apply(Command::RegisterTaskDefinition { json: ecs_sim_core::task_definition_json(&sim.task_definitions()["web:1"]) }).unwrap();
        sim.apply(Command::UpdateService {
            service: "web".into(),
            desired_count: None,
            task_definition: Some("web:2".into()),
            force_new_deployment: false,
            deployment_configuration: None,
            availability_zone_rebalancing: None,
            capacity_provider_strategy: None,
        })
        .unwrap();
        let c = card(&sim, "web").unwrap();
        assert_eq!(c.revisions, vec!["web:2".to_string(), "web:1".into()]);
        let rows: Vec<(&str, &str, &str)> = c.deployments.iter().map(|d| (d.status, d.task_definition.as_str(), d.rollout)).collect();
        assert_eq!(rows, vec![("PRIMARY", "web:2", "IN_PROGRESS"), ("ACTIVE", "web:1", "COMPLETED")]);
        sim.advance_by(Millis::secs(600));
        let c = card(&sim, "web").unwrap();
        assert_eq!(c.deployments.len(), 1, "{:?}", c.deployments);
        assert_eq!(
            (c.deployments[0].task_definition.as_str(), c.deployments[0].rollout, c.deployments[0].running),
            ("web:2", "COMPLETED", 2)
        );
    }

    #[test]
    fn markup_escapes_and_lists_the_deployments() {
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(Command::create_service("web", "web:1", 2, LaunchType::Ec2)).unwrap();
        let mut c = card(&sim, "web").unwrap();
        c.name = "<b>".into();
        let h = card_html(&c);
        assert!(h.contains("<h3 class=\"mono\">&lt;b&gt;</h3>") && !h.contains("<b>"), "{h}");
        assert!(
            h.contains(
                "<span class=\"dep-status\">PRIMARY</span><span class=\"mono\">web:1</span><span class=\"rollout\">IN_PROGRESS</span>"
            ),
            "{h}"
        );
        let a = ActionState {
            name: "<b>".into(),
            replica: true,
            revisions: vec!["web:1".into()],
            scaling: Some((1, 4, 50)),
            breaker: None,
            confirm: true,
        };
        let h = actions_html(&a, "\"><script>", "web:1", "0");
        assert!(!h.contains("<script>") && !h.contains("<b>"), "{h}");
        assert!(h.contains("Yes, delete &lt;b&gt;") && h.contains("CPU demand %"), "{h}");
    }

    #[test]
    fn deleting_shows_draining_then_inactive() {
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(Command::create_service("web", "web:1", 1, LaunchType::Ec2)).unwrap();
        sim.advance_by(Millis::secs(60));
        sim.apply(Command::DeleteService { service: "web".into(), force: true }).unwrap();
        assert_eq!(card(&sim, "web").unwrap().status, "DRAINING");
        sim.advance_by(Millis::secs(300));
        assert_eq!(card(&sim, "web").unwrap().status, "INACTIVE");
    }
}
