//! The page's layout: builds the shared [`Ctx`], provides it to every component, plays virtual
//! time, and places the panels.

use crate::shared::ctx::Ctx;
mod header;
mod theme;

use crate::cluster::ClusterView;
use crate::deploy::{wizard::Wizard, DeployPanel};
use crate::learn::explanations::Learn;
use crate::log::EventLog;
use crate::services::ServiceList;
use ecs_sim_core::script::EventRecord;
use ecs_sim_core::{Millis, SimConfig, Simulation};
use header::Header;
use leptos::prelude::*;
use std::time::Duration;

/// Real milliseconds between two simulation steps while playing.
pub const TICK_MS: u64 = 100;

/// The landing demo, already running (a saved run, a link or a scenario may replace it); with
/// `?bench=N` in the URL (for `web/tests/perf.spec.mjs`), a cluster already running N tasks on
/// enough instances.
fn initial_simulation() -> Simulation {
    let search = window().location().search().unwrap_or_default();
    let sim = match crate::bench::bench_param(&search) {
        None => ecs_sim_core::demo::start(1),
        Some(n) => {
            let mut sim = Simulation::new(SimConfig { seed: 1, ..SimConfig::default() });
            for cmd in crate::bench::bench_commands(n) {
                let _ = sim.apply(cmd);
            }
            sim.advance_by(Millis::secs(90));
            sim.drain_events();
            sim
        }
    };
    crate::bench::mark("ecs-sim:setup-done");
    sim
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let ctx = Ctx {
        sim: RwSignal::new(initial_simulation()),
        playing: RwSignal::new(true),
        speed: RwSignal::new(header::stored_speed().unwrap_or(1)),
        announce: RwSignal::new(String::new()),
        locks: StoredValue::new(Vec::new()),
        events: StoredValue::new(EventRecord::new()),
        live: RwSignal::new(None),
    };
    provide_context(ctx);
    let lessons = crate::learn::guide::Lessons { current: RwSignal::new(None), on_step_done: crate::embed::post_step };
    provide_context(lessons);
    provide_context(crate::cluster::Note::new());
    crate::persist::start(ctx);
    let embed_problems = crate::embed::start(ctx, crate::embed::run_line);
    let handle = set_interval_with_handle(
        move || {
            // A guided step playing its `advance` has the clock to itself.
            if !crate::learn::guide::tick(ctx, lessons) && ctx.playing.get_untracked() {
                ctx.advance(Millis(TICK_MS * u64::from(ctx.speed.get_untracked())));
            }
        },
        Duration::from_millis(TICK_MS),
    );
    on_cleanup(move || {
        if let Ok(h) = handle {
            h.clear();
        }
    });
    view! {
        <a class="skip" href="#cluster">"Skip to the cluster"</a>
        <Header/>
        <main class="layout">
            <section class="sim-area" data-panel="cluster" aria-labelledby="sim-title">
                <div class="sim-head">
                    <div>
                        <h2 id="sim-title">"Cluster simulator"</h2>
                        <p class="hint">{move || if ctx.sim.with(|s| !s.command_log().is_empty() && ecs_sim_core::demo::is_pristine(s)) {
                            "Stop one of each, a task of service web and the standalone worker, and watch what ECS does next."
                        } else {
                            "Click (or press Enter on) a running task to stop it, then watch what ECS does next."
                        }}</p>
                    </div>
                    // Static markup: typed views of it would cost the page kilobytes.
                    <div class="contents" inner_html=LEGEND></div>
                </div>
                {(!embed_problems.is_empty()).then(|| view! {
                    <ul class="notice problem embed-problems" aria-label="Embedding parameters that were ignored">
                        {embed_problems.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}
                    </ul>
                })}
                <crate::persist::RunMenu/>
                <crate::timeline::TimeSlider/>
                <ClusterView/>
                // Under the cluster: the tile being replaced and the lines saying why, in one view.
                <div data-panel="log"><EventLog/></div>
            </section>
            <aside class="side">
                <crate::availability::AvailabilityReadout/>
                <div data-panel="guide"><crate::learn::guide::Guided/></div>
                <div data-panel="deploy"><DeployPanel/></div>
                <div data-panel="services"><ServiceList/></div>
            </aside>
            // Under both columns on a desktop: wide enough for the JSON the AWS CLI prints.
            <div data-panel="console" class="console-row"><crate::console::Console/></div>
        </main>
        <div data-panel="wizard"><Wizard/></div>
        <div data-panel="learn"><Learn/></div>
        <div class="sr-only" role="status" aria-live="polite">{ctx.announce}</div>
        <footer class="foot">
            "ecs-sim is a teaching simulator. Times are virtual and shorter than in real ECS; messages follow ECS's own wording."
        </footer>
    }
}

/// The legend of the two kinds of tile, and the way down to the log.
const LEGEND: &str = r##"<ul class="legend" aria-label="Legend"><li><span class="swatch service"><span class="glyph"></span></span>Service task: replaced when it stops</li><li><span class="swatch standalone"><span class="glyph"></span></span>Standalone task: never restarted</li></ul><a class="to-log" href="#log-title">Event log ↓</a>"##;
