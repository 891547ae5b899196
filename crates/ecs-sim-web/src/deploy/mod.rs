//! The deploy panel: create a service (with its advanced options folded away), run standalone
//! tasks now or on a schedule, and register task definitions. The forms hold text as typed
//! ([`forms`]); every field is checked as the user types and nothing typed is lost when
//! the core refuses a request.

pub mod forms;
mod schedules;
mod taskdef_editor;
pub mod wizard;

use crate::deploy::forms::{Field, FormModel, Kind, ServiceSpec, TaskSpec};
use crate::shared::ctx::Ctx;
use crate::shared::definitions::{definition, definitions};
use crate::shared::free_names::{next_free_name, next_free_schedule};
use crate::shared::html::focus;
use crate::shared::html::handler;
use crate::shared::html::sig;
use crate::shared::icons;
use crate::shared::result_line::Result;
use ecs_sim_core::{TaskDefinition, Workload};
use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Service,
    Task,
    Definition,
}

/// The panel with its three tabs. Form state lives here, so switching tabs keeps it.
#[component]
pub fn DeployPanel() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let mode = RwSignal::new(Mode::Service);
    let svc = RwSignal::new(ServiceSpec { name: next_free_name(ctx, "web"), ..ServiceSpec::default() });
    // The suggested name follows the cluster (a create, a reset, a clear, a restored run): it moves
    // on when it is the suggestion or is taken, and a name the visitor typed is kept otherwise.
    let suggested = StoredValue::new(svc.with_untracked(|x| x.name.clone()));
    let active = Memo::new(move |_| {
        ctx.sim.with(|s| {
            s.services()
                .iter()
                .filter(|(_, v)| v.status != ecs_sim_core::ServiceStatus::Inactive)
                .map(|(n, _)| n.clone())
                .collect::<Vec<_>>()
        })
    });
    crate::shared::html::effect(move || {
        let taken = active.with(|a| svc.with_untracked(|x| a.contains(&x.name)));
        let now = next_free_name(ctx, "web");
        if (taken || svc.with_untracked(|x| x.name == suggested.get_value())) && svc.with_untracked(|x| x.name != now) {
            svc.update(|x| x.name = now.clone());
        }
        suggested.set_value(now);
    });
    let task = RwSignal::new(TaskSpec::default());
    let json = RwSignal::new(String::new());
    let tab = move |m: Mode, label: &'static str, id: &'static str| {
        view! {
            <button type="button" role="tab" id=id class="tab" aria-selected=sig(move || (mode.get() == m).to_string())
                aria-controls="deploy-tabpanel"
                tabindex=sig(move || if mode.get() == m { "0" } else { "-1" })
                on:click=handler(move |_| mode.set(m))>{label}</button>
        }
    };
    let order = [Mode::Service, Mode::Task, Mode::Definition];
    let keys = move |ev: leptos::ev::KeyboardEvent| {
        let i = order.iter().position(|m| *m == mode.get_untracked()).unwrap_or(0);
        let next = match ev.key().as_str() {
            "ArrowRight" => (i + 1) % 3,
            "ArrowLeft" => (i + 2) % 3,
            "Home" => 0,
            "End" => 2,
            _ => return,
        };
        ev.prevent_default();
        mode.set(order[next]);
        focus(["tab-service", "tab-task", "tab-taskdef"][next]);
    };
    view! {
        <section class="panel deploy" id="deploy" aria-labelledby="deploy-title">
            <h2 id="deploy-title" class="panel-title">{icons::add()}"Deploy"</h2>
            <div class="tabs" role="tablist" aria-label="What to deploy" on:keydown=handler(keys)>
                {tab(Mode::Service, "Service", "tab-service")}
                {tab(Mode::Task, "Standalone task", "tab-task")}
                {tab(Mode::Definition, "Task definition", "tab-taskdef")}
            </div>
            <div role="tabpanel" id="deploy-tabpanel" aria-labelledby=sig(move || match mode.get() {
                Mode::Service => "tab-service",
                Mode::Task => "tab-task",
                Mode::Definition => "tab-taskdef",
            })>
                {move || match mode.get() {
                    Mode::Service => EitherOf3::A(view! { <ServiceForm spec=svc/> }),
                    Mode::Task => EitherOf3::B(view! { <TaskForm spec=task/> }),
                    Mode::Definition => EitherOf3::C(view! { <taskdef_editor::TaskDefinitionEditor json/> }),
                }}
            </div>
            <schedules::Schedules/>
        </section>
    }
}

/// One field drawn from its descriptor: label, control, help, and the problem under it
/// (aria-invalid, aria-describedby). Hidden while it does not apply; its text is kept.
fn field_view(m: Model, f: Field, defs: Memo<Vec<String>>) -> impl IntoView {
    let (id, label, help, kind) = f.def();
    let err = format!("{id}-err");
    let described = if help.is_empty() { err.clone() } else { format!("{err} {id}-help") };
    let problem = Memo::new(move |_| m.problem.run(f));
    let value = move || m.get.run(f);
    let set = move |v: String| m.set.run((f, v));
    let control = if kind == Kind::Select {
        let html = Memo::new(move |_| {
            // An entry is the name, or the name, " — " and what the task does (a family name has no spaces).
            let items = if f == Field::TaskDefinition {
                defs.get().into_iter().map(|d| (d.split(" — ").next().unwrap_or_default().to_string(), d)).collect()
            } else {
                f.choices()
            };
            crate::shared::html::options(&items, &value())
        });
        Either::Left(
            view! { <select id=id aria-describedby=described.clone() inner_html=html on:change=handler(move |ev| set(event_target_value(&ev)))></select> },
        )
    } else {
        let check = kind == Kind::Check;
        Either::Right(view! {
            <input id=id type=if check { "checkbox" } else { "text" } inputmode=if kind == Kind::Number { "numeric" } else { "text" }
                autocomplete="off" spellcheck="false" class:mono=kind == Kind::Text
                prop:value=sig(value) prop:checked=sig(move || value() == "true")
                aria-invalid=sig(move || problem.with(Option::is_some).to_string()) aria-describedby=described
                on:input=handler(move |ev| set(if check { event_target_checked(&ev).to_string() } else { event_target_value(&ev) }))/>
        })
    };
    view! {
        <div class="field" class:check=kind == Kind::Check hidden=sig(move || !m.shown.run(f))>
            <label for=id>{label}</label>
            {control}
            <p id=format!("{id}-help") class="help" hidden=help.is_empty()>{help}</p>
            <p id=err class="field-error" aria-live="polite">{sig(move || problem.get().unwrap_or_default())}</p>
        </div>
    }
}

/// The fields of a form: the basic ones, then the advanced ones folded in a `<details>`.
fn form_fields<S: FormModel>(spec: RwSignal<S>, defs: Memo<Vec<String>>, td: Signal<Option<TaskDefinition>>) -> impl IntoView {
    let m = Model {
        get: Callback::new(move |f: Field| spec.with(|s| s.get(f))),
        set: Callback::new(move |(f, v): (Field, String)| spec.update(|s| s.set(f, &v))),
        shown: Callback::new(move |f: Field| spec.with(|s| s.shown(f))),
        problem: Callback::new(move |f: Field| spec.with(|s| td.with(|t| s.problem(f, t.as_ref())))),
    };
    fields(m, S::BASIC, S::ADVANCED, defs)
}

/// A form model with its type erased, so the field views are compiled once.
#[derive(Clone, Copy)]
struct Model {
    get: Callback<Field, String>,
    set: Callback<(Field, String)>,
    shown: Callback<Field, bool>,
    problem: Callback<Field, Option<String>>,
}

fn fields(
    m: Model,
    basic: &'static [Field],
    advanced: &'static [(&'static str, &'static [Field])],
    defs: Memo<Vec<String>>,
) -> impl IntoView {
    let basic = basic.iter().map(|f| field_view(m, *f, defs)).collect_view();
    let advanced = (!advanced.is_empty()).then(|| {
        view! {
            <details class="advanced">
                <summary>"Advanced options"<span class="help">" scheduling, placement, deployments, load balancer, auto scaling"</span></summary>
                {advanced.iter().map(|(legend, fields)| view! {
                    <fieldset>
                        <legend>{*legend}</legend>
                        {fields.iter().map(|f| field_view(m, *f, defs)).collect_view()}
                    </fieldset>
                }).collect_view()}
            </details>
        }
    });
    (basic, advanced)
}

/// A `<pre>` with the CLI equivalent, folded.
#[component]
pub fn CliPreview(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <details class="cli-preview">
            <summary>"The same request as an AWS CLI command"</summary>
            <pre class="cli mono"><code>{text}</code></pre>
        </details>
    }
}

#[component]
fn ServiceForm(spec: RwSignal<ServiceSpec>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let defs = Memo::new(move |_| ctx.sim.with(|s| definitions(s, |d| matches!(d.workload, Workload::LongRunning))));
    let td = Signal::derive(move || spec.with(|s| definition(ctx, &s.task_definition)));
    let result = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = spec.get_untracked();
        let Some(def) = definition(ctx, &s.task_definition) else {
            result.set(Some(Err(format!("Choose a task definition ({} is not registered).", s.task_definition))));
            return;
        };
        if let Some(first) = s.problems(Some(&def)).first() {
            result.set(Some(Err(format!("Fix the form first: {}", first.message()))));
            return;
        }
        let region = ctx.sim.with_untracked(|x| x.config().region.clone());
        let (create, scaling) = s.commands(&def, &region);
        match ctx.apply(create).and_then(|_| scaling.map(|c| ctx.apply(c)).transpose()) {
            Ok(_) => {
                result.set(Some(Ok(format!("Service {} created. Watch its tasks start in the cluster view.", s.name))));
                crate::shared::html::reveal("cluster");
            }
            Err(e) => result.set(Some(Err(e))),
        }
    };
    let cli = Signal::derive(move || {
        let region = ctx.sim.with_untracked(|s| s.config().region.clone());
        spec.with(|s| td.with(|t| s.cli(&region, t.as_ref())))
    });
    let form_problem = move || spec.with(|s| td.with(|t| s.form_problem(t.as_ref()))).unwrap_or_default();
    view! {
        <form class="form" on:submit=handler(submit) novalidate>
            {form_fields(spec, defs, td)}
            <p class="field-error form-problem" aria-live="polite">{sig(form_problem)}</p>
            <button class="btn primary" type="submit">{icons::service()}"Create service"</button>
            <Result result/>
            <CliPreview text=cli/>
        </form>
    }
}

#[component]
fn TaskForm(spec: RwSignal<TaskSpec>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    // The ones that finish by themselves first; each says whether it does.
    let defs = Memo::new(move |_| {
        ctx.sim.with(|s| {
            let mut v = definitions(s, |d| !matches!(d.workload, Workload::LongRunning));
            v.extend(definitions(s, |d| matches!(d.workload, Workload::LongRunning)));
            let label = |n: String| {
                let what = s.task_definitions().get(&n).map(|d| d.workload.summary()).unwrap_or_default();
                format!("{n} — {what}")
            };
            v.into_iter().map(label).collect()
        })
    });
    let td = Signal::derive(move || spec.with(|s| definition(ctx, &s.task_definition)));
    let result = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = spec.get_untracked();
        if let Some(first) = s.problems().first() {
            result.set(Some(Err(format!("Fix the form first: {}", first.message()))));
            return;
        }
        result.set(Some(match ctx.apply(s.command()) {
            Ok(_) if s.scheduled => {
                let name = s.schedule_name.clone();
                spec.update(|x| x.schedule_name = next_free_schedule(ctx, &name));
                Ok(format!("Schedule {name} created. Each time it fires, a new standalone task starts."))
            }
            Ok(out) if out.failures.is_empty() => Ok(format!("Started {} task(s).", out.tasks.len())),
            Ok(out) => Err(format!(
                "Started {} task(s); {} could not be placed: {}.",
                out.tasks.len(),
                out.failures.len(),
                out.failures.join(", ")
            )),
            Err(e) => Err(e),
        }));
    };
    let scheduled = move || spec.with(|s| s.scheduled);
    let next = move || {
        let now = ctx.sim.with(|s| s.config().start_unix_ms + s.now().0 as i64);
        spec.with(|s| {
            if s.scheduled {
                crate::deploy::forms::next_run(&s.expression, now).map(|t| format!("Next run: {t} (virtual clock)"))
            } else {
                None
            }
        })
    };
    let cli = Signal::derive(move || {
        let region = ctx.sim.with_untracked(|s| s.config().region.clone());
        spec.with(|s| td.with(|t| s.cli(&region, t.as_ref())))
    });
    view! {
        <form class="form" on:submit=handler(submit) novalidate>
            {form_fields(spec, defs, td)}
            <p class="help next-run" aria-live="polite">{sig(next)}</p>
            <button class="btn primary standalone-btn" type="submit">{icons::standalone()}{sig(move || if scheduled() { "Create schedule" } else { "Run task" })}</button>
            <Result result/>
            <CliPreview text=cli/>
        </form>
    }
}
