//! Service cards: counts, the running-vs-desired sparkline, the deployments with their
//! rolloutState, and the actions a learner tries: scale, deploy a revision, force a new
//! deployment, deploy a broken revision (to watch the circuit breaker), set the simulated CPU
//! load when auto scaling is on, and delete (with a confirm step; DRAINING, then INACTIVE).
//!
//! [`card`] is the pure part; the components only map it to markup and clicks to commands.

use crate::app::Ctx;
use ecs_sim_core::{
    CircuitBreaker, Command, DeploymentConfiguration, DeploymentStatus, Fault, SchedulingStrategy, ServiceStatus, Simulation,
};
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
    revisions.sort_by(|a, b| b.0.cmp(&a.0));
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
        sparkline: crate::view_model::sparkline(&svc.history, s.now().0, running),
        deployments,
        revisions: revisions.into_iter().map(|r| r.1).collect(),
        breaker: svc.deployment_configuration.deployment_circuit_breaker.filter(|b| b.enable).map(|b| b.rollback),
        replica,
        scaling: svc.scaling.as_ref().map(|p| (p.min_capacity, p.max_capacity, p.target_cpu_percent)),
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
            let mut v: Vec<(bool, String)> =
                s.services().values().map(|x| (x.status == ServiceStatus::Inactive, x.name.clone())).collect();
            v.sort();
            v.into_iter().map(|x| x.1).collect::<Vec<_>>()
        })
    });
    view! {
        <section class="panel services" id="services" aria-labelledby="services-title">
            <h2 id="services-title" class="panel-title">{crate::icons::service()}"Services"</h2>
            <Show when=move || names.with(|c| !c.is_empty()) fallback=|| view! {
                <p class="empty">"No services yet. Create one above: it will keep its tasks running."</p>
            }>
                <ul class="cards">
                    <For each=move || names.get() key=|n| n.clone() let:name>
                        <ServiceCard name/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn ServiceCard(name: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let key = name.clone();
    let stored = StoredValue::new(name.clone());
    let data = Memo::new(move |_| ctx.sim.with(|s| card(s, &key)));
    let get = move |f: fn(&Card) -> String| move || data.with(|c| c.as_ref().map(f).unwrap_or_default());
    let status = Memo::new(move |_| data.with(|c| c.as_ref().map_or("INACTIVE", |c| c.status)));
    let active = move || status.get() == "ACTIVE";
    let badge = move || {
        data.with(|c| match c {
            Some(c) if c.status != "ACTIVE" => c.status.to_string(),
            Some(c) if c.steady => "Steady state".into(),
            _ => "Working…".into(),
        })
    };
    view! {
        <li class="card" class:inactive=move || status.get() == "INACTIVE" class:draining=move || status.get() == "DRAINING"
            aria-label=format!("Service {name}")>
            <div class="card-head">
                <h3 class="mono">{name.clone()}</h3>
                <span class="badge" class:ok=move || data.with(|c| c.as_ref().is_some_and(|c| c.steady && c.status == "ACTIVE"))>{badge}</span>
            </div>
            <p class="card-sub">{get(|c| format!("{} · {}", c.task_definition, c.kind))}</p>
            <Show when=move || status.get() != "INACTIVE" fallback=|| view! {
                <p class="card-sub">"Deleted: its tasks have stopped. ECS keeps an INACTIVE service visible for a while; creating one with the same name starts afresh."</p>
            }>
                <dl class="counts">
                    <div><dt>"Desired"</dt><dd>{move || data.with(|c| c.as_ref().map_or(0, |c| c.desired))}</dd></div>
                    <div><dt>"Running"</dt><dd>{move || data.with(|c| c.as_ref().map_or(0, |c| c.running))}</dd></div>
                    <div><dt>"Pending"</dt><dd>{move || data.with(|c| c.as_ref().map_or(0, |c| c.pending))}</dd></div>
                </dl>
                <svg class="spark" viewBox="0 0 1000 240" preserveAspectRatio="none" role="img"
                    aria-label=get(|c| format!("Running {} of {} desired over the last 10 minutes", c.running, c.desired))>
                    <polyline class="want" points=get(|c| c.sparkline.1.clone()) fill="none"/>
                    <polyline class="have" points=get(|c| c.sparkline.0.clone()) fill="none"/>
                </svg>
                <Deployments data name=stored.get_value()/>
                <Show when=active>
                    <Actions data name=stored.get_value()/>
                </Show>
            </Show>
        </li>
    }
}

#[component]
fn Deployments(data: Memo<Option<Card>>, name: String) -> impl IntoView {
    view! {
        <h4 class="sub-title">"Deployments"</h4>
        <ul class="deployments" aria-label=format!("Deployments of {name}")>
            {move || data.with(|c| c.as_ref().map(|c| c.deployments.clone()).unwrap_or_default()).into_iter().map(|d| {
                let rollout = d.rollout;
                view! {
                    <li class="deployment">
                        <span class="dep-status">{d.status}</span>
                        <span class="mono">{d.task_definition}</span>
                        <span class="rollout" class:ok=rollout == "COMPLETED" class:bad=rollout == "FAILED">{rollout}</span>
                        <span class="dep-count">{format!("{} running", d.running)}</span>
                        {(rollout == "FAILED").then(|| view! { <span class="dep-reason">{d.reason}</span> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Actions(data: Memo<Option<Card>>, name: String) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = StoredValue::new(name);
    let n = move || name.get_value();
    let note = RwSignal::new(None::<Result<String, String>>);
    let run = move |cmd: Command, ok: String| note.set(Some(ctx.apply(cmd).map(|_| ok)));
    let desired = data.with_untracked(|c| c.as_ref().map_or(0, |c| c.desired));
    let scale_to = RwSignal::new(desired.to_string());
    let scale_problem = move || crate::forms::count_problem(&scale_to.get(), 0, ecs_sim_core::MAX_DESIRED, "desired count");
    let revision = RwSignal::new(data.with_untracked(|c| c.as_ref().and_then(|c| c.revisions.first().cloned()).unwrap_or_default()));
    let confirm = RwSignal::new(false);
    let demand = RwSignal::new(data.with_untracked(|c| c.as_ref().map_or(0, |c| c.demand)).to_string());
    let replica = move || data.with(|c| c.as_ref().is_some_and(|c| c.replica));
    let family = move || data.with(|c| c.as_ref().map(|c| c.task_definition.split(':').next().unwrap_or_default().to_string()).unwrap_or_default());
    let id = move |what: &str| format!("{what}-{}", n());

    let scale = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if scale_problem().is_none() {
            let to: u32 = scale_to.get_untracked().trim().parse().unwrap_or(0);
            run(Command::scale(&n(), to), format!("Desired count of {} set to {to}.", n()));
        }
    };
    let update = move |_| {
        let td = revision.get_untracked();
        let cmd = Command::UpdateService {
            service: n(),
            desired_count: None,
            task_definition: Some(td.clone()),
            force_new_deployment: false,
            deployment_configuration: None,
        };
        run(cmd, format!("Deploying {td}: watch the new deployment roll out below."));
    };
    let force = move |_| {
        let cmd =
            Command::UpdateService { service: n(), desired_count: None, task_definition: None, force_new_deployment: true, deployment_configuration: None };
        run(cmd, "New deployment started with the same task definition.".into());
    };
    let broken = move |_| {
        let r = ctx.apply(Command::RegisterFaultyRevision { family: family(), fault: Fault::ImagePull }).and_then(|o| {
            let td = o.created.unwrap_or_default();
            // Deploy it with the breaker on (keeping the service's bounds), so it can trip.
            let config = ctx.sim.with_untracked(|s| s.services().get(&n()).map(|x| x.deployment_configuration));
            let config = config.map(|c| DeploymentConfiguration {
                deployment_circuit_breaker: Some(CircuitBreaker { enable: true, rollback: true }),
                ..c
            });
            let cmd = Command::UpdateService {
                service: n(),
                desired_count: None,
                task_definition: Some(td.clone()),
                force_new_deployment: false,
                deployment_configuration: config,
            };
            ctx.apply(cmd).map(|_| td)
        });
        note.set(Some(r.map(|td| {
            format!("Registered {td}, whose image cannot be pulled, and deployed it with the circuit breaker and rollback on. Its tasks will fail to start.")
        })));
    };
    let set_load = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match crate::forms::number_in(&demand.get_untracked(), 0, 100 * ecs_sim_core::MAX_DESIRED, "CPU demand") {
            Ok(v) => run(Command::SetLoad { service: n(), cpu_demand_percent: v }, format!("CPU demand set to {v}% of one task.")),
            Err(e) => note.set(Some(Err(e))),
        }
    };
    let delete = move |_| {
        confirm.set(false);
        run(Command::DeleteService { service: n(), force: true }, format!("Service {} is DRAINING: its tasks stop, then it becomes INACTIVE.", n()));
    };
    view! {
        <div class="card-actions">
            <Show when=replica>
                <form class="inline-form" on:submit=scale novalidate>
                    <label for=id("scale")>"Scale to"</label>
                    <input id=id("scale") type="text" inputmode="numeric" class="num" prop:value=move || scale_to.get()
                        aria-label=format!("Scale {} to", n()) aria-invalid=move || scale_problem().is_some().to_string()
                        aria-describedby=id("scale-err") on:input=move |ev| scale_to.set(event_target_value(&ev))/>
                    <button class="btn small" type="submit" aria-label=format!("Scale {}", n())>"Scale"</button>
                    <p id=id("scale-err") class="field-error" aria-live="polite">{move || scale_problem().unwrap_or_default()}</p>
                </form>
            </Show>
            <div class="inline-form">
                <label for=id("rev")>"Revision"</label>
                <select id=id("rev") aria-label=format!("New revision for {}", n()) on:change=move |ev| revision.set(event_target_value(&ev))>
                    {move || data.with(|c| c.as_ref().map(|c| c.revisions.clone()).unwrap_or_default()).into_iter().map(|r| {
                        let sel = r.clone();
                        view! { <option value=r.clone() selected=move || revision.get() == sel>{r.clone()}</option> }
                    }).collect_view()}
                </select>
                <button type="button" class="btn small" aria-label=format!("Deploy revision to {}", n()) on:click=update>"Deploy"</button>
            </div>
            <div class="row">
                <button type="button" class="btn small" aria-label=format!("Force new deployment of {}", n()) on:click=force>"Force new deployment"</button>
                <button type="button" class="btn small warn" aria-label=format!("Deploy a broken revision to {}", n()) on:click=broken>"Deploy a broken revision"</button>
            </div>
            <Show when=move || data.with(|c| c.as_ref().is_some_and(|c| c.scaling.is_some()))>
                <form class="inline-form" on:submit=set_load novalidate>
                    <label for=id("load")>"CPU demand %"</label>
                    <input id=id("load") type="text" inputmode="numeric" class="num" prop:value=move || demand.get()
                        aria-label=format!("Simulated CPU demand for {}", n()) aria-describedby=id("load-help")
                        on:input=move |ev| demand.set(event_target_value(&ev))/>
                    <button class="btn small" type="submit" aria-label=format!("Set CPU demand for {}", n())>"Set load"</button>
                    <p id=id("load-help") class="help">{move || data.with(|c| c.as_ref().and_then(|c| c.scaling.map(|(lo, hi, t)| format!(
                        "Total demand in % of one task (300 = three tasks busy). Average CPU now {}; target {t}%, {lo} to {hi} tasks.",
                        c.cpu.map_or("n/a".to_string(), |v| format!("{v}%"))))).unwrap_or_default())}</p>
                </form>
            </Show>
            <Show when=move || !confirm.get() fallback=move || view! {
                <div class="confirm" role="group" aria-label=format!("Confirm deleting {}", n())>
                    <p>{move || format!("Delete {}? Its tasks stop and it will not restart them.", n())}</p>
                    <button type="button" class="btn small danger" on:click=delete>{move || format!("Yes, delete {}", n())}</button>
                    <button type="button" class="btn small" on:click=move |_| confirm.set(false)>"Cancel"</button>
                </div>
            }>
                <button type="button" class="btn small danger" aria-label=format!("Delete service {}", n()) on:click=move |_| confirm.set(true)>"Delete"</button>
            </Show>
            <p class="help">{move || match data.with(|c| c.as_ref().and_then(|c| c.breaker)) {
                None => "Circuit breaker: off.",
                Some(true) => "Circuit breaker: on, with rollback.",
                Some(false) => "Circuit breaker: on, no rollback.",
            }}</p>
            <crate::deploy::Result result=note/>
        </div>
    }
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
        })
        .unwrap();
        let c = card(&sim, "web").unwrap();
        assert_eq!(c.revisions, vec!["web:2".to_string(), "web:1".into()]);
        let rows: Vec<(&str, &str, &str)> = c.deployments.iter().map(|d| (d.status, d.task_definition.as_str(), d.rollout)).collect();
        assert_eq!(rows, vec![("PRIMARY", "web:2", "IN_PROGRESS"), ("ACTIVE", "web:1", "COMPLETED")]);
        sim.advance_by(Millis::secs(600));
        let c = card(&sim, "web").unwrap();
        assert_eq!(c.deployments.len(), 1, "{:?}", c.deployments);
        assert_eq!((c.deployments[0].task_definition.as_str(), c.deployments[0].rollout, c.deployments[0].running), ("web:2", "COMPLETED", 2));
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
