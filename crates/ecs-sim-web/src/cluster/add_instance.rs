//! The "Add instance" form above the cluster.

use super::dom::{add, set};
use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use ecs_sim_core::Command;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Launches a new EC2 container instance of a chosen type into a chosen zone. The options come
/// from the core's catalogue and the region (never from visitors) and go in as text.
#[component]
pub(super) fn AddInstance() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let region = ctx.sim.with_untracked(|s| s.config().region.clone());
    let form = NodeRef::<leptos::html::Form>::new();
    crate::shared::html::effect(move || {
        let Some(f) = form.get() else { return };
        let types = instance_type_choices();
        let zones = zone_choices(&region);
        for (sel, options) in [
            ("select[name=type]", types.iter().map(|(v, t)| (*v, t.as_str())).collect::<Vec<_>>()),
            ("select[name=zone]", zones.iter().map(|z| (z.as_str(), z.as_str())).collect()),
        ] {
            if let Some(select) = f.query_selector(sel).ok().flatten() {
                for (value, text) in options {
                    if let Some(o) = add(&select, "option", "", text) {
                        let _ = o.set_attribute("value", value);
                        if value == "m5.large" {
                            let _ = o.set_attribute("selected", "");
                        }
                    }
                }
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(f) = form.get_untracked() else { return };
        let value = |sel: &str| {
            f.query_selector(sel)
                .ok()
                .flatten()
                .and_then(|e| e.dyn_into::<web_sys::HtmlSelectElement>().ok())
                .map(|s| s.value())
                .unwrap_or_default()
        };
        let (t, z) = (value("select[name=type]"), value("select[name=zone]"));
        let result = ctx.apply(Command::AddInstance { instance_type: t.clone(), availability_zone: z.clone() });
        if result.is_ok() {
            ctx.announce.set(format!("Added a {t} container instance in {z}."));
        }
        set(&f, ".field-error", "text", &result.err().unwrap_or_default());
    };
    view! {
        <form node_ref=form class="add-instance" aria-label="Add a container instance" on:submit=handler(submit) inner_html=ADD_INSTANCE></form>
    }
}

/// The add-instance form's fixed markup; its options are added as text by [`AddInstance`].
const ADD_INSTANCE: &str = concat!(
    r#"<label class="field-inline"><span>Instance type</span><select name="type"></select></label>"#,
    r#"<label class="field-inline"><span>Zone</span><select name="zone"></select></label>"#,
    r#"<button type="submit" class="btn small"><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">"#,
    r#"<circle cx="8" cy="8" r="6.3" fill="none" stroke="currentColor" stroke-width="1.4"/><path d="M8 5v6M5 8h6" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>Add instance</button>"#,
    r#"<p class="field-error" role="alert"></p>"#,
);

/// Instance types a visitor can add, with their registered resources, e.g. `m5.large (2048 CPU, 7680 MiB)`.
pub fn instance_type_choices() -> Vec<(&'static str, String)> {
    ecs_sim_core::INSTANCE_TYPES.iter().map(|t| (t.name, format!("{} ({} CPU, {} MiB)", t.name, t.cpu, t.memory))).collect()
}

/// Availability zones the core accepts in this region (`a` to `f`).
pub fn zone_choices(region: &str) -> Vec<String> {
    ('a'..='f').map(|c| format!("{region}{c}")).collect()
}
