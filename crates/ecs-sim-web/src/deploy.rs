//! The deploy panel: create a service (desired count) or run standalone tasks (count 1–10).

use crate::app::Ctx;
use crate::icons;
use ecs_sim_core::{Command, LaunchType, Workload, MAX_DESIRED};
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Service,
    Task,
}

/// Checks a service name as the user types; `None` when it is fine.
pub fn service_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("Enter a service name.".into())
    } else if name.len() > 255 {
        Some("A service name is at most 255 characters.".into())
    } else if let Some(c) = name.chars().find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_')) {
        Some(format!("'{c}' is not allowed: use letters, numbers, hyphens (-) and underscores (_)."))
    } else {
        None
    }
}

/// Checks a count field; `None` when it is a whole number within `lo..=hi`.
pub fn count_problem(text: &str, lo: u32, hi: u32, what: &str) -> Option<String> {
    match text.trim().parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) => None,
        _ => Some(format!("{what} must be a whole number from {lo} to {hi}.")),
    }
}

/// The panel with its two forms.
#[component]
pub fn DeployPanel() -> impl IntoView {
    let mode = RwSignal::new(Mode::Service);
    let tab = move |m: Mode, label: &'static str, id: &'static str| {
        view! {
            <button role="tab" id=id class="tab" aria-selected=move || (mode.get() == m).to_string()
                tabindex=move || if mode.get() == m { "0" } else { "-1" }
                on:click=move |_| mode.set(m)>{label}</button>
        }
    };
    view! {
        <section class="panel deploy" aria-labelledby="deploy-title">
            <h2 id="deploy-title" class="panel-title">{icons::add()}"Deploy"</h2>
            <div class="tabs" role="tablist" aria-label="What to deploy">
                {tab(Mode::Service, "Service", "tab-service")}
                {tab(Mode::Task, "Standalone task", "tab-task")}
            </div>
            <div role="tabpanel" aria-labelledby=move || if mode.get() == Mode::Service { "tab-service" } else { "tab-task" }>
                {move || match mode.get() {
                    Mode::Service => view! { <ServiceForm/> }.into_any(),
                    Mode::Task => view! { <TaskForm/> }.into_any(),
                }}
            </div>
        </section>
    }
}

fn task_definition_options(ctx: Ctx, long_running: bool) -> Vec<String> {
    ctx.sim.with_untracked(|s| {
        let mut v: Vec<&ecs_sim_core::TaskDefinition> = s
            .task_definitions()
            .values()
            .filter(|d| matches!(d.workload, Workload::LongRunning) == long_running)
            .collect();
        v.sort_by_key(|d| (d.family != "web", d.family.clone(), d.revision));
        v.into_iter().map(|d| d.name()).collect()
    })
}

fn describe(ctx: Ctx, name: &str) -> String {
    ctx.sim.with_untracked(|s| {
        s.task_definitions()
            .get(name)
            .map(|d| {
                let what = match &d.workload {
                    Workload::LongRunning => "runs until stopped".to_string(),
                    Workload::Batch { run_seconds, exit_code } => {
                        format!("runs {run_seconds} s, then exits with code {exit_code}")
                    }
                };
                format!("{} CPU units, {} MiB — {what}", d.cpu, d.memory)
            })
            .unwrap_or_default()
    })
}

#[component]
fn TaskDefinitionSelect(value: RwSignal<String>, options: Vec<String>, id: &'static str) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    view! {
        <label for=id>"Task definition"</label>
        <select id=id on:change=move |ev| value.set(event_target_value(&ev))>
            {options.into_iter().map(|o| {
                let sel = o.clone();
                view! { <option value=o.clone() selected=move || value.get() == sel>{o.clone()}</option> }
            }).collect_view()}
        </select>
        <p class="help">{move || describe(ctx, &value.get())}</p>
    }
}

#[component]
fn LaunchTypeSelect(value: RwSignal<LaunchType>, id: &'static str) -> impl IntoView {
    view! {
        <label for=id>"Launch type"</label>
        <select id=id on:change=move |ev| value.set(if event_target_value(&ev) == "FARGATE" { LaunchType::Fargate } else { LaunchType::Ec2 })>
            <option value="EC2" selected=move || value.get() == LaunchType::Ec2>"EC2 (on the instances above)"</option>
            <option value="FARGATE" selected=move || value.get() == LaunchType::Fargate>"Fargate (serverless)"</option>
        </select>
    }
}

#[component]
fn ServiceForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let options = task_definition_options(ctx, true);
    let name = RwSignal::new(next_free_name(ctx));
    let td = RwSignal::new(options.first().cloned().unwrap_or_default());
    let count = RwSignal::new("3".to_string());
    let launch = RwSignal::new(LaunchType::Ec2);
    let result = RwSignal::new(None::<Result<String, String>>);
    let name_problem = move || service_name_problem(&name.get());
    let count_problem = move || count_problem(&count.get(), 0, MAX_DESIRED, "Desired count");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if name_problem().is_some() || count_problem().is_some() {
            return;
        }
        let service_name = name.get_untracked();
        let cmd = Command::create_service(&service_name, &td.get_untracked(), count.get_untracked().trim().parse().unwrap_or(0), launch.get_untracked());
        match ctx.apply(cmd) {
            Ok(_) => {
                result.set(Some(Ok(format!("Service {service_name} created."))));
                name.set(next_free_name(ctx));
            }
            Err(e) => result.set(Some(Err(e))),
        }
    };
    view! {
        <form class="form" on:submit=submit novalidate>
            <label for="svc-name">"Service name"</label>
            <input id="svc-name" type="text" autocomplete="off" spellcheck="false" prop:value=move || name.get()
                aria-invalid=move || name_problem().is_some().to_string() aria-describedby="svc-name-err"
                on:input=move |ev| name.set(event_target_value(&ev))/>
            <p id="svc-name-err" class="field-error" aria-live="polite">{move || name_problem().unwrap_or_default()}</p>
            <TaskDefinitionSelect value=td options id="svc-td"/>
            <label for="svc-count">"Desired count"</label>
            <input id="svc-count" type="number" min="0" max=MAX_DESIRED.to_string() inputmode="numeric" prop:value=move || count.get()
                aria-invalid=move || count_problem().is_some().to_string() aria-describedby="svc-count-err"
                on:input=move |ev| count.set(event_target_value(&ev))/>
            <p id="svc-count-err" class="field-error" aria-live="polite">{move || count_problem().unwrap_or_default()}</p>
            <LaunchTypeSelect value=launch id="svc-launch"/>
            <button class="btn primary" type="submit">{icons::service()}"Create service"</button>
            <Result result/>
        </form>
    }
}

#[component]
fn TaskForm() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let mut options = task_definition_options(ctx, false);
    options.extend(task_definition_options(ctx, true));
    let td = RwSignal::new(options.first().cloned().unwrap_or_default());
    let count = RwSignal::new("1".to_string());
    let launch = RwSignal::new(LaunchType::Ec2);
    let result = RwSignal::new(None::<Result<String, String>>);
    let count_problem = move || count_problem(&count.get(), 1, 10, "Count");
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if count_problem().is_some() {
            return;
        }
        let cmd = Command::run_task(&td.get_untracked(), count.get_untracked().trim().parse().unwrap_or(1), launch.get_untracked());
        result.set(Some(match ctx.apply(cmd) {
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
    view! {
        <form class="form" on:submit=submit novalidate>
            <TaskDefinitionSelect value=td options id="task-td"/>
            <label for="task-count">"Count"</label>
            <input id="task-count" type="number" min="1" max="10" inputmode="numeric" prop:value=move || count.get()
                aria-invalid=move || count_problem().is_some().to_string() aria-describedby="task-count-err"
                on:input=move |ev| count.set(event_target_value(&ev))/>
            <p id="task-count-err" class="field-error" aria-live="polite">{move || count_problem().unwrap_or_default()}</p>
            <LaunchTypeSelect value=launch id="task-launch"/>
            <button class="btn primary standalone-btn" type="submit">{icons::standalone()}"Run task"</button>
            <Result result/>
        </form>
    }
}

#[component]
fn Result(result: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    view! {
        {move || result.get().map(|r| match r {
            Ok(m) => view! { <p class="result ok" role="status">{m}</p> }.into_any(),
            Err(m) => view! { <p class="result err" role="alert">{m}</p> }.into_any(),
        })}
    }
}

fn next_free_name(ctx: Ctx) -> String {
    ctx.sim.with_untracked(|s| {
        let taken = |n: &str| s.services().get(n).is_some_and(|svc| svc.status != ecs_sim_core::ServiceStatus::Inactive);
        if !taken("web") {
            return "web".to_string();
        }
        (2..).map(|i| format!("web-{i}")).find(|n| !taken(n)).expect("some name is free")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_names_are_checked_as_the_user_types() {
        assert_eq!(service_name_problem("web-2_a"), None);
        assert_eq!(service_name_problem(""), Some("Enter a service name.".into()));
        assert!(service_name_problem("<img src=x onerror=alert(1)>").unwrap().starts_with("'<' is not allowed"));
        assert!(service_name_problem(&"a".repeat(256)).is_some());
    }

    #[test]
    fn counts_must_be_whole_numbers_in_range() {
        assert_eq!(count_problem("10", 1, 10, "Count"), None);
        assert_eq!(count_problem("11", 1, 10, "Count"), Some("Count must be a whole number from 1 to 10.".into()));
        assert!(count_problem("2.5", 1, 10, "Count").is_some());
        assert!(count_problem("-1", 0, 5, "Count").is_some());
    }
}
