//! The deploy panel: create a service (with its advanced options folded away), run standalone
//! tasks now or on a schedule, and register task definitions. The forms hold text as typed
//! ([`crate::forms`]); every field is checked as the user types and nothing typed is lost when
//! the core refuses a request.

use crate::app::Ctx;
use crate::forms::{Field, Placement, ServiceSpec, TaskSpec};
use crate::icons;
use ecs_sim_core::{LaunchType, Simulation, TaskDefinition, Workload};
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
    let task = RwSignal::new(TaskSpec::default());
    let json = RwSignal::new(String::new());
    let tab = move |m: Mode, label: &'static str, id: &'static str| {
        view! {
            <button type="button" role="tab" id=id class="tab" aria-selected=move || (mode.get() == m).to_string()
                aria-controls="deploy-tabpanel"
                tabindex=move || if mode.get() == m { "0" } else { "-1" }
                on:click=move |_| mode.set(m)>{label}</button>
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
            <div class="tabs" role="tablist" aria-label="What to deploy" on:keydown=keys>
                {tab(Mode::Service, "Service", "tab-service")}
                {tab(Mode::Task, "Standalone task", "tab-task")}
                {tab(Mode::Definition, "Task definition", "tab-taskdef")}
            </div>
            <div role="tabpanel" id="deploy-tabpanel" aria-labelledby=move || match mode.get() {
                Mode::Service => "tab-service",
                Mode::Task => "tab-task",
                Mode::Definition => "tab-taskdef",
            }>
                {move || match mode.get() {
                    Mode::Service => view! { <ServiceForm spec=svc/> }.into_any(),
                    Mode::Task => view! { <TaskForm spec=task/> }.into_any(),
                    Mode::Definition => view! { <crate::taskdef_editor::TaskDefinitionEditor json/> }.into_any(),
                }}
            </div>
            <crate::schedules::Schedules/>
        </section>
    }
}

/// Moves keyboard focus to the element with this id, if it exists.
pub fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}

/// Scrolls the element with this id into view.
pub fn scroll_to(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        el.scroll_into_view();
    }
}

/// Every registered task definition, long-running ones first (`web` leading), kept current.
pub fn all_definitions(ctx: Ctx) -> Memo<Vec<String>> {
    Memo::new(move |_| ctx.sim.with(|s| definitions(s, |_| true)))
}

fn definitions(s: &Simulation, keep: impl Fn(&TaskDefinition) -> bool) -> Vec<String> {
    let mut v: Vec<&TaskDefinition> = s.task_definitions().values().filter(|d| keep(d)).collect();
    v.sort_by_key(|d| (!matches!(d.workload, Workload::LongRunning), d.family != "web", d.family.clone(), d.revision));
    v.into_iter().map(TaskDefinition::name).collect()
}

fn describe(ctx: Ctx, name: &str) -> String {
    ctx.sim.with_untracked(|s| {
        s.task_definitions()
            .get(name)
            .map(|d| {
                let what = match &d.workload {
                    Workload::LongRunning => "runs until stopped".to_string(),
                    Workload::Batch { run_seconds, exit_code } => format!("runs {run_seconds} s, then exits with code {exit_code}"),
                };
                let fault = if d.faults.image_pull_fails || d.faults.unhealthy { " — has a built-in fault" } else { "" };
                format!("{} CPU units, {} MiB, {} — {what}{fault}", d.cpu, d.memory, d.network_mode)
            })
            .unwrap_or_default()
    })
}

fn definition(ctx: Ctx, name: &str) -> Option<TaskDefinition> {
    ctx.sim.with_untracked(|s| s.task_definitions().get(name).cloned())
}

/// A labelled text input whose problem shows under it (aria-invalid, aria-describedby).
#[component]
fn TextField(
    id: &'static str,
    label: &'static str,
    #[prop(into)] value: Signal<String>,
    set: Callback<String>,
    #[prop(into)] problem: Signal<Option<String>>,
    #[prop(optional)] help: &'static str,
    #[prop(optional)] numeric: bool,
) -> impl IntoView {
    let err = format!("{id}-err");
    let described = if help.is_empty() { err.clone() } else { format!("{err} {id}-help") };
    view! {
        <label for=id>{label}</label>
        <input id=id type="text" inputmode=if numeric { "numeric" } else { "text" } autocomplete="off" spellcheck="false"
            class:mono=!numeric prop:value=move || value.get()
            aria-invalid=move || problem.with(Option::is_some).to_string() aria-describedby=described
            on:input=move |ev| set.run(event_target_value(&ev))/>
        {(!help.is_empty()).then(|| view! { <p id=format!("{id}-help") class="help">{help}</p> })}
        <p id=err class="field-error" aria-live="polite">{move || problem.get().unwrap_or_default()}</p>
    }
}

/// A checkbox with its label after it.
#[component]
fn Check(id: &'static str, label: &'static str, #[prop(into)] checked: Signal<bool>, set: Callback<bool>, #[prop(optional, into)] disabled: Signal<bool>) -> impl IntoView {
    view! {
        <label class="check" for=id>
            <input id=id type="checkbox" prop:checked=move || checked.get() disabled=move || disabled.get()
                on:change=move |ev| set.run(event_target_checked(&ev))/>
            {label}
        </label>
    }
}

#[component]
fn DefinitionSelect(#[prop(into)] value: Signal<String>, set: Callback<String>, options: Memo<Vec<String>>, id: &'static str) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let help = format!("{id}-help");
    view! {
        <label for=id>"Task definition"</label>
        <select id=id aria-describedby=help.clone() on:change=move |ev| set.run(event_target_value(&ev))>
            {move || options.get().into_iter().map(|o| {
                let sel = o.clone();
                view! { <option value=o.clone() selected=move || value.get() == sel>{o.clone()}</option> }
            }).collect_view()}
        </select>
        <p id=help class="help">{move || describe(ctx, &value.get())}</p>
    }
}

#[component]
fn LaunchTypeSelect(#[prop(into)] value: Signal<LaunchType>, set: Callback<LaunchType>, id: &'static str) -> impl IntoView {
    view! {
        <label for=id>"Launch type"</label>
        <select id=id on:change=move |ev| set.run(if event_target_value(&ev) == "FARGATE" { LaunchType::Fargate } else { LaunchType::Ec2 })>
            <option value="EC2" selected=move || value.get() == LaunchType::Ec2>"EC2 (on the instances above)"</option>
            <option value="FARGATE" selected=move || value.get() == LaunchType::Fargate>"Fargate (serverless)"</option>
        </select>
    }
}

/// The result line under a form: green on success, the core's AWS-style error otherwise.
#[component]
pub fn Result(result: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    view! {
        {move || result.get().map(|r| match r {
            Ok(m) => view! { <p class="result ok" role="status">{m}</p> }.into_any(),
            Err(m) => view! { <p class="result err" role="alert">{m}</p> }.into_any(),
        })}
    }
}

/// A `<pre>` with the CLI equivalent, folded.
#[component]
pub fn CliPreview(#[prop(into)] text: Signal<String>) -> impl IntoView {
    view! {
        <details class="cli-preview">
            <summary>"The same request as an AWS CLI command"</summary>
            <pre class="cli mono"><code>{move || text.get()}</code></pre>
        </details>
    }
}

macro_rules! text {
    ($spec:ident, $field:ident) => {
        (Signal::derive(move || $spec.with(|s| s.$field.clone())), Callback::new(move |v: String| $spec.update(|s| s.$field = v)))
    };
}

macro_rules! flag {
    ($spec:ident, $field:ident) => {
        (Signal::derive(move || $spec.with(|s| s.$field)), Callback::new(move |v: bool| $spec.update(|s| s.$field = v)))
    };
}

#[component]
fn ServiceForm(spec: RwSignal<ServiceSpec>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let options = Memo::new(move |_| ctx.sim.with(|s| definitions(s, |d| matches!(d.workload, Workload::LongRunning))));
    let td = move || spec.with(|s| definition(ctx, &s.task_definition));
    let problem = move |f: Field| Signal::derive(move || spec.with(|s| s.problem(f, td().as_ref())));
    let form_problem = move || spec.with(ServiceSpec::form_problem);
    let result = RwSignal::new(None::<Result<String, String>>);
    let tried = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let s = spec.get_untracked();
        let Some(def) = definition(ctx, &s.task_definition) else {
            result.set(Some(Err(format!("Choose a task definition ({} is not registered).", s.task_definition))));
            return;
        };
        let problems = s.problems(Some(&def));
        if let Some(first) = problems.first() {
            result.set(Some(Err(format!("Fix the form first: {first}"))));
            return;
        }
        let region = ctx.sim.with_untracked(|x| x.config().region.clone());
        let (create, scaling) = s.commands(&def, &region);
        let outcome = ctx.apply(create).and_then(|_| scaling.map(|c| ctx.apply(c)).transpose()).map(|_| ());
        match outcome {
            Ok(()) => {
                result.set(Some(Ok(format!("Service {} created. Watch its tasks start in the cluster view.", s.name))));
                spec.update(|x| x.name = next_free_name(ctx, "web"));
                tried.set(false);
            }
            Err(e) => result.set(Some(Err(e))),
        }
    };
    let (name, set_name) = text!(spec, name);
    let (desired, set_desired) = text!(spec, desired);
    let (expr, set_expr) = text!(spec, expression);
    let (min_h, set_min_h) = text!(spec, min_healthy);
    let (max_p, set_max_p) = text!(spec, max_percent);
    let (port, set_port) = text!(spec, port);
    let (grace, set_grace) = text!(spec, grace);
    let (cpu, set_cpu) = text!(spec, target_cpu);
    let (min_c, set_min_c) = text!(spec, min_capacity);
    let (max_c, set_max_c) = text!(spec, max_capacity);
    let (tdv, set_td) = text!(spec, task_definition);
    let (distinct, set_distinct) = flag!(spec, distinct);
    let (member, set_member) = flag!(spec, member_of);
    let (breaker, set_breaker) = flag!(spec, breaker);
    let (rollback, set_rollback) = flag!(spec, rollback);
    let (lb, set_lb) = flag!(spec, load_balancer);
    let (scaling, set_scaling) = flag!(spec, scaling);
    let daemon = move || spec.with(|s| s.daemon);
    let fargate = Signal::derive(move || spec.with(|s| s.launch == LaunchType::Fargate));
    let cli = Signal::derive(move || {
        let (cluster, region) = ctx.sim.with_untracked(|s| (s.config().cluster.clone(), s.config().region.clone()));
        spec.with(|s| s.cli(&cluster, &region, td().as_ref()))
    });
    view! {
        <form class="form" on:submit=submit novalidate>
            <TextField id="svc-name" label="Service name" value=name set=set_name problem=problem(Field::Name)/>
            <DefinitionSelect id="svc-td" value=tdv set=set_td options/>
            <Show when=move || !daemon() fallback=|| view! {
                <p class="help note">"DAEMON: one task on every ACTIVE instance that meets the constraints; no desired count."</p>
            }>
                <TextField id="svc-count" label="Desired count" value=desired set=set_desired problem=problem(Field::Count) numeric=true/>
            </Show>
            <LaunchTypeSelect id="svc-launch" value=Signal::derive(move || spec.with(|s| s.launch)) set=Callback::new(move |l| spec.update(|s| s.launch = l))/>
            <details class="advanced">
                <summary>"Advanced options"<span class="help">" scheduling, placement, deployments, load balancer, auto scaling"</span></summary>
                <fieldset>
                    <legend>"Scheduling strategy"</legend>
                    <label class="check"><input type="radio" name="svc-strategy" prop:checked=move || !daemon() on:change=move |_| spec.update(|s| s.set_daemon(false))/>"REPLICA: keep a desired count"</label>
                    <label class="check"><input type="radio" name="svc-strategy" prop:checked=daemon on:change=move |_| spec.update(|s| s.set_daemon(true))/>"DAEMON: one task per instance"</label>
                </fieldset>
                <fieldset disabled=move || fargate.get()>
                    <legend>"Placement (EC2 only)"</legend>
                    <label for="svc-placement">"Placement strategy"</label>
                    <select id="svc-placement" on:change=move |ev| spec.update(|s| s.placement = Placement::from_value(&event_target_value(&ev)))>
                        {Placement::ALL.into_iter().map(|p| view! {
                            <option value=p.value() selected=move || spec.with(|s| s.placement == p)>{p.label()}</option>
                        }).collect_view()}
                    </select>
                    <Check id="svc-distinct" label="distinctInstance: at most one task of this service per instance" checked=distinct set=set_distinct/>
                    <Check id="svc-memberof" label="memberOf: only instances matching an expression" checked=member set=set_member/>
                    <Show when=move || member.get()>
                        <TextField id="svc-expr" label="memberOf expression" value=expr set=set_expr problem=problem(Field::Expression)
                            help="Cluster query language, e.g. attribute:ecs.instance-type =~ m5.* or attribute:ecs.availability-zone in [us-east-1a, us-east-1b]"/>
                    </Show>
                    <p class="help">{move || fargate.get().then_some("Fargate places tasks itself: it spreads them over AZs.")}</p>
                </fieldset>
                <fieldset>
                    <legend>"Rolling deployment"</legend>
                    <div class="pair">
                        <div><TextField id="svc-min" label="Minimum healthy %" value=min_h set=set_min_h problem=problem(Field::MinHealthy) numeric=true/></div>
                        <div><TextField id="svc-max" label="Maximum %" value=max_p set=set_max_p problem=problem(Field::MaxPercent) numeric=true/></div>
                    </div>
                    <Check id="svc-breaker" label="Deployment circuit breaker" checked=breaker set=set_breaker/>
                    <Check id="svc-rollback" label="Roll back when it trips" checked=rollback set=set_rollback disabled=Signal::derive(move || !breaker.get())/>
                    <TextField id="svc-grace" label="Health check grace period (seconds)" value=grace set=set_grace problem=problem(Field::Grace) numeric=true/>
                </fieldset>
                <fieldset>
                    <legend>"Load balancer"</legend>
                    <Check id="svc-lb" label="Register tasks with a target group" checked=lb set=set_lb/>
                    <Show when=move || lb.get()>
                        <TextField id="svc-port" label="Container port" value=port set=set_port problem=problem(Field::Port) numeric=true/>
                    </Show>
                </fieldset>
                <fieldset disabled=daemon>
                    <legend>"Auto scaling (target tracking)"</legend>
                    <Check id="svc-scaling" label="Scale on average CPU" checked=scaling set=set_scaling/>
                    <Show when=move || scaling.get()>
                        <TextField id="svc-cpu" label="Target CPU %" value=cpu set=set_cpu problem=problem(Field::TargetCpu) numeric=true/>
                        <div class="pair">
                            <div><TextField id="svc-minc" label="Minimum tasks" value=min_c set=set_min_c problem=problem(Field::MinCapacity) numeric=true/></div>
                            <div><TextField id="svc-maxc" label="Maximum tasks" value=max_c set=set_max_c problem=problem(Field::MaxCapacity) numeric=true/></div>
                        </div>
                    </Show>
                </fieldset>
            </details>
            <p class="field-error form-problem" aria-live="polite">{move || form_problem().unwrap_or_default()}</p>
            <button class="btn primary" type="submit">{icons::service()}"Create service"</button>
            <Result result/>
            <CliPreview text=cli/>
        </form>
    }
}

#[component]
fn TaskForm(spec: RwSignal<TaskSpec>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let options = Memo::new(move |_| {
        ctx.sim.with(|s| {
            let mut v = definitions(s, |d| !matches!(d.workload, Workload::LongRunning));
            v.extend(definitions(s, |d| matches!(d.workload, Workload::LongRunning)));
            v
        })
    });
    let problem = move |f: Field| Signal::derive(move || spec.with(|s| s.problem(f)));
    let result = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let s = spec.get_untracked();
        if let Some(first) = s.problems().first() {
            result.set(Some(Err(format!("Fix the form first: {first}"))));
            return;
        }
        result.set(Some(match ctx.apply(s.command()) {
            Ok(_) if s.scheduled => {
                let name = s.schedule_name.clone();
                spec.update(|x| x.schedule_name = next_free_schedule(ctx, &name));
                Ok(format!("Schedule {name} created. Each time it fires, a new standalone task starts."))
            }
            Ok(out) if out.failures.is_empty() => Ok(format!("Started {} task(s).", out.tasks.len())),
            Ok(out) => Err(format!("Started {} task(s); {} could not be placed: {}.", out.tasks.len(), out.failures.len(), out.failures.join(", "))),
            Err(e) => Err(e),
        }));
    };
    let (count, set_count) = text!(spec, count);
    let (sname, set_sname) = text!(spec, schedule_name);
    let (expr, set_expr) = text!(spec, expression);
    let (tdv, set_td) = text!(spec, task_definition);
    let (scheduled, set_scheduled) = flag!(spec, scheduled);
    let next = move || {
        let now = ctx.sim.with(|s| s.config().start_unix_ms + s.now().0 as i64);
        spec.with(|s| crate::forms::next_run(&s.expression, now))
    };
    let cli = Signal::derive(move || {
        let (cluster, region) = ctx.sim.with_untracked(|s| (s.config().cluster.clone(), s.config().region.clone()));
        spec.with(|s| s.cli(&cluster, &region, definition(ctx, &s.task_definition).as_ref()))
    });
    view! {
        <form class="form" on:submit=submit novalidate>
            <DefinitionSelect id="task-td" value=tdv set=set_td options/>
            <TextField id="task-count" label="Count" value=count set=set_count problem=problem(Field::Count) numeric=true help="1 to 10 copies, started together"/>
            <LaunchTypeSelect id="task-launch" value=Signal::derive(move || spec.with(|s| s.launch)) set=Callback::new(move |l| spec.update(|s| s.launch = l))/>
            <Check id="task-scheduled" label="Run on a schedule (EventBridge Scheduler)" checked=scheduled set=set_scheduled/>
            <Show when=move || scheduled.get()>
                <TextField id="task-sname" label="Schedule name" value=sname set=set_sname problem=problem(Field::ScheduleName)/>
                <TextField id="task-expr" label="Schedule expression" value=expr set=set_expr problem=problem(Field::ScheduleExpression)
                    help="rate(5 minutes), cron(0 2 * * ? *) with six fields, or at(2026-11-24T09:00:00); UTC"/>
                <p class="help next-run" aria-live="polite">{move || next().map(|t| format!("Next run: {t} (virtual clock)"))}</p>
            </Show>
            <button class="btn primary standalone-btn" type="submit">{icons::standalone()}{move || if scheduled.get() { "Create schedule" } else { "Run task" }}</button>
            <Result result/>
            <CliPreview text=cli/>
        </form>
    }
}

/// `base`, or `base-2`, `base-3`… whichever no ACTIVE or DRAINING service uses.
pub fn next_free_name(ctx: Ctx, base: &str) -> String {
    ctx.sim.with_untracked(|s| {
        let taken = |n: &str| s.services().get(n).is_some_and(|svc| svc.status != ecs_sim_core::ServiceStatus::Inactive);
        if !taken(base) {
            return base.to_string();
        }
        (2..).map(|i| format!("{base}-{i}")).find(|n| !taken(n)).expect("some name is free")
    })
}

/// `base`, or `base-2`, `base-3`… whichever no schedule uses.
pub fn next_free_schedule(ctx: Ctx, base: &str) -> String {
    let base = base.trim_end_matches(|c: char| c.is_ascii_digit()).trim_end_matches('-');
    ctx.sim.with_untracked(|s| {
        if !s.schedules().contains_key(base) {
            return base.to_string();
        }
        (2..).map(|i| format!("{base}-{i}")).find(|n| !s.schedules().contains_key(n)).expect("some name is free")
    })
}
