//! Keeping what the visitor built. The run — configuration with its seed, command log and the
//! virtual time reached ([`SavedRun`]) — is saved in localStorage and restored on reload,
//! exported and imported as a JSON file, and carried in share links (`#run=`, deflated with the
//! browser's own CompressionStream and base64url-encoded).
//!
//! Nothing the visitor had is overwritten without a way back: an unreadable saved run is kept
//! under its own key and offered as a download; opening a share link keeps the previous run and
//! offers to go back to it; importing over a run with commands asks first.

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use crate::shared::html::sig;
use ecs_sim_core::saved::SavedRun;
use ecs_sim_core::Simulation;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

// The Compression Streams API is still behind web-sys's unstable flag; these few bindings are
// all the page needs of it.
#[wasm_bindgen]
extern "C" {
    type CompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<CompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &CompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &CompressionStream) -> web_sys::WritableStream;

    type DecompressionStream;
    #[wasm_bindgen(constructor, catch)]
    fn new(format: &str) -> Result<DecompressionStream, JsValue>;
    #[wasm_bindgen(method, getter)]
    fn readable(this: &DecompressionStream) -> web_sys::ReadableStream;
    #[wasm_bindgen(method, getter)]
    fn writable(this: &DecompressionStream) -> web_sys::WritableStream;
}

const RUN_KEY: &str = "ecs-sim.run";
const UNREADABLE_KEY: &str = "ecs-sim.run.unreadable";
const PREVIOUS_KEY: &str = "ecs-sim.run.previous";
const FRAGMENT: &str = "#run=";
/// Real milliseconds between two saves while only time moves.
const SAVE_EVERY_MS: f64 = 2_000.0;

/// A message about saving, loading or sharing, with what the visitor can do about it.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    /// What happened, in words.
    pub text: String,
    /// A problem (shown as an alert) rather than information.
    pub problem: bool,
    /// The one follow-up offered, if any.
    pub action: Option<Action>,
}

/// The follow-up a [`Notice`] offers.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Download the unreadable saved run that was set aside.
    DownloadUnreadable,
    /// Go back to the run that was open before a share link replaced it.
    RestorePrevious,
    /// Replace the current run with this imported one.
    ConfirmImport(Box<SavedRun>),
}

/// Persistence state shared by the page.
#[derive(Clone, Copy)]
pub struct Persist {
    /// The current notice.
    pub notice: RwSignal<Option<Notice>>,
    /// The last share link made, shown so it can be copied by hand too.
    pub link: RwSignal<Option<String>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn read(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

fn write(key: &str, value: &str) -> Result<(), String> {
    let s = storage().ok_or("this browser gives the page no local storage")?;
    s.set_item(key, value).map_err(|_| "the browser's storage for this site is full or switched off".to_string())
}

/// Restores the saved run (or opens a share link) and keeps saving from now on.
pub fn start(ctx: Ctx) -> Persist {
    let p = Persist { notice: RwSignal::new(None), link: RwSignal::new(None) };
    provide_context(p);
    // `?bench=N` builds its own cluster for the browser benchmark; nothing saved replaces it.
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    let bench = crate::bench::bench_param(&search).is_some();
    if let Some(text) = read(RUN_KEY).filter(|_| !bench) {
        match SavedRun::from_json(&text).and_then(|run| run.restore()) {
            Ok(sim) => ctx.sim.set(sim),
            Err(e) => {
                let kept = write(UNREADABLE_KEY, &text).is_ok();
                let text = if kept {
                    format!("Your saved cluster could not be restored. {e} A copy was kept; the simulator started fresh.")
                } else {
                    format!("Your saved cluster could not be restored. {e} The simulator started fresh.")
                };
                p.notice.set(Some(Notice { text, problem: true, action: kept.then_some(Action::DownloadUnreadable) }));
            }
        }
    }
    if let Some(encoded) = fragment_run() {
        leptos::task::spawn_local(async move {
            match decode(&encoded).await.and_then(|t| SavedRun::from_json(&t).and_then(|r| r.restore()).map_err(|e| e.to_string())) {
                Ok(sim) => {
                    let kept = visitor_run(ctx).is_some_and(|m| write(PREVIOUS_KEY, &m).is_ok());
                    let seed = sim.config().seed;
                    ctx.sim.set(sim);
                    save(ctx);
                    let text = if kept {
                        format!("Opened the shared run (seed {seed}). Your own cluster was kept.")
                    } else {
                        format!("Opened the shared run (seed {seed}).")
                    };
                    p.notice.set(Some(Notice { text, problem: false, action: kept.then_some(Action::RestorePrevious) }));
                }
                Err(e) => {
                    p.notice.set(Some(Notice { text: format!("The share link could not be opened: {e}"), problem: true, action: None }))
                }
            }
            clear_fragment();
        });
    }
    // Save when a command lands at once, otherwise every couple of seconds while time runs.
    let last = StoredValue::new((usize::MAX, 0.0f64));
    crate::shared::html::effect(move || {
        let len = ctx.sim.with(|s| s.command_log().len());
        let now = js_sys::Date::now();
        let (saved_len, saved_at) = last.get_value();
        if len != saved_len || now - saved_at >= SAVE_EVERY_MS {
            last.set_value((len, now));
            save(ctx);
        }
    });
    let handle = window_event_listener(leptos::ev::pagehide, move |_| save(ctx));
    on_cleanup(move || handle.remove());
    p
}

/// The run as saved JSON, unless it holds nothing of the visitor's (see
/// [`ecs_sim_core::demo::is_pristine`]).
fn visitor_run(ctx: Ctx) -> Option<String> {
    ctx.with_run(|s| (!ecs_sim_core::demo::is_pristine(s)).then(|| SavedRun::of(s).to_json()))
}

/// Before something replaces the visitor's cluster (a scenario, a reset): keeps the current run,
/// if it holds the visitor's work, and offers the way back with `text`. Returns whether a run
/// was kept.
pub fn keep_previous(ctx: Ctx, text: &str) -> bool {
    let kept = visitor_run(ctx).is_some_and(|m| write(PREVIOUS_KEY, &m).is_ok());
    if kept {
        if let Some(p) = use_context::<Persist>() {
            p.notice.set(Some(Notice { text: text.into(), problem: false, action: Some(Action::RestorePrevious) }));
        }
    }
    kept
}

/// Writes the run to localStorage; a failure becomes a notice (once).
pub fn save(ctx: Ctx) {
    let json = ctx.with_run(|s| SavedRun::of(s).to_json());
    if let Err(e) = write(RUN_KEY, &json) {
        if let Some(p) = use_context::<Persist>() {
            if p.notice.with_untracked(|n| n.is_none()) {
                // No storage at all (a private window, a frame whose storage the browser blocks)
                // is how the page is used, not a fault: say so quietly. Storage that refuses is one.
                let notice = if storage().is_none() {
                    Notice {
                        text: "This run is not saved: the browser gives this page no storage here. It lasts until the page closes.".into(),
                        problem: false,
                        action: None,
                    }
                } else {
                    Notice { text: format!("The cluster could not be saved: {e}."), problem: true, action: None }
                };
                p.notice.set(Some(notice));
            }
        }
    }
}

fn fragment_run() -> Option<String> {
    fragment(FRAGMENT)
}

/// The value after `prefix` (`#run=`, `#script=`) in the address's fragment.
pub fn fragment(prefix: &str) -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    hash.strip_prefix(prefix).map(str::to_string)
}

/// Drops the fragment from the address (once read), keeping the page's path and query.
pub fn clear_fragment() {
    let Some(w) = web_sys::window() else { return };
    let (Ok(path), Ok(search), Ok(history)) = (w.location().pathname(), w.location().search(), w.history()) else { return };
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{search}")));
}

/// Offers `text` as a file download (a Blob URL: nothing leaves the page).
pub fn download(name: &str, text: &str, mime: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Ok(a) = doc.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Some(a) = a.dyn_ref::<web_sys::HtmlElement>() {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

async fn pipe(bytes: &[u8], compress: bool) -> Result<Vec<u8>, String> {
    let fail = |what: &str| format!("the browser could not {what} it");
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|_| fail("read"))?;
    let stream = blob.stream();
    let piped = if compress {
        let cs = CompressionStream::new("deflate-raw").map_err(|_| fail("compress"))?;
        stream.pipe_through(&web_sys::ReadableWritablePair::new(&cs.readable(), &cs.writable()))
    } else {
        let ds = DecompressionStream::new("deflate-raw").map_err(|_| fail("decompress"))?;
        stream.pipe_through(&web_sys::ReadableWritablePair::new(&ds.readable(), &ds.writable()))
    };
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&piped)).map_err(|_| fail("read"))?;
    let buf = JsFuture::from(response.array_buffer().map_err(|_| fail("read"))?)
        .await
        .map_err(|_| "the link's data is damaged (it does not decompress)".to_string())?;
    Ok(js_sys::Uint8Array::new(&buf).to_vec())
}

/// Deflates and base64url-encodes a run for a URL fragment.
pub async fn encode(text: &str) -> Result<String, String> {
    let bytes = pipe(text.as_bytes(), true).await?;
    let binary: String = bytes.iter().map(|b| char::from(*b)).collect();
    let b64 = web_sys::window().ok_or("no window")?.btoa(&binary).map_err(|_| "could not encode".to_string())?;
    Ok(b64.trim_end_matches('=').replace('+', "-").replace('/', "_"))
}

/// The inverse of [`encode`]; errors say what is wrong with the link.
pub async fn decode(encoded: &str) -> Result<String, String> {
    if encoded.len() > 3_000_000 {
        return Err("the link is too long".into());
    }
    if !encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') {
        return Err("the link holds characters a share link never has (was it cut or edited?)".into());
    }
    let mut b64 = encoded.replace('-', "+").replace('_', "/");
    while !b64.len().is_multiple_of(4) {
        b64.push('=');
    }
    let binary = web_sys::window().ok_or("no window")?.atob(&b64).map_err(|_| "the link is damaged (not base64url)".to_string())?;
    let bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
    let out = pipe(&bytes, false).await?;
    String::from_utf8(out).map_err(|_| "the link's data is damaged (not text)".to_string())
}

fn file_name(sim: &Simulation) -> String {
    format!("ecs-sim-run-seed-{}-{}s.json", sim.config().seed, sim.now().0 / 1000)
}

/// Export, import and share: the run menu.
#[component]
pub fn RunMenu() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let p = expect_context::<Persist>();
    let export = move |_| {
        let (name, json) = ctx.with_run(|s| (file_name(s), SavedRun::of(s).to_json()));
        download(&name, &json, "application/json");
    };
    let import = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        if file.size() > ecs_sim_core::saved::MAX_BYTES as f64 {
            let text = format!("{} is too large to be a saved run ({} bytes).", file.name(), file.size() as u64);
            p.notice.set(Some(Notice { text, problem: true, action: None }));
            return;
        }
        leptos::task::spawn_local(async move {
            let text = match JsFuture::from(file.text()).await {
                Ok(t) => t.as_string().unwrap_or_default(),
                Err(_) => {
                    p.notice.set(Some(Notice { text: format!("{} could not be read.", file.name()), problem: true, action: None }));
                    return;
                }
            };
            match SavedRun::from_json(&text).and_then(|r| r.restore().map(|_| r)) {
                Err(e) => {
                    p.notice.set(Some(Notice { text: format!("{} was not imported. {e}", file.name()), problem: true, action: None }))
                }
                Ok(run) => {
                    let (mine, pristine) = ctx.sim.with_untracked(|s| (s.command_log().len(), ecs_sim_core::demo::is_pristine(s)));
                    if pristine {
                        apply_import(ctx, p, &run);
                    } else {
                        let text = format!(
                            "Replace your current cluster ({mine} commands) with {} (seed {}, {} commands)?",
                            file.name(),
                            run.config.seed,
                            run.commands.len()
                        );
                        p.notice.set(Some(Notice { text, problem: false, action: Some(Action::ConfirmImport(Box::new(run))) }));
                    }
                }
            }
        });
    };
    let share = move |_| {
        let json = ctx.with_run(|s| SavedRun::of(s).to_json());
        leptos::task::spawn_local(async move {
            match encode(&json).await {
                Ok(code) => {
                    let Some(w) = web_sys::window() else { return };
                    let base = w.location().href().unwrap_or_default();
                    let base = base.split('#').next().unwrap_or_default().to_string();
                    let link = format!("{base}{FRAGMENT}{code}");
                    let copied = JsFuture::from(w.navigator().clipboard().write_text(&link)).await.is_ok();
                    p.link.set(Some(link));
                    let text = if copied {
                        "Share link copied. Anyone who opens it sees this run replayed exactly."
                    } else {
                        "Share link ready: copy it from the box below."
                    };
                    p.notice.set(Some(Notice { text: text.into(), problem: false, action: None }));
                }
                Err(e) => p.notice.set(Some(Notice { text: format!("No share link: {e}."), problem: true, action: None })),
            }
        });
    };
    view! {
        <div class="run-menu" role="group" aria-label="Save and share">
            <button class="btn" on:click=handler(share)>"Copy share link"</button>
            <button class="btn" on:click=handler(export)>"Export run"</button>
            <label class="btn file-btn">
                "Import run"
                <input class="sr-only" type="file" accept="application/json,.json" on:change=handler(import)/>
            </label>
        </div>
        {crate::shared::html::show(move || p.link.with(|l| l.is_some()), move || view! {
            <label class="share-link">
                <span>"Share link"</span>
                <input class="mono" type="text" readonly prop:value=sig(move || p.link.get().unwrap_or_default())
                    on:focus=handler(move |ev: leptos::ev::FocusEvent| { let i: web_sys::HtmlInputElement = event_target(&ev); i.select(); })/>
            </label>
        })}
        <NoticeBar/>
    }
}

fn apply_import(ctx: Ctx, p: Persist, run: &SavedRun) {
    match run.restore() {
        Ok(sim) => {
            let seed = sim.config().seed;
            ctx.sim.set(sim);
            save(ctx);
            p.notice.set(Some(Notice { text: format!("Imported the run (seed {seed})."), problem: false, action: None }));
        }
        Err(e) => p.notice.set(Some(Notice { text: format!("The run was not imported. {e}"), problem: true, action: None })),
    }
}

/// The current notice with its follow-up and a dismiss button.
#[component]
fn NoticeBar() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let p = expect_context::<Persist>();
    let act = move |_| {
        let Some(action) = p.notice.with_untracked(|n| n.as_ref().and_then(|n| n.action.clone())) else { return };
        match action {
            Action::DownloadUnreadable => {
                if let Some(text) = read(UNREADABLE_KEY) {
                    download("ecs-sim-unreadable-run.json", &text, "application/json");
                }
            }
            Action::RestorePrevious => match read(PREVIOUS_KEY)
                .ok_or_else(|| "it is no longer stored".to_string())
                .and_then(|t| SavedRun::from_json(&t).and_then(|r| r.restore()).map_err(|e| e.to_string()))
            {
                Ok(sim) => {
                    ctx.sim.set(sim);
                    save(ctx);
                    p.notice.set(Some(Notice { text: "Back to your own cluster.".into(), problem: false, action: None }));
                }
                Err(e) => p.notice.set(Some(Notice {
                    text: format!("Your previous cluster could not be restored: {e}"),
                    problem: true,
                    action: None,
                })),
            },
            Action::ConfirmImport(run) => apply_import(ctx, p, &run),
        }
    };
    let label = move || {
        p.notice.with(|n| match n.as_ref().and_then(|n| n.action.as_ref()) {
            Some(Action::DownloadUnreadable) => "Download the unreadable copy",
            Some(Action::RestorePrevious) => "Back to my cluster",
            Some(Action::ConfirmImport(_)) => "Replace",
            None => "",
        })
    };
    view! {
        {crate::shared::html::show(move || p.notice.with(|n| n.is_some()), move || view! {
            <div class="notice" class:problem=sig(move || p.notice.with(|n| n.as_ref().is_some_and(|n| n.problem)))
                role=sig(move || if p.notice.with(|n| n.as_ref().is_some_and(|n| n.problem)) { "alert" } else { "status" })>
                <p>{sig(move || p.notice.with(|n| n.as_ref().map(|n| n.text.clone()).unwrap_or_default()))}</p>
                <div class="notice-actions">
                    {crate::shared::html::show(move || p.notice.with(|n| n.as_ref().is_some_and(|n| n.action.is_some())), move || view! {
                        <button class="btn primary" on:click=handler(act)>{sig(label)}</button>
                    })}
                    <button class="btn" on:click=handler(move |_| p.notice.set(None))>
                        {sig(move || if p.notice.with(|n| matches!(n.as_ref().and_then(|n| n.action.as_ref()), Some(Action::ConfirmImport(_)))) { "Keep mine" } else { "Dismiss" })}
                    </button>
                </div>
            </div>
        })}
    }
}
