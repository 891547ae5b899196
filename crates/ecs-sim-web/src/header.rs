//! The top bar: where we are (region, cluster), the virtual clock and the time controls.

use crate::app::Ctx;
use crate::icons;
use ecs_sim_core::Millis;
use leptos::prelude::*;

const SPEEDS: [u32; 6] = [1, 2, 5, 10, 30, 60];

/// Title, cluster, clock, play/pause, step, speed, seed and reset.
#[component]
pub fn Header() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let seed_text = RwSignal::new(ctx.sim.with_untracked(|s| s.config().seed.to_string()));
    let seed_error = RwSignal::new(None::<String>);
    let clock = move || ctx.sim.with(|s| s.now().to_string());
    let cluster = move || ctx.sim.with(|s| format!("{} / {}", s.config().region, s.config().cluster));
    let reset = move |_| match seed_text.get_untracked().trim().parse::<u64>() {
        Ok(seed) => {
            seed_error.set(None);
            ctx.reset(seed);
        }
        Err(_) => seed_error.set(Some("Seed must be a whole number from 0 to 18446744073709551615.".into())),
    };
    view! {
        <header class="top">
            <div class="brand">
                <span class="logo" aria-hidden="true">{icons::server()}</span>
                <div>
                    <h1>"ECS Service vs Standalone Task"</h1>
                    <p class="where"><span class="label">"Region / cluster "</span><span class="mono">{cluster}</span></p>
                </div>
            </div>
            <div class="controls" role="group" aria-label="Time controls">
                <output class="clock mono" aria-label="Virtual time">{clock}</output>
                <button class="btn icon-btn" on:click=move |_| ctx.playing.update(|p| *p = !*p)
                    aria-label=move || if ctx.playing.get() { "Pause" } else { "Play" }
                    aria-pressed=move || ctx.playing.get().to_string()>
                    {move || if ctx.playing.get() { icons::pause().into_any() } else { icons::play().into_any() }}
                </button>
                <button class="btn icon-btn" aria-label="Step 1 second" title="Step 1 virtual second"
                    on:click=move |_| ctx.advance(Millis::secs(1))>{icons::step()}</button>
                <label class="field-inline">
                    <span>"Speed"</span>
                    <select on:change=move |ev| {
                        if let Ok(v) = event_target_value(&ev).parse::<u32>() { ctx.speed.set(v) }
                    }>
                        {SPEEDS.iter().map(|s| view! { <option value=s.to_string() selected=move || ctx.speed.get() == *s>{format!("{s}×")}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field-inline">
                    <span>"Seed"</span>
                    <input class="seed mono" type="text" inputmode="numeric" prop:value=move || seed_text.get()
                        aria-invalid=move || seed_error.with(|e| e.is_some()).to_string()
                        on:input=move |ev| seed_text.set(event_target_value(&ev))/>
                </label>
                <button class="btn" on:click=reset>{icons::reset()}<span>"Reset"</span></button>
            </div>
            <Show when=move || seed_error.with(|e| e.is_some())>
                <p class="field-error" role="alert">{move || seed_error.get().unwrap_or_default()}</p>
            </Show>
        </header>
    }
}
