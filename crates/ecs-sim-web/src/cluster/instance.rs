//! One container instance: rendered once from fixed markup, then repainted in place by a single
//! effect that follows the instance's memo (only the few attributes that change are written).

use super::dom::{set, toggle};
use super::tiles::Tiles;
use super::view_model::{ClusterVm, InstanceView};
use ecs_sim_core::InstanceStatus;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

/// Tenths of a percent, in integers (float formatting costs page weight).
fn permille((used, total): (u32, u32)) -> u32 {
    if total == 0 {
        0
    } else {
        (u64::from(used) * 1000 / u64::from(total)) as u32
    }
}

/// An instance's fixed markup (a compile-time constant: ids and names go in as text).
const INSTANCE: &str = concat!(
    r#"<header class="instance-head"><span class="instance-icon"><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">"#,
    r#"<path d="M3 2.5h10a1 1 0 0 1 1 1V6a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V3.5a1 1 0 0 1 1-1zM3 9h10a1 1 0 0 1 1 1v2.5a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V10a1 1 0 0 1 1-1zM4.6 4.7v.1M4.6 11.2v.1" fill="none" stroke="currentColor" stroke-width="1.4" stroke-linecap="round"/></svg></span>"#,
    r#"<span class="mono instance-id"></span><span class="instance-type"></span></header>"#,
    r#"<div class="instance-bar"><span class="status-badge"></span><span class="instance-actions">"#,
    r#"<button class="btn tiny drain" data-act="drain"><span>Drain</span></button>"#,
    r#"<button class="btn tiny danger terminate" data-act="terminate" title="The EC2 instance goes away: every task on it stops">"#,
    r#"<svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4 4l8 8M12 4l-8 8" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round"/></svg>Terminate</button></span></div>"#,
    r#"<div class="meters">"#,
    r#"<div class="meter cpu"><span class="meter-label">CPU</span><span class="bar" role="meter" aria-label="CPU" aria-valuemin="0" aria-valuemax="100"><span class="fill"></span></span><span class="meter-text"></span></div>"#,
    r#"<div class="meter mem"><span class="meter-label">Memory</span><span class="bar" role="meter" aria-label="Memory" aria-valuemin="0" aria-valuemax="100"><span class="fill"></span></span><span class="meter-text"></span></div>"#,
    r#"</div><p class="empty">No tasks</p>"#,
);

/// Writes an instance's changing parts into its element; on the first call also its fixed ones.
fn paint_instance(root: &Element, top: &Element, i: &InstanceView, first: bool) {
    if first {
        top.set_inner_html(INSTANCE);
        let _ = root.set_attribute("data-instance", &i.ec2);
        let _ = root.set_attribute("aria-label", &format!("Container instance {}", i.ec2));
        set(top, ".instance-id", "text", &i.ec2);
        set(top, ".instance-type", "text", &i.instance_type);
        set(top, ".terminate", "aria-label", &format!("Terminate instance {}", i.ec2));
    }
    let status = i.status_text();
    set(root, "", "class", &format!("instance {}", status.to_ascii_lowercase()));
    set(top, ".status-badge", "class", &format!("status-badge {}", status.to_ascii_lowercase()));
    set(top, ".status-badge", "text", status);
    let draining = i.status == InstanceStatus::Draining;
    let verb = if draining { "Activate" } else { "Drain" };
    set(top, ".drain", "aria-label", &format!("{verb} instance {}", i.ec2));
    set(top, ".drain span", "text", verb);
    set(top, ".drain", "title", if draining { "Take new tasks again" } else { "Stop placing tasks here and move service tasks elsewhere" });
    let gone = i.status == InstanceStatus::Inactive;
    toggle(top, ".drain", "disabled", gone);
    toggle(top, ".terminate", "disabled", gone);
    toggle(top, ".empty", "hidden", !i.tiles.is_empty());
    // Off screen an instance is not rendered (`content-visibility: auto`); until it has been, its
    // height is guessed from its task count (two tiles a row, in tenths of a rem), so the first
    // render of a big cluster styles and lays out only the instances in view.
    if let Some(el) = root.dyn_ref::<web_sys::HtmlElement>() {
        let tenths = 70 + 43 * i.tiles.len().div_ceil(2);
        let _ = el.style().set_property("contain-intrinsic-height", &format!("auto {}.{}rem", tenths / 10, tenths % 10));
    }
    for (sel, v, text) in
        [(".cpu", i.cpu, format!("{} / {} units", i.cpu.0, i.cpu.1)), (".mem", i.memory, format!("{} / {} MiB", i.memory.0, i.memory.1))]
    {
        let p = permille(v);
        // Through the CSSOM, not a style attribute: a strict CSP (`style-src 'self'`) allows only this.
        if let Some(fill) =
            top.query_selector(&format!("{sel} .fill")).ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = fill.style().set_property("width", &format!("{}.{}%", p / 10, p % 10));
        }
        set(top, &format!("{sel} .bar"), "aria-valuenow", &(p / 10).to_string());
        set(top, &format!("{sel} .bar"), "aria-valuetext", &text);
        set(top, &format!("{sel} .meter-text"), "text", &text);
    }
}

/// One container instance: its header, status and actions, meters, then its tiles. Its buttons
/// are handled by [`on_cluster_click`](super::on_cluster_click).
#[component]
pub(super) fn Instance(vm: Memo<ClusterVm>, id: String) -> impl IntoView {
    let inst = Memo::new(move |_| vm.with(|v| v.zones.iter().flat_map(|z| z.instances.iter()).find(|i| i.id == id).cloned()));
    let root = NodeRef::<leptos::html::Article>::new();
    let top = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |painted: Option<bool>| {
        let (el, t) = (root.get(), top.get());
        inst.with(|i| match (el, t, i) {
            (Some(el), Some(t), Some(i)) => {
                paint_instance(&el, &t, i, painted != Some(true));
                true
            }
            _ => painted == Some(true),
        })
    });
    let ids = Signal::derive(move || inst.with(|i| i.as_ref().map(|i| i.tiles.clone()).unwrap_or_default()));
    view! {
        <article node_ref=root class="instance">
            <div node_ref=top></div>
            <Tiles vm ids/>
        </article>
    }
}
