//! The time slider: the run in virtual time, with marks at kills, deployments and failures.
//! Dragging it back shows the cluster and the event log as they were (the core replays the seed
//! and the commands up to that moment, [`Simulation::rewound_to`]); "Continue from here" forks
//! the run there, "Back to now" returns to it. RaftScope's slider and its fork are the model.
//!
//! While an earlier moment is shown, [`Ctx::live`] keeps the run aside and time stands still.
//! Anything that changes the shown run (a kill, Play) continues from that moment: what came
//! after is dropped, as a fork does.

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use ecs_sim_core::script::EventRecord;
use ecs_sim_core::timeline::{marks, Mark};
use ecs_sim_core::{Millis, Simulation};
use leptos::prelude::*;

/// Marks drawn at most (the latest).
const MARKS_SHOWN: usize = 200;

/// Shows the run as it was at `t`, keeping the run aside (the first time: moved, not copied)
/// and pausing.
fn travel_to(ctx: Ctx, t: Millis) {
    let kept = ctx.live.with_untracked(Option::is_some);
    let then = if kept {
        ctx.live.with_untracked(|l| l.as_ref().map(|live| live.rewound_to(t)))
    } else {
        ctx.sim.with_untracked(|s| Some(s.rewound_to(t)))
    };
    match then {
        Some(Ok(mut sim)) => {
            // Its events are the past's, already recorded once: not news for the checks.
            sim.drain_events();
            if kept {
                ctx.sim.set(sim);
            } else {
                ctx.playing.set(false);
                let live = ctx.sim.try_update(|s| std::mem::replace(s, sim));
                ctx.live.set(live);
            }
        }
        Some(Err(e)) => ctx.announce.set(format!("The run could not be rewound: {e}.")),
        None => {}
    }
}

/// Returns to the run kept aside.
fn back_to_now(ctx: Ctx) {
    if let Some(live) = ctx.live.try_update(Option::take).flatten() {
        ctx.sim.set(live);
        ctx.announce.set("Back to now.".into());
    }
}

/// Makes the moment shown the run: what came after it is dropped.
fn continue_from_here(ctx: Ctx) {
    if ctx.live.try_update(Option::take).flatten().is_some() {
        let mut record = EventRecord::new();
        ctx.sim.with_untracked(|s| record.extend(s.events().iter().cloned()));
        ctx.events.set_value(record);
        ctx.announce.set(ctx.sim.with_untracked(|s| format!("The run goes on from {}; what came after was dropped.", s.now())));
    }
}

fn secs(t: Millis) -> u64 {
    t.0 / 1000
}

/// The slider's fixed markup (a typed view of it costs about 15 KB of wasm; see
/// [`crate::shared::html`]). [`paint`] keeps it in step with the run.
const SKELETON: &str = concat!(
    r#"<p class="time-head"><label for="time-range">Time travel</label><span class="hint"> drag back to see the run as it was</span></p>"#,
    r#"<div class="time-track"><input type="range" id="time-range" class="time-range" min="0" max="0" step="1" value="0">"#,
    r#"<ol class="marks" aria-label="Marks on the timeline"></ol></div>"#,
    r#"<p class="travel" role="status" hidden><span></span>"#,
    r#"<button type="button" class="btn small primary" data-act="fork">Continue from here</button>"#,
    r#"<button type="button" class="btn small" data-act="now">Back to now</button></p>"#,
);

/// The marks' markup: a kill, a deployment or a failure, each with its time for screen readers
/// and its second in `data-at` (placed along the track by [`paint`]).
fn marks_html(marks: &[Mark]) -> String {
    marks
        .iter()
        .map(|m| {
            format!(
                r#"<li class="mark {w}" data-at="{s}"><span class="sr-only">{w} at {at}</span></li>"#,
                w = m.kind.word(),
                s = secs(m.at),
                at = m.at
            )
        })
        .collect()
}

/// Puts the slider at `shown` of `end` (whole seconds), the marks along it, and the way on while
/// an earlier moment is shown.
fn paint(root: &web_sys::Element, shown: u64, end: u64, past: bool, marks: Option<&[Mark]>) {
    use wasm_bindgen::JsCast;
    let find = |sel: &str| root.query_selector(sel).ok().flatten();
    if let Some(input) = find("input").and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        input.set_max(&end.to_string());
        input.set_value(&shown.to_string());
        let _ = input.set_attribute("aria-valuetext", &format!("{} of {}", Millis::secs(shown), Millis::secs(end)));
    }
    let list = find(".marks");
    if let (Some(list), Some(marks)) = (&list, marks) {
        list.set_inner_html(&marks_html(marks));
    }
    if let Some(list) = list.and_then(|l| l.dyn_into::<web_sys::HtmlElement>().ok()) {
        // Each mark sits at `--at` of `--end` (style.css): one write per step of the clock,
        // however many marks; their own `--at` is written only when they are drawn.
        if marks.is_some() {
            let items = list.children();
            for i in 0..items.length() {
                if let Some(li) = items.item(i).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = li.style().set_property("--at", &li.get_attribute("data-at").unwrap_or_default());
                }
            }
        }
        let _ = list.style().set_property("--end", &end.max(1).to_string());
    }
    if let Some(p) = find(".travel") {
        if past {
            let _ = p.remove_attribute("hidden");
        } else {
            let _ = p.set_attribute("hidden", "");
        }
        if let Some(span) = find(".travel span") {
            span.set_text_content(Some(&format!("Showing {} of a run at {}.", Millis::secs(shown), Millis::secs(end))));
        }
    }
}

/// The slider, its marks, and while an earlier moment is shown, the way on.
#[component]
pub fn TimeSlider() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let end = move || ctx.live.with(|l| l.as_ref().map(Simulation::now)).unwrap_or_else(|| ctx.sim.with(Simulation::now));
    // Play, or a command that is not part of the run kept aside, continues from the moment shown.
    crate::shared::html::effect(move || {
        let playing = ctx.playing.get();
        let diverged = ctx.sim.with(|s| ctx.live.with_untracked(|l| l.as_ref().is_some_and(|live| !s.is_earlier_moment_of(live))));
        if (playing || diverged) && ctx.live.with_untracked(Option::is_some) {
            continue_from_here(ctx);
        }
    });
    let root = NodeRef::<leptos::html::Div>::new();
    let painted = StoredValue::new(None::<(usize, Option<u64>)>);
    crate::shared::html::effect(move || {
        let (shown, end, past) = (secs(ctx.sim.with(Simulation::now)), secs(end()), ctx.live.with(Option::is_some));
        let Some(el) = root.get() else { return };
        // The marks change with the log; their positions with every step of the clock.
        let version = ctx.with_run(|s| (s.command_log().len(), s.events().back().map(|e| e.id)));
        let fresh = (painted.get_value() != Some(version)).then(|| {
            painted.set_value(Some(version));
            let mut m = ctx.with_run(marks);
            m.drain(..m.len().saturating_sub(MARKS_SHOWN));
            m
        });
        paint(&el, shown, end, past, fresh.as_deref());
    });
    let on_input = move |ev: leptos::ev::Event| {
        let Ok(s) = event_target_value(&ev).parse::<u64>() else { return };
        let (t, end) = (Millis::secs(s), Millis::secs(secs(end())));
        if ctx.live.with_untracked(Option::is_some) && t >= end {
            back_to_now(ctx);
        } else if t < end {
            travel_to(ctx, t);
        }
    };
    let on_click = move |ev: leptos::ev::MouseEvent| match crate::shared::html::action(&ev).map(|(a, _)| a).as_deref() {
        Some("fork") => continue_from_here(ctx),
        Some("now") => back_to_now(ctx),
        _ => {}
    };
    view! { <div node_ref=root class="timeline" role="group" aria-label="Timeline" inner_html=SKELETON on:input=handler(on_input) on:click=handler(on_click)></div> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_carry_their_second_and_a_spoken_time() {
        let m = [Mark { at: Millis::secs(90), kind: ecs_sim_core::timeline::MarkKind::Kill }];
        assert_eq!(marks_html(&m), r#"<li class="mark kill" data-at="90"><span class="sr-only">kill at 00:01:30</span></li>"#);
    }
}
