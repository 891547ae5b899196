//! Guided scenarios: a lesson in steps. Each step has narration, the commands it stands for
//! (shown, and run by "Do this step"), and checks that turn green when the cluster matches —
//! whether the learner clicked their way there or let the step run.
//!
//! Scenarios are files in the command language (`step "…"`, `say "…"`, commands, `expect …`):
//! the built-in ones from [`script::scenarios`], or an author's own passed in a link
//! (`#script=`, compressed like share links).

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use crate::shared::html::sig;
use ecs_sim_core::script::{self, Guide, Host, Pause, Session, Stmt, StmtError};
use ecs_sim_core::{Millis, SimConfig, Simulation};
use leptos::prelude::*;
use std::sync::Arc;

/// A scenario in progress.
#[derive(Clone, Debug)]
pub struct Lesson {
    /// Built-in name (or `custom`).
    pub name: String,
    /// Its title.
    pub title: String,
    /// The source, for showing each line as written. Shared, as `guide` is: neither changes
    /// once read, and a clone of the lesson (which "Do this step" and each tick of a played
    /// step take) then copies no step, statement or line; that copy was kilobytes of wasm.
    source: Arc<[String]>,
    /// The steps.
    pub guide: Arc<Guide>,
    /// The step shown (index into `guide.steps`).
    pub step: usize,
    /// Labels (`as victim`) and the like, shared by every step.
    session: Session,
    /// Steps whose checks have all held at least once.
    pub done: Vec<bool>,
    /// The last error from running a step.
    pub error: Option<String>,
    /// While "Do this step" plays an `advance` of the step: the virtual time still to play, and
    /// the whole of it.
    playing: Option<Playback>,
    /// The panels the page shows (`panels=` of an embed; `None`: all of them).
    pub shown: Option<Vec<String>>,
}

/// Where on the page a visitor can do a statement by hand besides the console, as `panels=`
/// names them: `None` for a line that asks nothing of the visitor (time, checks, queries).
fn panels_for(stmt: &Stmt) -> Option<&'static [&'static str]> {
    use ecs_sim_core::script::TaskAction;
    use ecs_sim_core::Command as C;
    const CLUSTER: &[&str] = &["cluster"];
    Some(match stmt {
        Stmt::Task { action: TaskAction::Kill, .. } | Stmt::Instance { .. } | Stmt::AddInstance { .. } => CLUSTER,
        Stmt::Task { action: TaskAction::Label, .. } => return None,
        // Crashing a container or failing its health check is a console verb only.
        Stmt::Task { .. } => &[],
        Stmt::ScalableTarget { .. } | Stmt::ScalingPolicy { .. } => &["deploy"],
        Stmt::Apply(c) => match c {
            C::StopTask { .. }
            | C::AddInstance { .. }
            | C::DrainInstance { .. }
            | C::ActivateInstance { .. }
            | C::TerminateInstance { .. }
            | C::InterruptSpot { .. } => CLUSTER,
            C::RunTask { .. } => &["deploy", "learn"],
            C::CreateService { .. } => &["deploy", "wizard", "learn"],
            C::RegisterTaskDefinition { .. } | C::CreateSchedule { .. } | C::DeleteSchedule { .. } | C::PutScalingPolicy { .. } => {
                &["deploy"]
            }
            C::UpdateService { .. }
            | C::DeleteService { .. }
            | C::SetLoad { .. }
            | C::RegisterFaultyRevision { .. }
            | C::DeleteScalingPolicy { .. } => &["services"],
            C::CrashTask { .. } | C::MakeTaskUnhealthy { .. } => &[],
        },
        _ => return None,
    })
}

/// A panel's name as the page shows it.
fn panel_title(panel: &str) -> &'static str {
    match panel {
        "cluster" => "cluster view",
        "deploy" => "Deploy panel",
        "services" => "Services panel",
        "wizard" => "“Which one do I need?” wizard",
        "learn" => "“Two ways to run a container” cards",
        _ => "console",
    }
}

/// An `advance` of a step being played visibly: [`tick`] moves the clock a slice of it each
/// tick, so that a learner sees the tasks change, then runs the rest of the step.
#[derive(Clone, Copy, Debug)]
struct Playback {
    /// Where the step goes on when the time has played.
    pause: Pause,
    /// Virtual time still to play.
    left: Millis,
}

/// Ticks one `advance` of a step takes to play, whatever its length (about 1.5 s of real time).
const PLAYBACK_TICKS: u64 = 15;

impl Lesson {
    /// Reads a scenario. The error names the line.
    pub fn new(name: &str, title: &str, text: &str) -> Result<Lesson, String> {
        let guide = script::guide(text).map_err(|e| e.to_string())?;
        if guide.steps.is_empty() {
            return Err("the scenario has no steps".into());
        }
        let n = guide.steps.len();
        Ok(Lesson {
            name: name.into(),
            title: title.into(),
            source: text.lines().map(str::to_string).collect(),
            guide: Arc::new(guide),
            step: 0,
            session: Session::new(),
            done: vec![false; n],
            error: None,
            playing: None,
            shown: None,
        })
    }

    /// The source text of the statement starting at 1-based `line`: lines continued with `\\`
    /// are joined, and a quote left open (a JSON document over several lines) keeps its lines.
    pub fn text_at(&self, line: usize) -> String {
        let mut out = String::new();
        let mut quote = None::<char>;
        for l in self.source.iter().skip(line.saturating_sub(1)) {
            let t = if quote.is_some() { l.trim_end() } else { l.trim() };
            for c in t.chars() {
                match quote {
                    Some(q) if c == q => quote = None,
                    None if c == '\'' || c == '"' => quote = Some(c),
                    _ => {}
                }
            }
            if quote.is_some() {
                out.push_str(t);
                out.push('\n');
                continue;
            }
            match t.strip_suffix('\\') {
                Some(head) => {
                    out.push_str(head.trim_end());
                    out.push(' ');
                }
                None => {
                    out.push_str(t);
                    break;
                }
            }
        }
        out
    }

    /// The commands of the current step, as written (checks left out).
    pub fn commands(&self) -> Vec<String> {
        self.guide.steps[self.step].lines.iter().filter(|(_, s)| !matches!(s, Stmt::Expect(_))).map(|(l, _)| self.text_at(*l)).collect()
    }

    /// Each final check of the current step (those after its last command: what the page
    /// watches) with whether it holds now, and why not.
    pub fn checks(&self, host: &dyn Host) -> Vec<(String, Result<(), String>)> {
        let mut out = vec![];
        host.read(&mut |sim, events| {
            let step = &self.guide.steps[self.step];
            out = step.final_checks().map(|(_, e)| (e.sentence(), self.session.check(sim, events, e))).collect();
        });
        out
    }

    /// Whether the current step ends on a command (it has no final checks to wait for).
    fn ends_on_a_command(&self) -> bool {
        self.guide.steps[self.step].final_checks().next().is_none()
    }

    /// Runs the current step's lines in order through the page (see [`script::Step::run`]); a
    /// check between commands that does not hold is reported with its line.
    pub fn run_step(&mut self, host: &mut dyn Host) -> Result<(), String> {
        let step = &self.guide.steps[self.step];
        step.run(&mut self.session, host).map_err(|e| self.line_error(e))
    }

    /// Runs the current step from line index `from` up to its next `advance`, which is then left
    /// to [`tick`] to play; at the step's end, marks it done if it ends on a command.
    fn run_until_advance(&mut self, host: &mut dyn Host, from: usize) {
        let step = &self.guide.steps[self.step];
        match step.run_from(&mut self.session, host, from) {
            Ok(Some(pause)) => self.playing = Some(Playback { pause, left: pause.advance }),
            Ok(None) => {
                self.playing = None;
                // A step that ends on a command (no final checks) is done once it has run.
                if self.ends_on_a_command() {
                    self.done[self.step] = true;
                }
            }
            Err(e) => {
                self.playing = None;
                self.error = Some(self.line_error(e));
            }
        }
    }

    /// Moves virtual time one slice of the `advance` being played (a fifteenth of it, at least a
    /// second), and once it has all played, runs the step on. Slices add up to the whole
    /// `advance`, and the engine ends in the same state however its time is cut.
    fn play_slice(&mut self, host: &mut dyn Host) {
        let Some(p) = self.playing else { return };
        let slice = Millis(p.pause.advance.0.div_ceil(PLAYBACK_TICKS).max(1_000)).min(p.left);
        host.advance(slice);
        let left = Millis(p.left.0 - slice.0);
        if left == Millis(0) {
            self.run_until_advance(host, p.pause.resume);
        } else {
            self.playing = Some(Playback { left, ..p });
        }
    }

    fn line_error(&self, (line, e): (usize, StmtError)) -> String {
        match e {
            StmtError::Expectation(why) => format!("line {line}: {}: {why}", self.text_at(line)),
            e => format!("line {line}: {e}"),
        }
    }

    /// Once every step is done: what was covered, and what to try next (the next built-in
    /// scenario). Empty before that.
    fn ending(&self) -> String {
        if !self.done.iter().all(|d| *d) {
            return String::new();
        }
        let all = script::scenarios();
        let next = all.iter().position(|(n, _, _)| *n == self.name).and_then(|i| all.get(i + 1)).map(|(_, t, _)| *t);
        let steps = self.guide.steps.iter().filter(|s| !s.title.is_empty()).map(|s| s.title.as_str()).collect::<Vec<_>>().join("; ");
        match next {
            Some(t) => format!("Scenario complete. You went through: {steps}. Next, try “{t}” from the Scenario list."),
            None => format!("Scenario complete. You went through: {steps}. Try it by hand with another seed, or pick another scenario."),
        }
    }

    /// The current step's head: where it is ("Step 2 of 4 · scenario"), its title, its narration
    /// (a paragraph a line) and the commands it stands for.
    fn head_html(&self) -> String {
        use crate::shared::html::esc;
        let step = &self.guide.steps[self.step];
        let mut out = format!(
            "<p class=\"lesson-where\"><span class=\"mono\">Step {} of {}</span> · {}</p><h3>{}</h3>",
            self.step + 1,
            self.guide.steps.len(),
            esc(&self.title),
            esc(&step.title)
        );
        for n in &step.narration {
            out += &format!("<p class=\"say\">{}</p>", esc(n));
        }
        out + &format!("<pre class=\"lesson-cmds mono\" aria-label=\"What this step does\">{}</pre>", esc(&self.commands().join("\n")))
    }

    /// What the step's status line says.
    fn state(&self) -> String {
        match self.playing {
            Some(p) => format!("Playing {} of virtual time…", script::format_duration(p.pause.advance)),
            None if self.done[self.step] => "Step complete.".into(),
            None => match self.needs_hidden_panel() {
                Some(p) => {
                    format!("This page does not show the {} this step needs: press Do this step and the simulator does it.", panel_title(p))
                }
                None => format!("Do it yourself in the {}, or let the simulator do it.", panel_title(self.where_by_hand())),
            },
        }
    }

    /// Where the visitor does the current step's first action by hand: a panel the page shows
    /// that can do it, or else the console.
    fn where_by_hand(&self) -> &'static str {
        let shown = |p: &&str| self.shown.as_ref().is_none_or(|s| s.iter().any(|x| x == p));
        let first = self.guide.steps[self.step].lines.iter().find_map(|(_, s)| panels_for(s));
        first.and_then(|panels| panels.iter().copied().find(shown)).unwrap_or(if first.is_some() { "console" } else { "cluster" })
    }

    /// A panel the current step needs that the page hides, when no panel shown (nor the
    /// console) can do one of its lines by hand.
    fn needs_hidden_panel(&self) -> Option<&'static str> {
        let shown = self.shown.as_ref()?;
        let visible = |p: &&str| shown.iter().any(|x| x == p);
        if visible(&"console") {
            return None;
        }
        self.guide.steps[self.step]
            .lines
            .iter()
            .filter_map(|(_, s)| panels_for(s))
            .find(|panels| !panels.iter().any(visible))
            .map(|panels| panels.first().copied().unwrap_or("console"))
    }
}

/// One tick of the page's clock while a step plays an `advance` (see [`Lesson::play_slice`]).
/// Returns whether it used the tick, so that the page's clock does not also move time then.
pub fn tick(ctx: Ctx, lessons: Lessons) -> bool {
    if !lessons.current.with_untracked(|l| l.as_ref().is_some_and(|l| l.playing.is_some())) {
        return false;
    }
    let mut lesson = lessons.current.get_untracked();
    if let Some(l) = lesson.as_mut() {
        l.play_slice(&mut { ctx });
    }
    lessons.current.set(lesson);
    true
}

/// The lesson state the page shares.
#[derive(Clone, Copy)]
pub struct Lessons {
    /// The scenario in progress, if any.
    pub current: RwSignal<Option<Lesson>>,
    /// Called with (scenario, step index, title) when a step is done. The page passes the embed
    /// API's report here, so the guide does not depend on the embedding code that starts it.
    pub on_step_done: fn(Ctx, &str, usize, &str),
}

/// "Do this step": runs the current step's commands at once; each `advance` among them then
/// plays visibly (see [`tick`]).
pub fn play_step(ctx: Ctx, lessons: Lessons) {
    let mut lesson = lessons.current.get_untracked();
    if let Some(l) = lesson.as_mut() {
        l.error = None;
        l.run_until_advance(&mut { ctx }, 0);
    }
    lessons.current.set(lesson);
}

/// Starts a scenario on a fresh cluster with the scenario's seed, and runs its set-up step
/// (the lines before the first `step`, if any).
pub fn start(ctx: Ctx, lessons: Lessons, mut lesson: Lesson) {
    crate::persist::keep_previous(ctx, "Your own cluster was kept.");
    let seed = lesson.guide.seed.unwrap_or(1);
    ctx.sim.set(Simulation::new(SimConfig { seed, ..SimConfig::default() }));
    if lesson.guide.steps[0].title.is_empty() {
        let r = lesson.run_step(&mut { ctx });
        lesson.error = r.err();
        lesson.done[0] = true;
        lesson.step = 1.min(lesson.guide.steps.len() - 1);
    }
    // The panels an embed shows are on the root element (see `crate::embed`).
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    lesson.shown = root.and_then(|r| r.get_attribute("data-panels")).map(|p| p.split(' ').map(String::from).collect());
    ctx.announce.set(format!("Scenario started: {}.", lesson.title));
    lessons.current.set(Some(lesson));
}

/// The built-in scenarios as the picker's options. Markup rather than typed views, which would
/// cost the page kilobytes (so do the checks and the narration below).
fn scenario_options() -> String {
    let items: Vec<(String, String)> = script::scenarios().iter().map(|(n, t, _)| (n.to_string(), t.to_string())).collect();
    crate::shared::html::options(&items, "")
}

/// The checks of a step: a tick (or a circle), the check, "holds" or "not yet" for screen
/// readers, and why it does not hold yet.
fn checks_html(checks: &[(String, Result<(), String>)]) -> String {
    use crate::shared::html::esc;
    let mut out = String::new();
    for (text, r) in checks {
        let (class, tick, state) = if r.is_ok() { (" class=\"ok\"", "✓", " — holds") } else { ("", "○", " — not yet") };
        out += &format!(
            "<li{class}><span class=\"tick\" aria-hidden=\"true\">{tick}</span><span>{}</span><span class=\"sr-only\">{state}</span>",
            esc(text)
        );
        if let Err(why) = r {
            out += &format!("<span class=\"why\">{}</span>", esc(why));
        }
        out += "</li>";
    }
    out
}

/// The scenario picker and the current step.
#[component]
pub fn Guided() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let lessons = expect_context::<Lessons>();
    let pick = RwSignal::new(script::scenarios()[0].0.to_string());
    // The picker shows the scenario that runs, however it was started (a link, an embed).
    crate::shared::html::effect(move || {
        if let Some(name) = lessons.current.with(|l| l.as_ref().map(|l| l.name.clone())) {
            if script::scenarios().iter().any(|(n, _, _)| *n == name) {
                pick.set(name);
            }
        }
    });
    let begin = move |_| {
        let name = pick.get_untracked();
        if let Some((n, t, text)) = script::scenarios().iter().find(|(n, _, _)| *n == name) {
            match Lesson::new(n, t, text) {
                Ok(l) => start(ctx, lessons, l),
                Err(e) => ctx.announce.set(format!("The scenario could not be read: {e}")),
            }
        }
    };
    let file_error = RwSignal::new(String::new());
    let open_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        if file.size() > 200_000.0 {
            file_error.set(format!("{} is too large for a scenario ({} bytes; the limit is 200000).", file.name(), file.size() as u64));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|t| t.as_string());
            let Some(text) = text else {
                file_error.set(format!("{} could not be read.", file.name()));
                return;
            };
            match Lesson::new("custom", &file.name(), &text) {
                Ok(l) => {
                    file_error.set(String::new());
                    start(ctx, lessons, l);
                }
                Err(e) => file_error.set(format!("{} is not a scenario the simulator can run: {e}", file.name())),
            }
        });
    };
    let checks = Memo::new(move |_| {
        ctx.sim.track();
        lessons.current.with(|l| l.as_ref().map(|l| l.checks(&ctx))).unwrap_or_default()
    });
    // A step is done the first time all of its checks hold.
    crate::shared::html::effect(move || {
        let all = checks.with(|c| !c.is_empty() && c.iter().all(|(_, r)| r.is_ok()));
        let fresh = lessons.current.with_untracked(|l| l.as_ref().is_some_and(|l| !l.done[l.step]));
        if all && fresh {
            let mut note = None;
            lessons.current.update(|l| {
                if let Some(l) = l {
                    l.done[l.step] = true;
                    note = Some((l.name.clone(), l.step, l.guide.steps[l.step].title.clone()));
                }
            });
            if let Some((name, step, title)) = note {
                ctx.announce.set(format!("Step done: {title}."));
                (lessons.on_step_done)(ctx, &name, step, &title);
            }
        }
    });
    // The step's commands run at once; each `advance` among them plays visibly (see [`tick`]).
    let do_step = move |_| play_step(ctx, lessons);
    let go = move |delta: isize| {
        lessons.current.update(|l| {
            if let Some(l) = l {
                l.step = (l.step as isize + delta).clamp(0, l.guide.steps.len() as isize - 1) as usize;
                l.error = None;
                l.playing = None;
            }
        })
    };
    let playing = move || lessons.current.with(|l| l.as_ref().is_some_and(|l| l.playing.is_some()));
    let with = move |f: fn(&Lesson) -> String| move || lessons.current.with(|l| l.as_ref().map(f).unwrap_or_default());
    view! {
        <section class="panel guide" aria-labelledby="guide-title">
            <h2 id="guide-title" class="panel-title">{crate::shared::icons::step()}"Guided scenarios"</h2>
            <div class="guide-pick">
                <label class="field">
                    <span>"Scenario"</span>
                    <select on:change=handler(move |ev| pick.set(event_target_value(&ev))) prop:value=move || pick.get()
                        inner_html=scenario_options()></select>
                </label>
                <button class="btn primary" on:click=handler(begin)>"Start scenario"</button>
                <label class="btn file-btn">
                    "Open a scenario file"
                    <input class="sr-only" type="file" accept=".ecs,.txt,text/plain" on:change=handler(open_file)/>
                </label>
            </div>
            <p class="field-error" role="alert">{file_error}</p>
            {crate::shared::html::show(move || lessons.current.with(|l| l.is_some()), move || view! {
                <div class="lesson" role="region" aria-label="Current step">
                    <div class="contents" inner_html=with(Lesson::head_html)></div>
                    <ul class="checks" aria-label="Checks" inner_html=move || checks.with(|c| checks_html(c))></ul>
                    <p class="field-error" role="alert">{with(|l| l.error.clone().unwrap_or_default())}</p>
                    <p class="step-state" role="status">{with(Lesson::state)}</p>
                    <p class="lesson-end">{with(Lesson::ending)}</p>
                    <div class="lesson-nav">
                        <button class="btn" on:click=handler(move |_| go(-1)) disabled=sig(move || lessons.current.with(|l| l.as_ref().is_none_or(|l| l.step == 0)))>"Previous step"</button>
                        <button class="btn" on:click=handler(do_step) disabled=sig(playing)>"Do this step"</button>
                        <button class="btn primary" on:click=handler(move |_| go(1))
                            disabled=sig(move || lessons.current.with(|l| l.as_ref().is_none_or(|l| l.step + 1 >= l.guide.steps.len())))>
                            {with(|l| if l.done[l.step] { "Next step".into() } else { "Next step (skips this one's checks)".into() })}</button>
                        <button class="btn" on:click=handler(move |_| lessons.current.set(None))>"End scenario"</button>
                    </div>
                </div>
            })}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::testing::Plain;

    /// A command shown for a step is the whole statement, a JSON document over several lines
    /// included, so that typing it in the console does what the step does.
    #[test]
    fn a_step_shows_each_command_whole() {
        let text = "step \"Register\"\naws ecs register-task-definition --cli-input-json '{\n  \"family\": \"web\",\n  \"containerDefinitions\": []\n}'\naws ecs update-service \\\n    --service web --desired-count 2\nexpect service web desired 2\n";
        let l = Lesson::new("custom", "t", text).unwrap();
        assert_eq!(
            l.commands(),
            [
                "aws ecs register-task-definition --cli-input-json '{\n  \"family\": \"web\",\n  \"containerDefinitions\": []\n}'",
                "aws ecs update-service --service web --desired-count 2"
            ]
        );
    }

    /// A step says so when the page hides every panel that could do it by hand.
    #[test]
    fn a_step_needing_a_hidden_panel_says_so() {
        let text = "step \"Create it\"\naws ecs create-service --service-name web --task-definition web:1 --desired-count 2\nexpect service web running 2\nstep \"Kill one\"\nkill service web\nadvance 30s\n";
        let mut l = Lesson::new("custom", "t", text).unwrap();
        assert!(l.state().starts_with("Do it yourself"), "every panel shown");
        l.shown = Some(vec!["cluster".into(), "log".into()]);
        assert_eq!(l.state(), "This page does not show the Deploy panel this step needs: press Do this step and the simulator does it.");
        l.shown = None;
        assert_eq!(l.state(), "Do it yourself in the Deploy panel, or let the simulator do it.");
        l.shown = Some(vec!["cluster".into(), "log".into()]);
        l.step = 1;
        assert!(l.state().starts_with("Do it yourself"), "a kill is a click in the cluster");
        l.shown = Some(vec!["log".into()]);
        assert!(l.state().contains("the cluster view this step needs"), "{}", l.state());
        l.shown = Some(vec!["log".into(), "console".into()]);
        assert_eq!(l.state(), "Do it yourself in the console, or let the simulator do it.", "the console does anything");
    }

    /// Every built-in scenario, run step by step as the page runs it, passes each step's checks.
    #[test]
    fn every_builtin_scenario_completes_step_by_step() {
        for (name, title, text) in script::scenarios() {
            let mut l = Lesson::new(name, title, text).unwrap();
            let mut host = Plain::new(SimConfig { seed: l.guide.seed.unwrap_or(1), ..SimConfig::default() });
            for i in 0..l.guide.steps.len() {
                l.step = i;
                l.run_step(&mut host).unwrap_or_else(|e| panic!("{name} step {i}: {e}"));
                for (text, r) in l.checks(&host) {
                    assert!(r.is_ok(), "{name} step {}: {text}: {:?}", i + 1, r);
                }
            }
        }
    }

    /// "Do this step" plays each `advance` in slices, one per tick of the page's clock; every
    /// built-in scenario played that way passes each step's checks too, in a bounded number of
    /// ticks.
    #[test]
    fn every_builtin_scenario_completes_when_played_slice_by_slice() {
        for (name, title, text) in script::scenarios() {
            let mut l = Lesson::new(name, title, text).unwrap();
            let mut host = Plain::new(SimConfig { seed: l.guide.seed.unwrap_or(1), ..SimConfig::default() });
            for i in 0..l.guide.steps.len() {
                l.step = i;
                l.run_until_advance(&mut host, 0);
                let mut ticks = 0;
                while l.playing.is_some() {
                    l.play_slice(&mut host);
                    ticks += 1;
                }
                let advances = l.guide.steps[i].lines.iter().filter(|(_, s)| matches!(s, Stmt::Advance(_))).count() as u64;
                assert!(ticks <= advances * PLAYBACK_TICKS, "{name} step {}: {ticks} ticks", i + 1);
                assert_eq!(l.error, None, "{name} step {}", i + 1);
                for (text, r) in l.checks(&host) {
                    assert!(r.is_ok(), "{name} step {}: {text}: {:?}", i + 1, r);
                }
            }
        }
    }

    #[test]
    fn a_finished_scenario_sums_up_and_points_at_the_next() {
        let (name, title, text) = script::scenarios()[0];
        let mut l = Lesson::new(name, title, text).unwrap();
        assert_eq!(l.ending(), "");
        l.done.iter_mut().for_each(|d| *d = true);
        let next = script::scenarios()[1].1;
        assert!(
            l.ending().starts_with("Scenario complete. You went through: Deploy a service and a standalone task; Stop one task of each"),
            "{}",
            l.ending()
        );
        assert!(l.ending().ends_with(&format!("Next, try “{next}” from the Scenario list.")), "{}", l.ending());
    }

    #[test]
    fn a_check_between_commands_that_does_not_hold_names_its_line() {
        let text = "step \"A\"\naws ecs create-service --service-name web --task-definition web:1 --desired-count 1\n\
                    expect service web running 1\nadvance 1m\nexpect service web running 1\n";
        let mut l = Lesson::new("x", "X", text).unwrap();
        let mut host = Plain::new(SimConfig::default());
        assert_eq!(
            l.run_step(&mut host).unwrap_err(),
            "line 3: expect service web running 1: service web has 0 running, expected 1 (desired 1, running 0, pending 1)"
        );
        let mut l = Lesson::new("x", "X", "step \"A\"\nkill service api\n").unwrap();
        assert_eq!(l.run_step(&mut host).unwrap_err(), "line 2: there is no service api");
    }

    #[test]
    fn continuation_lines_are_shown_joined() {
        let l = Lesson::new("x", "X", "step \"A\"\naws ecs create-service --service-name web \\\n    --task-definition web:1 --desired-count 1\nexpect service web desired 1\n").unwrap();
        assert_eq!(l.commands(), vec!["aws ecs create-service --service-name web --task-definition web:1 --desired-count 1".to_string()]);
        assert!(Lesson::new("x", "X", "aws ecs fly").is_err());
    }
}
