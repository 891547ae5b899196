//! The console: type `aws ecs …` lines or simulator verbs (`advance 90s`, `kill service web`,
//! `help`) and see the AWS CLI's answer; every click elsewhere on the page is echoed here as the
//! command it stands for. The logic lives in [`Console`](struct@Console) (plain Rust, tested natively); the
//! component only maps keys and clicks to its methods.

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use ecs_sim_core::script::{self, EventRecord, Executed, Host, Refusal, Session, Stmt};
use ecs_sim_core::{Command, Millis, Outcome, Simulation};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Lines kept in the output area.
const KEEP: usize = 300;

/// The page as a [`Host`]: what a visitor types goes through the embedding page's locks, like a
/// click. Reading first records events a simulation put in place whole has not handed over yet.
impl Host for Ctx {
    fn read(&self, f: &mut dyn FnMut(&Simulation, &EventRecord)) {
        self.record_events();
        self.sim.with_untracked(|s| self.events.with_value(|r| f(s, r)))
    }

    fn apply(&mut self, cmd: Command) -> Result<Outcome, Refusal> {
        self.apply_as(cmd, true)
    }

    fn advance(&mut self, d: Millis) {
        Ctx::advance(self, d)
    }
}

/// How an output line looks.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// What was typed (or clicked), after the prompt.
    Input,
    /// An answer.
    Output,
    /// An error.
    Error,
}

/// One line of the output area.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Sequence number (a stable key for the list).
    pub id: u64,
    /// How it looks.
    pub kind: Kind,
    /// The text.
    pub text: String,
}

/// The console's state: history, output and the script session (labels, last output).
#[derive(Clone, Debug, Default)]
pub struct Console {
    session: Session,
    history: Vec<String>,
    /// Position while browsing history with ↑/↓ (`None`: editing a new line).
    browsing: Option<usize>,
    lines: Vec<Line>,
    next_id: u64,
    /// Commands of the simulation's log already shown.
    seen: usize,
}

impl Console {
    /// The output lines, oldest first.
    pub fn lines(&self) -> &[Line] {
        &self.lines
    }

    fn push(&mut self, kind: Kind, text: impl Into<String>) {
        self.next_id += 1;
        self.lines.push(Line { id: self.next_id, kind, text: text.into() });
        if self.lines.len() > KEEP {
            self.lines.drain(..self.lines.len() - KEEP);
        }
    }

    /// Runs one typed line against the page.
    pub fn submit(&mut self, text: &str, host: &mut dyn Host) {
        let text = text.trim();
        self.browsing = None;
        if text.is_empty() {
            return;
        }
        if self.history.last().map(String::as_str) != Some(text) {
            self.history.push(text.to_string());
        }
        self.push(Kind::Input, text);
        if let Err(e) = self.run(text, host) {
            self.push(Kind::Error, e);
        }
        let mut seen = 0;
        host.read(&mut |s, _| seen = s.command_log().len());
        self.seen = seen;
    }

    /// Runs a line through [`Session::execute`] and shows its result the way a terminal does:
    /// a typed AWS call answers as the CLI does, a verb echoes the call it stood for, time and
    /// checks say what happened.
    fn run(&mut self, text: &str, host: &mut dyn Host) -> Result<(), String> {
        let stmt = script::parse_line(text).map_err(|e| e.to_string())?;
        let done = self.session.execute(host, &stmt).map_err(|e| e.to_string())?;
        match &done {
            Executed::Applied { command, output, .. } if output.is_empty() => {
                if matches!(stmt, Stmt::Apply(_)) {
                    let mut reply = vec![];
                    host.read(&mut |s, _| reply = Session::reply(s, command));
                    reply.into_iter().for_each(|l| self.push(Kind::Output, l));
                } else {
                    self.push(Kind::Output, format!("= {}", script::render(command)));
                }
            }
            Executed::Advanced { now } => self.push(Kind::Output, format!("Virtual time is now {now}.")),
            Executed::Held => self.push(Kind::Output, "✓ holds"),
            Executed::Applied { .. } | Executed::Printed(_) => {}
        }
        done.output().iter().for_each(|l| self.push(Kind::Output, l.clone()));
        Ok(())
    }

    /// Echoes commands that reached the simulation from elsewhere on the page (clicks, forms).
    pub fn echo_new_commands(&mut self, sim: &Simulation) {
        let log = sim.command_log();
        if log.len() < self.seen {
            self.seen = 0; // the simulation was reset
            self.push(Kind::Output, "Cluster reset.");
        }
        for entry in &log[self.seen..] {
            let line = script::render(&entry.command);
            self.push(Kind::Input, line);
        }
        self.seen = log.len();
    }

    /// ↑: the previous history entry (stays at the oldest).
    pub fn older(&mut self) -> Option<String> {
        let i = match self.browsing {
            None => self.history.len().checked_sub(1)?,
            Some(i) => i.saturating_sub(1),
        };
        self.browsing = Some(i);
        self.history.get(i).cloned()
    }

    /// ↓: the next history entry, or an empty line past the newest.
    pub fn newer(&mut self) -> Option<String> {
        let i = self.browsing? + 1;
        if i >= self.history.len() {
            self.browsing = None;
            return Some(String::new());
        }
        self.browsing = Some(i);
        self.history.get(i).cloned()
    }
}

/// Tab: the line completed as far as all candidates agree, and the candidates.
pub fn tab_complete(text: &str) -> (String, Vec<String>) {
    let options = script::complete(text);
    let Some(first) = options.first() else { return (text.to_string(), options) };
    let mut common = first.clone();
    for o in &options[1..] {
        let n = common.chars().zip(o.chars()).take_while(|(a, b)| a == b).count();
        common = common.chars().take(n).collect();
    }
    if options.len() == 1 {
        common.push(' ');
    }
    (if common.len() > text.len() { common } else { text.to_string() }, options)
}

/// The console panel.
#[component]
pub fn Console() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let state = RwSignal::new(Console { seen: ctx.sim.with_untracked(|s| s.command_log().len()), ..Console::default() });
    let input = RwSignal::new(String::new());
    let hint = RwSignal::new(String::new());
    crate::shared::html::effect(move || {
        let n = ctx.sim.with(|s| s.command_log().len());
        if state.with_untracked(|c| c.seen != n) {
            ctx.sim.with_untracked(|s| state.update(|c| c.echo_new_commands(s)));
        }
    });
    let out = NodeRef::<leptos::html::Div>::new();
    // New lines come in at the bottom: scroll so the newest command is the top line in view,
    // with as much of its answer as fits below it (a terminal that keeps the question visible).
    crate::shared::html::effect(move || {
        state.track();
        request_animation_frame(move || {
            let Some(el) = out.get_untracked() else { return };
            let el: &web_sys::Element = &el;
            let mut line = el.last_element_child();
            while let Some(l) = line.as_ref().filter(|l| l.class_name() != "con-in") {
                line = l.previous_element_sibling();
            }
            if let Some(last) = line.as_ref().and_then(|l| l.dyn_ref::<web_sys::HtmlElement>()) {
                el.set_scroll_top(last.offset_top());
            }
        });
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            let text = input.get_untracked();
            let mut host = ctx;
            state.update(|c| c.submit(&text, &mut host));
            input.set(String::new());
            hint.set(String::new());
        }
        "ArrowUp" => {
            ev.prevent_default();
            if let Some(t) = state.try_update(|c| c.older()).flatten() {
                input.set(t);
            }
        }
        "ArrowDown" => {
            ev.prevent_default();
            if let Some(t) = state.try_update(|c| c.newer()).flatten() {
                input.set(t);
            }
        }
        "Tab" if !ev.shift_key() && !input.get_untracked().trim().is_empty() => {
            let (line, options) = tab_complete(&input.get_untracked());
            // Only keep focus when there was something to complete, so Tab still leaves the field.
            if !options.is_empty() {
                ev.prevent_default();
                input.set(line);
                hint.set(if options.len() > 1 {
                    options.iter().map(|o| o.rsplit(' ').next().unwrap_or(o)).collect::<Vec<_>>().join("  ")
                } else {
                    String::new()
                });
            }
        }
        "Escape" => {
            input.set(String::new());
            hint.set(String::new());
        }
        _ => {}
    };
    view! {
        <section class="panel console" aria-labelledby="console-title">
            <h2 id="console-title" class="panel-title">{crate::shared::icons::terminal()}"Console"</h2>
            <div class="console-out mono" role="log" aria-live="polite" aria-label="Console output" tabindex="0" node_ref=out>
                <For each=move || state.with(|c| c.lines().to_vec()) key=|l| l.id let:l>
                    <div class=match l.kind { Kind::Input => "con-in", Kind::Output => "con-out", Kind::Error => "con-err" }>{l.text.clone()}</div>
                </For>
            </div>
            <label for="console-input" class="con-label">"Command (try " <code>"help"</code> "; ↑/↓ history, Tab completes)"</label>
            <div class="con-prompt">
                <span aria-hidden="true" class="mono">"$ "</span>
                <input id="console-input" class="mono" type="text" autocomplete="off" spellcheck="false"
                    aria-describedby="console-hint"
                    prop:value=input
                    on:input=handler(move |ev| input.set(event_target_value(&ev)))
                    on:keydown=handler(on_key)/>
            </div>
            <p id="console-hint" class="hint mono" aria-live="polite">{hint}</p>
        </section>
    }
}

/// What the page's tests run statements on.
#[cfg(test)]
pub(crate) mod testing {
    use ecs_sim_core::script::{EventRecord, Host, Refusal};
    use ecs_sim_core::{Command, Millis, Outcome, SimConfig, Simulation};

    /// A page without the page: it drains after each change into its own record, as [`Ctx`](crate::shared::ctx::Ctx) does.
    pub struct Plain(pub Simulation, pub EventRecord);

    impl Plain {
        /// A fresh cluster built from `config`.
        pub fn new(config: SimConfig) -> Plain {
            Plain(Simulation::new(config), EventRecord::new())
        }
    }

    impl Host for Plain {
        fn read(&self, f: &mut dyn FnMut(&Simulation, &EventRecord)) {
            f(&self.0, &self.1)
        }
        fn apply(&mut self, cmd: Command) -> Result<Outcome, Refusal> {
            let outcome = self.0.apply(cmd)?;
            self.1.extend(self.0.drain_events());
            Ok(outcome)
        }
        fn advance(&mut self, d: Millis) {
            self.0.advance_by(d);
            self.1.extend(self.0.drain_events());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::Plain;
    use super::*;
    use ecs_sim_core::SimConfig;

    fn texts(c: &Console) -> Vec<String> {
        c.lines().iter().map(|l| l.text.clone()).collect()
    }

    #[test]
    fn typed_lines_change_the_cluster_and_answer_like_the_cli() {
        let mut host = Plain::new(SimConfig::default());
        let mut c = Console::default();
        c.submit("aws ecs create-service --service-name web --task-definition web:1 --desired-count 2", &mut host);
        c.submit("advance 2m", &mut host);
        c.submit("kill service web task 1", &mut host);
        c.submit("expect service web desired 2", &mut host);
        c.submit("aws ecs update-service --service nope --desired-count 1", &mut host);
        let out = texts(&c);
        // create-service answers with the service, as the AWS CLI prints it.
        let at = out.iter().position(|l| l == "{").expect("a JSON reply");
        assert_eq!(out[at + 1], r#"    "service": {"#, "{out:?}");
        assert!(out.iter().any(|l| l.trim() == r#""serviceName": "web","#), "{out:?}");
        assert!(out.contains(&"Virtual time is now 00:02:00.".to_string()), "{out:?}");
        assert!(out.iter().any(|l| l.starts_with("= aws ecs stop-task --cluster production --task ")), "{out:?}");
        assert!(out.contains(&"✓ holds".to_string()));
        assert_eq!(
            c.lines().last().map(|l| (l.kind, l.text.as_str())),
            Some((
                Kind::Error,
                "An error occurred (ServiceNotFoundException) when calling the UpdateService operation: Service not found."
            ))
        );
        assert_eq!(host.0.services().len(), 1);
    }

    #[test]
    fn expect_event_sees_events_the_log_has_dropped() {
        let mut host = Plain::new(SimConfig { event_cap: 8, ..SimConfig::default() });
        let mut c = Console::default();
        for l in [
            "aws ecs create-service --service-name web --task-definition web:1 --desired-count 2",
            "advance 1m",
            "kill service web task 1",
            "advance 1m",
            "expect event \"Cluster production in us-east-1 is ready with 3 container instances.\"",
            "expect event cluster-ready cluster=production instances=3",
        ] {
            c.submit(l, &mut host);
        }
        assert!(!host.0.events().iter().any(|e| e.message().contains("is ready with")), "the log still holds the first event");
        assert_eq!(c.lines().last().map(|l| (l.kind, l.text.as_str())), Some((Kind::Output, "✓ holds")));
        c.submit("expect no event \"is ready with\"", &mut host);
        assert!(c.lines().last().is_some_and(|l| l.kind == Kind::Error
            && l.text.starts_with("expected no such event, found an event containing \"is ready with\": 00:00:00")));
        assert_eq!(c.lines().iter().filter(|l| l.text == "✓ holds").count(), 2, "the typed check sees the dropped event too");
    }

    #[test]
    fn clicks_elsewhere_are_echoed_as_commands_once() {
        let mut host = Plain::new(SimConfig::default());
        let mut c = Console::default();
        host.0.apply(Command::run_task("worker:1", 2, ecs_sim_core::LaunchType::Ec2)).unwrap();
        c.echo_new_commands(&host.0);
        c.submit("advance 5s", &mut host);
        c.echo_new_commands(&host.0);
        assert_eq!(
            texts(&c),
            vec![
                "aws ecs run-task --cluster production --task-definition worker:1 --count 2 --launch-type EC2",
                "advance 5s",
                "Virtual time is now 00:00:05."
            ]
        );
    }

    #[test]
    fn history_walks_back_and_forth() {
        let mut host = Plain::new(SimConfig::default());
        let mut c = Console::default();
        for l in ["help", "advance 1s", "advance 1s", "help kill"] {
            c.submit(l, &mut host);
        }
        assert_eq!(c.older().as_deref(), Some("help kill"));
        assert_eq!(c.older().as_deref(), Some("advance 1s"));
        assert_eq!(c.older().as_deref(), Some("help"));
        assert_eq!(c.older().as_deref(), Some("help"));
        assert_eq!(c.newer().as_deref(), Some("advance 1s"));
        assert_eq!(c.newer().as_deref(), Some("help kill"));
        assert_eq!(c.newer().as_deref(), Some(""));
        assert_eq!(c.newer(), None);
    }

    #[test]
    fn tab_completes_the_common_part() {
        assert_eq!(tab_complete("aws ecs describe-t").0, "aws ecs describe-task");
        assert_eq!(tab_complete("aws ecs stop-").0, "aws ecs stop-task ");
        assert_eq!(tab_complete("aws ecs stop-task --r").0, "aws ecs stop-task --reason ");
        assert_eq!(tab_complete("zzz").1, Vec::<String>::new());
    }
}
