//! Service cards: desired / running / pending, a sparkline, and scale / delete actions.

use crate::app::Ctx;
use crate::view_model::{self, ServiceCard};
use ecs_sim_core::Command;
use leptos::prelude::*;

/// One card per service that is not INACTIVE.
#[component]
pub fn ServiceList() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let cards = Memo::new(move |_| ctx.sim.with(view_model::service_cards));
    view! {
        <section class="panel services" aria-labelledby="services-title">
            <h2 id="services-title" class="panel-title">{crate::icons::service()}"Services"</h2>
            <Show when=move || cards.with(|c| !c.is_empty()) fallback=|| view! {
                <p class="empty">"No services yet. Create one above: it will keep its tasks running."</p>
            }>
                <ul class="cards">
                    <For each=move || cards.get() key=|c| c.clone() let:card>
                        <Card card/>
                    </For>
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn Card(card: ServiceCard) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let name = card.name.clone();
    let scale = {
        let name = name.clone();
        move |delta: i64| {
            let n = (i64::from(card.desired) + delta).clamp(0, i64::from(ecs_sim_core::MAX_DESIRED)) as u32;
            let _ = ctx.apply(Command::scale(&name, n));
        }
    };
    let scale_down = scale.clone();
    let delete = {
        let name = name.clone();
        move |_| {
            let _ = ctx.apply(Command::DeleteService { service: name.clone(), force: true });
        }
    };
    let active = card.status == "ACTIVE";
    let state = if !active {
        "Draining".to_string()
    } else if card.steady {
        "Steady state".to_string()
    } else {
        "Working…".to_string()
    };
    view! {
        <li class="card" aria-label=format!("Service {}", card.name)>
            <div class="card-head">
                <h3 class="mono">{card.name.clone()}</h3>
                <span class="badge" class:ok=card.steady>{state}</span>
            </div>
            <p class="card-sub">{format!("{} · {}", card.task_definition, card.launch_type)}</p>
            <dl class="counts">
                <div><dt>"Desired"</dt><dd>{card.desired}</dd></div>
                <div><dt>"Running"</dt><dd>{card.running}</dd></div>
                <div><dt>"Pending"</dt><dd>{card.pending}</dd></div>
            </dl>
            <svg class="spark" viewBox="0 0 1000 240" preserveAspectRatio="none" role="img"
                aria-label=format!("Running {} of {} desired over the last 10 minutes", card.running, card.desired)>
                <polyline class="want" points=card.sparkline.1.clone() fill="none"/>
                <polyline class="have" points=card.sparkline.0.clone() fill="none"/>
            </svg>
            <div class="card-actions">
                <button class="btn small" disabled=!active aria-label=format!("Scale {name} down by one") on:click=move |_| scale_down(-1)>"−1"</button>
                <button class="btn small" disabled=!active aria-label=format!("Scale {name} up by one") on:click=move |_| scale(1)>"+1"</button>
                <button class="btn small danger" disabled=!active aria-label=format!("Delete service {name}") on:click=delete>"Delete"</button>
            </div>
        </li>
    }
}
