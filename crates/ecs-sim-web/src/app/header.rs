//! The top bar: where we are (region, cluster), the virtual clock and the time controls.

use super::theme::{parse_theme, THEME_KEY};
use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use crate::shared::html::sig;
use crate::shared::icons;
use ecs_sim_core::Millis;
use leptos::either::Either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

const SPEEDS: [u32; 6] = [1, 2, 5, 10, 30, 60];
/// localStorage key of the visitor's speed, so that a reload plays as fast as before.
const SPEED_KEY: &str = "ecs-sim.speed";

/// The speed the visitor last chose, if storage has one of [`SPEEDS`].
pub(super) fn stored_speed() -> Option<u32> {
    let item = window().local_storage().ok().flatten()?.get_item(SPEED_KEY).ok().flatten()?;
    item.parse().ok().filter(|s| SPEEDS.contains(s))
}

/// The visitor's saved theme, if any. Storage can be missing or refuse (private windows,
/// `file://`), and what it holds can be anything: all of that means "follow the system".
fn stored_theme() -> Option<&'static str> {
    let item = window().local_storage().ok().flatten()?.get_item(THEME_KEY).ok().flatten();
    parse_theme(item.as_deref())
}

fn set_theme(theme: &str) {
    if let Some(html) = document().document_element() {
        let _ = html.set_attribute("data-theme", theme);
    }
}

/// Light/dark switch. Until the visitor picks, the page follows `prefers-color-scheme`; a pick
/// becomes `data-theme` on `<html>` and is remembered in localStorage.
#[component]
fn ThemeToggle() -> impl IntoView {
    // A theme the embedding page asked for (`?theme=`) wins over the visitor's saved one.
    let chosen = document().document_element().and_then(|e| e.get_attribute("data-theme"));
    let stored = stored_theme();
    if let (Some(t), None) = (stored, &chosen) {
        set_theme(t);
    }
    let system_dark = || window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches());
    let dark = match chosen.as_deref() {
        Some(t) => t == "dark",
        None => stored.map_or_else(system_dark, |t| t == "dark"),
    };
    // No signal: the button itself holds the state in aria-pressed, which the click flips.
    let flip = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let d = button.get_attribute("aria-pressed").as_deref() != Some("true");
        let t = if d { "dark" } else { "light" };
        let _ = button.set_attribute("aria-pressed", if d { "true" } else { "false" });
        set_theme(t);
        if let Some(s) = window().local_storage().ok().flatten() {
            let _ = s.set_item(THEME_KEY, t);
        }
    };
    view! {
        <button class="btn icon-btn theme" aria-label="Dark theme" aria-pressed=if dark { "true" } else { "false" } on:click=handler(flip)
            title="Switch between light and dark">
            <span class="moon">{icons::moon()}</span><span class="sun">{icons::sun()}</span>
        </button>
    }
}

/// Title, cluster, clock, play/pause, step, speed, seed, reset and clear.
#[component]
pub fn Header() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let seed_text = RwSignal::new(ctx.sim.with_untracked(|s| s.config().seed.to_string()));
    // The field shows the run's seed whenever a run is put in place (a scenario's, a restored one).
    let run_seed = Memo::new(move |_| ctx.sim.with(|s| s.config().seed));
    crate::shared::html::effect(move || seed_text.set(run_seed.get().to_string()));
    let seed_error = RwSignal::new(None::<String>);
    let clock = move || ctx.sim.with(|s| s.now().to_string());
    let cluster = move || ctx.sim.with(|s| format!("{} / {}", s.config().region, s.config().cluster));
    // Reset brings the landing demo back, Clear empties the cluster; either keeps the visitor's
    // own run first and offers the way back to it.
    let start_over = move |demo: bool| match seed_text.get_untracked().trim().parse::<u64>() {
        Ok(seed) => {
            seed_error.set(None);
            let what = if demo { "The demo is back" } else { "The cluster is empty" };
            crate::persist::keep_previous(ctx, &format!("{what}. Your own cluster was kept."));
            if demo {
                ctx.reset(seed);
            } else {
                ctx.clear(seed);
            }
        }
        Err(_) => seed_error.set(Some("Seed must be a whole number from 0 to 18446744073709551615.".into())),
    };
    view! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">{icons::server()}</span>
                <div>
                    <h1>"ECS Service vs Standalone Task"</h1>
                    <p class="where"><span class="label">"Region / cluster "</span><span class="mono">{sig(cluster)}</span></p>
                </div>
            </div>
            <div class="controls" role="group" aria-label="Time controls">
                <output class="clock mono" aria-label="Virtual time">{sig(clock)}</output>
                <button class="btn icon-btn" data-lock="time" on:click=handler(move |_| ctx.playing.update(|p| *p = !*p))
                    aria-label=sig(move || if ctx.playing.get() { "Pause" } else { "Play" })
                    aria-pressed=sig(move || ctx.playing.get().to_string())>
                    {move || if ctx.playing.get() { Either::Left(icons::pause()) } else { Either::Right(icons::play()) }}
                </button>
                <button class="btn icon-btn" data-lock="time" aria-label="Step 1 second" title="Step 1 virtual second"
                    on:click=handler(move |_| ctx.advance(Millis::secs(1)))>{icons::step()}</button>
                <label class="field-inline" data-lock="time">
                    <span>"Speed"</span>
                    <select on:change=handler(move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
                            ctx.speed.set(v);
                            if let Some(s) = window().local_storage().ok().flatten() {
                                let _ = s.set_item(SPEED_KEY, &v.to_string());
                            }
                        }
                    })>
                        {SPEEDS.iter().map(|s| view! { <option value=s.to_string() selected=sig(move || ctx.speed.get() == *s)>{format!("{s}×")}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field-inline" data-lock="reset">
                    <span>"Seed"</span>
                    <input class="seed mono" type="text" inputmode="numeric" prop:value=seed_text
                        aria-invalid=sig(move || seed_error.with(|e| e.is_some()).to_string())
                        on:input=handler(move |ev| seed_text.set(event_target_value(&ev)))/>
                </label>
                <button class="btn" data-lock="reset" on:click=handler(move |_| start_over(true))
                    title="Start over on the demo: a service of 3 and a standalone task">{icons::reset()}<span>"Reset"</span></button>
                <button class="btn" data-lock="reset" on:click=handler(move |_| start_over(false))
                    title="Start over on an empty cluster">"Clear"</button>
                <ThemeToggle/>
            </div>
            {crate::shared::html::show(move || seed_error.with(|e| e.is_some()), move || view! {
                <p class="field-error" role="alert">{sig(move || seed_error.get().unwrap_or_default())}</p>
            })}
        </header>
    }
}
