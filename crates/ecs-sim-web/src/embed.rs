//! Embedding in course pages.
//!
//! **Query parameters** shape the page: `embed=1` (compact layout), `panels=cluster,log,…`,
//! `theme=light|dark`, `autoplay=0|1`, `speed=1…60`, `seed=N`, `lock=deploy,kill,time,reset`,
//! `scenario=NAME` (with `autoplay=1`, its first step plays at once) and `origins=https://host.example,…`. A bad value is named in a notice and
//! ignored; the rest still applies.
//!
//! **postMessage API** (all messages are objects with `source: "ecs-sim"` when they come from the
//! frame):
//! - out, to every origin listed in `origins`: `{type: "ready"}`, `{type: "height", height}`
//!   whenever the page's height changes (these two also go to `*` when no origin is listed, so
//!   any host can size the frame), and `{type: "event", topic, event}` where `topic` is
//!   `task-stopped`, `service-steady` or `scenario-step` and `event` is the core's event
//!   (`id`, `at` in virtual ms, `severity`, `kind`, `message`);
//! - in, accepted only from an origin listed in `origins`: `{type: "command", id, command}` where
//!   `command` is a line of the command language; the frame answers
//!   `{type: "result", id, ok, output}` (or `error`). Messages from other origins are ignored.

use crate::shared::ctx::Ctx;
use ecs_sim_core::{Event, EventKind};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Adds `k` to a sorted list of names unless it is there (a set type would cost the page
/// kilobytes of wasm for a handful of names).
fn insert_sorted(list: &mut Vec<&'static str>, k: &'static str) {
    if let Err(i) = list.binary_search(&k) {
        list.insert(i, k);
    }
}

/// The page's parts, as `panels=` names them.
pub const PANELS: [&str; 8] = ["cluster", "guide", "deploy", "services", "log", "console", "wizard", "learn"];
/// What `lock=` can lock.
pub const LOCKS: [&str; 4] = ["deploy", "kill", "time", "reset"];

/// What the query string asked for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EmbedConfig {
    /// Compact layout for an iframe.
    pub embed: bool,
    /// The panels to show (`None`: all), sorted, each once.
    pub panels: Option<Vec<&'static str>>,
    /// `light` or `dark`.
    pub theme: Option<&'static str>,
    /// Start playing (true) or paused (false).
    pub autoplay: Option<bool>,
    /// Open on the demo cluster (the default page) or an empty one (the default in an embed, so a
    /// host's own commands start from nothing).
    pub demo: Option<bool>,
    /// Virtual seconds per real second.
    pub speed: Option<u32>,
    /// The run's seed.
    pub seed: Option<u64>,
    /// Controls the host has locked, sorted, each once.
    pub locks: Vec<&'static str>,
    /// A built-in scenario to open.
    pub scenario: Option<String>,
    /// Origins allowed to send commands (and that receive messages).
    pub origins: Vec<String>,
}

fn known(list: &[&'static str], value: &str) -> Option<&'static str> {
    list.iter().copied().find(|k| *k == value)
}

fn decode_component(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Reads the query string (with or without its leading `?`). Returns what applies and a message
/// for each value that was ignored.
pub fn parse(query: &str) -> (EmbedConfig, Vec<String>) {
    let mut c = EmbedConfig::default();
    let mut problems = Vec::new();
    for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        let value = decode_component(raw);
        let value = value.trim();
        let mut bad = |expected: &str| problems.push(format!("{key}={value:?} was ignored: expected {expected}."));
        match key {
            "embed" => match value {
                "1" | "true" | "" => c.embed = true,
                "0" | "false" => c.embed = false,
                _ => bad("1 or 0"),
            },
            "panels" => {
                let mut set = Vec::new();
                for p in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    match known(&PANELS, p) {
                        Some(k) => insert_sorted(&mut set, k),
                        None => problems.push(format!("panels: {p:?} is not a panel (known: {}).", PANELS.join(", "))),
                    }
                }
                if set.is_empty() {
                    problems.push("panels= named no known panel, so all are shown.".into());
                } else {
                    c.panels = Some(set);
                }
            }
            "theme" => match value {
                "light" => c.theme = Some("light"),
                "dark" => c.theme = Some("dark"),
                _ => bad("light or dark"),
            },
            "autoplay" => match value {
                "1" | "true" => c.autoplay = Some(true),
                "0" | "false" => c.autoplay = Some(false),
                _ => bad("1 or 0"),
            },
            "demo" => match value {
                "1" | "true" => c.demo = Some(true),
                "0" | "false" => c.demo = Some(false),
                _ => bad("1 or 0"),
            },
            "speed" => match value.trim_end_matches(['x', '×']).parse::<u32>() {
                Ok(s) if (1..=60).contains(&s) => c.speed = Some(s),
                _ => bad("a whole number from 1 to 60"),
            },
            "seed" => match value.parse::<u64>() {
                Ok(s) => c.seed = Some(s),
                Err(_) => bad("a whole number from 0 to 18446744073709551615"),
            },
            "lock" => {
                for l in value.split(',').map(str::trim).filter(|l| !l.is_empty()) {
                    match known(&LOCKS, l) {
                        Some(k) => insert_sorted(&mut c.locks, k),
                        None => problems.push(format!("lock: {l:?} cannot be locked (known: {}).", LOCKS.join(", "))),
                    }
                }
            }
            "scenario" => {
                if value.is_empty() || value.len() > 64 || !value.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '_') {
                    bad("the name of a built-in scenario");
                } else {
                    c.scenario = Some(value.to_string());
                }
            }
            "origins" => {
                for o in value.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                    if valid_origin(o) {
                        c.origins.push(o.to_string());
                    } else {
                        problems.push(format!(
                            "origins: {o:?} is not an origin like https://example.org (scheme, host, optional port; no path)."
                        ));
                    }
                }
            }
            // The browser benchmark's own parameter (see app.rs).
            "bench" => {}
            _ => problems.push(format!("Unknown parameter {key:?} was ignored.")),
        }
    }
    (c, problems)
}

fn valid_origin(o: &str) -> bool {
    let Some(rest) = o.strip_prefix("https://").or_else(|| o.strip_prefix("http://")) else { return false };
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    !host.is_empty()
        && host.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '.')
        && port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.chars().all(|ch| ch.is_ascii_digit()))
}

/// The message topic of an event a host may care about.
pub fn topic(e: &Event) -> Option<&'static str> {
    match &e.kind {
        EventKind::TaskStopped { .. } => Some("task-stopped"),
        EventKind::SteadyState { .. } => Some("service-steady"),
        _ => None,
    }
}

/// The embedding state the page reads.
#[derive(Clone)]
pub struct Embed {
    /// What the query string asked for.
    pub config: StoredValue<EmbedConfig>,
}

/// Posts to the listed origins; with none listed, only `public` messages go out (to `*`).
fn post_to(origins: &[String], message: &JsValue, public: bool) {
    let Some(w) = web_sys::window() else { return };
    let Ok(parent) = w.parent() else { return };
    let Some(parent) = parent else { return };
    if parent == w {
        return;
    }
    if origins.is_empty() {
        if public {
            let _ = parent.post_message(message, "*");
        }
    } else {
        for o in origins {
            let _ = parent.post_message(message, o);
        }
    }
}

fn post(origins: &[String], message: &JsValue) {
    post_to(origins, message, false);
}

fn message(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&obj, &"source".into(), &"ecs-sim".into());
    let _ = js_sys::Reflect::set(&obj, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = js_sys::Reflect::set(&obj, &(*k).into(), v);
    }
    obj.into()
}

/// Sends a scenario-step message to the host.
pub fn post_step(ctx: Ctx, scenario: &str, step: usize, title: &str) {
    let Some(e) = use_context::<Embed>() else { return };
    let origins = e.config.with_value(|c| c.origins.clone());
    let at = ctx.sim.with_untracked(|s| s.now().0) as f64;
    let ev = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&ev, &"scenario".into(), &scenario.into());
    let _ = js_sys::Reflect::set(&ev, &"step".into(), &(step as f64).into());
    let _ = js_sys::Reflect::set(&ev, &"title".into(), &title.into());
    let _ = js_sys::Reflect::set(&ev, &"at".into(), &at.into());
    post(&origins, &message("event", &[("topic", "scenario-step".into()), ("event", ev.into())]));
}

/// The embedding page's commands bypass the locks it set for visitors.
struct Host(Ctx);

impl ecs_sim_core::script::Host for Host {
    fn read(&self, f: &mut dyn FnMut(&ecs_sim_core::Simulation, &ecs_sim_core::script::EventRecord)) {
        ecs_sim_core::script::Host::read(&self.0, f)
    }
    fn apply(&mut self, cmd: ecs_sim_core::Command) -> Result<ecs_sim_core::Outcome, ecs_sim_core::script::Refusal> {
        self.0.apply_as(cmd, false)
    }
    fn advance(&mut self, d: ecs_sim_core::Millis) {
        self.0.advance(d)
    }
}

thread_local! {
    /// The host's own console session (its labels and history), separate from the visitor's.
    static SESSION: std::cell::RefCell<crate::console::Console> = Default::default();
}

/// Runs one line of the command language for the embedding page; the output lines, or the error.
pub fn run_line(ctx: Ctx, line: &str) -> Result<String, String> {
    SESSION.with_borrow_mut(|console| {
        let before = console.lines().last().map_or(0, |l| l.id);
        console.submit(line, &mut Host(ctx));
        let fresh: Vec<&crate::console::Line> =
            console.lines().iter().filter(|l| l.id > before && l.kind != crate::console::Kind::Input).collect();
        let text = fresh.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n");
        if fresh.iter().any(|l| l.kind == crate::console::Kind::Error) {
            Err(text)
        } else {
            Ok(text)
        }
    })
}

/// Applies the query string to the page and starts the message channel. Returns the notices for
/// ignored values.
pub fn start(ctx: Ctx, run_line: fn(Ctx, &str) -> Result<String, String>) -> Vec<String> {
    let query = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let (config, problems) = parse(&query);
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    if let Some(root) = &root {
        if config.embed {
            let _ = root.set_attribute("data-embed", "");
        }
        if let Some(p) = &config.panels {
            let _ = root.set_attribute("data-panels", &p.join(" "));
            if !["guide", "deploy", "services"].iter().any(|s| p.contains(s)) {
                let _ = root.set_attribute("data-side", "none");
            }
        }
        if !config.locks.is_empty() {
            let _ = root.set_attribute("data-locks", &config.locks.join(" "));
        }
        if let Some(t) = config.theme {
            let _ = root.set_attribute("data-theme", t);
        }
    }
    if let Some(s) = config.speed {
        ctx.speed.set(s);
    }
    if let Some(a) = config.autoplay {
        ctx.playing.set(a);
    }
    // A visitor's own run (restored from storage) is never replaced by a parameter.
    let demo = config.demo.unwrap_or(!config.embed);
    let (pristine, empty, now_seed) =
        ctx.sim.with_untracked(|s| (ecs_sim_core::demo::is_pristine(s), s.command_log().is_empty(), s.config().seed));
    let seed = config.seed.unwrap_or(now_seed);
    if pristine && (seed != now_seed || demo == empty) {
        if demo {
            ctx.reset(seed);
        } else {
            ctx.clear(seed);
        }
    }
    ctx.locks.set_value(config.locks.clone());
    let lessons = expect_context::<crate::learn::guide::Lessons>();
    let mut problems = problems;
    if let Some(name) = &config.scenario {
        match ecs_sim_core::script::scenarios().iter().find(|(n, _, _)| n == name) {
            Some((n, t, text)) => match crate::learn::guide::Lesson::new(n, t, text) {
                Ok(l) => {
                    crate::learn::guide::start(ctx, lessons, l);
                    // autoplay=1 starts the scenario: its first step plays at once.
                    if config.autoplay == Some(true) {
                        crate::learn::guide::play_step(ctx, lessons);
                    }
                }
                Err(e) => problems.push(format!("scenario {name:?} could not be read: {e}")),
            },
            None => {
                let known: Vec<&str> = ecs_sim_core::script::scenarios().iter().map(|(n, _, _)| *n).collect();
                problems.push(format!("scenario={name:?} is not a built-in scenario (known: {}).", known.join(", ")));
            }
        }
    }
    if let Some(encoded) = crate::persist::fragment("#script=") {
        let lessons = expect_context::<crate::learn::guide::Lessons>();
        let p = expect_context::<crate::persist::Persist>();
        leptos::task::spawn_local(async move {
            let r = crate::persist::decode(&encoded)
                .await
                .and_then(|text| crate::learn::guide::Lesson::new("custom", "A scenario from a link", &text));
            match r {
                Ok(l) => crate::learn::guide::start(ctx, lessons, l),
                Err(e) => p.notice.set(Some(crate::persist::Notice {
                    text: format!("The scenario in the link could not be read: {e}"),
                    problem: true,
                    action: None,
                })),
            }
            crate::persist::clear_fragment();
        });
    }
    let origins = config.origins.clone();
    provide_context(Embed { config: StoredValue::new(config) });

    // Tell the host about new events it may care about.
    let last_id = StoredValue::new(ctx.sim.with_untracked(|s| s.events().back().map_or(0, |e| e.id)));
    let out = origins.clone();
    crate::shared::html::effect(move || {
        let seen = last_id.get_value();
        let fresh: Vec<(String, &'static str, std::sync::Arc<Event>)> = ctx.sim.with(|s| {
            s.events()
                .iter()
                .filter(|e| e.id > seen)
                .filter_map(|e| topic(e).map(|t| (serde_json::to_string(e).unwrap_or_default(), t, e.clone())))
                .collect()
        });
        if let Some(max) = ctx.sim.with_untracked(|s| s.events().back().map(|e| e.id)) {
            last_id.set_value(max);
        }
        for (json, t, e) in fresh {
            let ev = js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL);
            // The facts travel as data (`kind`); the ECS wording rides along for display.
            let _ = js_sys::Reflect::set(&ev, &"message".into(), &e.message().into());
            post(&out, &message("event", &[("topic", t.into()), ("event", ev)]));
        }
    });

    // Commands from the host, only from the listed origins.
    let allowed = origins.clone();
    let handle = window_event_listener(leptos::ev::message, move |ev: web_sys::MessageEvent| {
        if !allowed.iter().any(|o| *o == ev.origin()) {
            return;
        }
        let data = ev.data();
        let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
        if get("type").and_then(|t| t.as_string()).as_deref() != Some("command") {
            return;
        }
        let id = get("id").unwrap_or(JsValue::NULL);
        let reply = match get("command").and_then(|c| c.as_string()) {
            Some(line) if line.len() <= 100_000 => match run_line(ctx, &line) {
                Ok(output) => message("result", &[("id", id), ("ok", true.into()), ("output", output.into())]),
                Err(error) => message("result", &[("id", id), ("ok", false.into()), ("error", error.into())]),
            },
            _ => message(
                "result",
                &[("id", id), ("ok", false.into()), ("error", "`command` must be a string of the command language.".into())],
            ),
        };
        // A cross-origin WindowProxy fails `instanceof Window`, so no checked cast here.
        if let Some(src) = ev.source() {
            let _ = src.unchecked_into::<web_sys::Window>().post_message(&reply, &ev.origin());
        }
    });
    on_cleanup(move || handle.remove());

    // Report the page's height so the host's iframe needs no scrollbar.
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        let out = origins.clone();
        let last = std::cell::Cell::new(0i32);
        let cb = Closure::<dyn FnMut(js_sys::Array)>::new(move |_entries: js_sys::Array| {
            let h = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element()).map_or(0, |e| e.scroll_height());
            if h != last.get() {
                last.set(h);
                post_to(&out, &message("height", &[("height", h.into())]), true);
            }
        });
        if let Ok(obs) = web_sys::ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            obs.observe(&body);
        }
        cb.forget();
    }
    post_to(&origins, &message("ready", &[]), true);
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_apply_and_bad_values_are_named() {
        let (c, problems) = parse("?embed=1&panels=cluster,log,bogus&theme=dark&autoplay=0&speed=30&lock=kill,time&origins=https://course.example,ftp://x&seed=42&zoom=2");
        assert!(c.embed);
        assert_eq!(c.panels, Some(vec!["cluster", "log"]));
        assert_eq!(c.theme, Some("dark"));
        assert_eq!(c.autoplay, Some(false));
        assert_eq!(c.speed, Some(30));
        assert_eq!(c.seed, Some(42));
        assert_eq!(c.locks, vec!["kill", "time"]);
        assert_eq!(c.origins, vec!["https://course.example".to_string()]);
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(problems[0].contains("\"bogus\" is not a panel"));
        assert!(problems[1].contains("\"ftp://x\" is not an origin"));
        assert!(problems[2].contains("Unknown parameter \"zoom\""));
    }

    #[test]
    fn out_of_range_values_are_ignored_with_a_reason() {
        let (c, problems) = parse("speed=500&theme=%3Cscript%3E&scenario=a%20b");
        assert_eq!(c.speed, None);
        assert_eq!(c.theme, None);
        assert_eq!(c.scenario, None);
        assert!(problems[0].starts_with("speed=\"500\" was ignored"));
        assert!(problems[1].contains("\"<script>\""), "{problems:?}");
        assert!(problems[2].contains("scenario=\"a b\""));
    }

    #[test]
    fn percent_escapes_decode_to_the_very_end() {
        assert_eq!(parse("theme=%64ar%6B").0.theme, Some("dark"));
        assert_eq!(decode_component("a%2"), "a%2");
        assert_eq!(decode_component("%E2%9C%93+ok"), "✓ ok");
    }

    #[test]
    fn origins_must_be_bare_origins() {
        assert!(valid_origin("https://a.example:8443"));
        assert!(valid_origin("http://127.0.0.1:4173"));
        assert!(!valid_origin("https://a.example/path"));
        assert!(!valid_origin("*"));
        assert!(!valid_origin("https://"));
    }
}
