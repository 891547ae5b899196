//! The task-definition editor: register-task-definition JSON in a textarea, checked by the
//! core's parser as the user types, with the problem shown at the field it is about (the core's
//! error names the parameter's JSON path). A registered revision appears at once in every
//! task-definition menu.

use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use crate::shared::html::sig;
use ecs_sim_core::{parse_task_definition, task_definition_json, Command, SimError};
use leptos::prelude::*;

/// What is wrong with the JSON, for the line under the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The JSON path the error names, e.g. `containerDefinitions[0].memory`.
    pub field: Option<String>,
    /// The message without the AWS prefix: ECS's sentence.
    pub message: String,
    /// The simulator's explanation, shown on a line of its own (which values would do).
    pub hint: Option<String>,
}

/// A RegisterTaskDefinition error as field and message.
pub fn explain(error: &SimError) -> Problem {
    Problem { field: error.param().map(str::to_string), message: error.message(), hint: error.hint().map(str::to_string) }
}

/// The editor.
#[component]
pub fn TaskDefinitionEditor(json: RwSignal<String>) -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let names = crate::shared::definitions::all_definitions(ctx);
    let start = RwSignal::new("web:1".to_string());
    let load = move |name: String| {
        if let Some(j) = ctx.sim.with_untracked(|s| s.task_definitions().get(&name).map(task_definition_json)) {
            json.set(j);
        }
        start.set(name);
    };
    if json.with_untracked(String::is_empty) {
        load("web:1".into());
    }
    let check =
        Memo::new(move |_| json.with(|j| parse_task_definition(j).map(|td| (td.family, td.cpu, td.memory)).map_err(|e| explain(&e))));
    let result = RwSignal::new(None::<Result<String, String>>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let r = ctx.apply(Command::RegisterTaskDefinition { json: json.get_untracked() });
        result.set(Some(r.map(|o| {
            let name = o.created.unwrap_or_default();
            format!("Registered {name}. It is now in the task definition menus of the other tabs and of the service cards.")
        })));
    };
    let status = move || match check.get() {
        Ok((family, cpu, memory)) => {
            format!("Valid: family {family}, {cpu} CPU units, {memory} MiB. Registering makes the next revision of {family}.")
        }
        Err(p) => p.line(),
    };
    let menu = Memo::new(move |_| {
        let items: Vec<(String, String)> = names.get().into_iter().map(|n| (n.clone(), n)).collect();
        crate::shared::html::options(&items, &start.get())
    });
    view! {
        <form class="form" on:submit=handler(submit) novalidate>
            <label for="td-start">"Start from"</label>
            <select id="td-start" inner_html=menu on:change=handler(move |ev| load(event_target_value(&ev)))></select>
            <label for="td-json">"Task definition JSON"</label>
            <textarea id="td-json" class="mono json" rows="14" spellcheck="false" autocomplete="off"
                aria-invalid=sig(move || check.with(Result::is_err).to_string()) aria-describedby="td-json-err td-json-help"
                prop:value=json on:input=handler(move |ev| json.set(event_target_value(&ev)))></textarea>
            <p id="td-json-help" class="help">"The input of aws ecs register-task-definition --cli-input-json. Simulator extras go in \"x-ecs-sim\": runSeconds and exitCode make a batch job; imagePullFails and unhealthy build in a fault."</p>
            <p id="td-json-err" class="field-error" class:ok-note=sig(move || check.with(Result::is_ok)) aria-live="polite">{sig(status)}</p>
            <button class="btn primary" type="submit">"Register task definition"</button>
            <crate::shared::result_line::Result result/>
        </form>
    }
}

impl Problem {
    /// Where and what is wrong, in ECS's words, then the simulator's hint on a line of its own.
    pub fn line(&self) -> String {
        let mut out = match &self.field {
            Some(f) => format!("At {f}: {}", self.message),
            None => self.message.clone(),
        };
        if let Some(h) = &self.hint {
            out.push('\n');
            out.push_str(h);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(json: &str) -> Problem {
        explain(&parse_task_definition(json).unwrap_err())
    }

    #[test]
    fn a_fargate_size_error_is_ecs_sentence_with_the_valid_sizes_on_a_line_of_its_own() {
        let p = problem(
            r#"{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"4096","containerDefinitions":[{"name":"a","image":"i"}]}"#,
        );
        assert_eq!(
            p.line(),
            "At cpu: No Fargate configuration exists for given values: 256 CPU, 4096 memory. See the Amazon ECS documentation for the valid values.\nOn Fargate, cpu 256 allows memory 512, 1024 or 2048 MiB (got 4096)."
        );
    }

    #[test]
    fn errors_point_at_the_field_and_its_value() {
        let json = r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","healthCheck":{"command":["CMD","true"],"interval":2}}]}"#;
        let p = problem(json);
        assert_eq!(p.field.as_deref(), Some("containerDefinitions[0].healthCheck.interval"));
        assert!(p.message.starts_with("containerDefinitions[0].healthCheck.interval must be between 5 and 300"), "{}", p.message);

        let p = problem(
            r#"{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"4096","containerDefinitions":[{"name":"a","image":"i"}]}"#,
        );
        assert_eq!(p.field.as_deref(), Some("cpu"));

        let p = problem(
            r#"{"family":"f","requiresCompatibilities":["FARGATE"],"networkMode":"bridge","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"i"}]}"#,
        );
        assert_eq!(p.field.as_deref(), Some("networkMode"));

        let p = problem(r#"{"family":"<b>","containerDefinitions":[]}"#);
        assert_eq!(p.field.as_deref(), Some("family"));

        assert_eq!(p.line(), "At family: family '<b>' is invalid: use 1 to 255 letters, numbers, hyphens and underscores.");
        let p = problem("{\"family\":");
        assert_eq!(p.field, None);
        assert!(p.message.starts_with("Invalid task definition JSON: "), "{}", p.message);
    }

    #[test]
    fn every_task_definition_error_marks_the_field_it_names() {
        let cases = [
            (r#"{"containerDefinitions":[{"name":"a","image":"i","memory":128}]}"#, Some("family")),
            (r#"{"family":"a b","containerDefinitions":[{"name":"a","image":"i","memory":128}]}"#, Some("family")),
            (r#"{"family":"f"}"#, Some("containerDefinitions")),
            (r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","essential":false}]}"#, None),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","memory":1024}]}"#,
                Some("containerDefinitions[0].memory"),
            ),
            (r#"{"family":"f","containerDefinitions":[{"name":"a","image":"i"}]}"#, Some("containerDefinitions[0]")),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i"},{"name":"a","image":"j"}]}"#,
                Some("containerDefinitions[1].name"),
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","healthCheck":{"command":["CMD-SHELL","true"],"interval":2}}]}"#,
                Some("containerDefinitions[0].healthCheck.interval"),
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","healthCheck":{"command":["CMD-SHELL","true"],"retries":20}}]}"#,
                Some("containerDefinitions[0].healthCheck.retries"),
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","healthCheck":{"command":["curl"]}}]}"#,
                Some("containerDefinitions[0].healthCheck.command"),
            ),
            (
                r#"{"family":"f","memory":"512","networkMode":"awsvpc","containerDefinitions":[{"name":"a","image":"i","portMappings":[{"containerPort":80,"hostPort":8080}]}]}"#,
                Some("containerDefinitions[0].portMappings[0]"),
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","portMappings":[{"containerPort":0}]}]}"#,
                Some("containerDefinitions[0].portMappings[0].containerPort"),
            ),
            (
                r#"{"family":"f","memory":"512","containerDefinitions":[{"name":"a","image":"i","portMappings":[{"containerPort":80,"hostPort":70000}]}]}"#,
                Some("containerDefinitions[0].portMappings[0].hostPort"),
            ),
            (
                r#"{"family":"f","requiresCompatibilities":["FARGATE"],"networkMode":"bridge","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"i"}]}"#,
                Some("networkMode"),
            ),
            (r#"{"family":"f","cpu":"256","memory":"512","containerDefinitions":[{"name":"a","image":"i","cpu":512}]}"#, Some("cpu")),
            (r#"{"family":"#, None),
            (r#"{"family":"f","cpu":"lots","memory":"1","containerDefinitions":[{"name":"a","image":"i"}]}"#, Some("cpu")),
            (r#"{"family":"f","cpu":"1","memory":"lots","containerDefinitions":[{"name":"a","image":"i"}]}"#, Some("memory")),
            (r#"{"family":"f","cpu":-1,"memory":"1","containerDefinitions":[{"name":"a","image":"i"}]}"#, Some("cpu")),
            (
                r#"{"family":"f","requiresCompatibilities":["SPOT"],"containerDefinitions":[{"name":"a","image":"i"}]}"#,
                Some("requiresCompatibilities"),
            ),
            (r#"{"family":"f","networkMode":"weird","containerDefinitions":[{"name":"a","image":"i"}]}"#, Some("networkMode")),
            (r#"{"family":"f","containerDefinitions":[{"image":"i"}]}"#, Some("containerDefinitions[0].name")),
            (r#"{"family":"f","containerDefinitions":[{"name":"a"}]}"#, Some("containerDefinitions[0].image")),
            (
                r#"{"family":"f","requiresCompatibilities":["FARGATE"],"containerDefinitions":[{"name":"a","image":"i","memory":5}]}"#,
                Some("cpu"),
            ),
            (
                r#"{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"300","memory":"512","containerDefinitions":[{"name":"a","image":"i"}]}"#,
                Some("cpu"),
            ),
            (
                r#"{"family":"f","requiresCompatibilities":["FARGATE"],"cpu":"256","memory":"4096","containerDefinitions":[{"name":"a","image":"i"}]}"#,
                Some("cpu"),
            ),
            (r#"{"family":"f","memory":"0","containerDefinitions":[{"name":"a","image":"i"}]}"#, Some("memory")),
            (r#"{"family":"<b>","containerDefinitions":[]}"#, Some("family")),
            (r#"{"family":5}"#, None),
            (r#"{"family":"f","family":"g"}"#, None),
        ];
        for (json, field) in cases {
            let e = parse_task_definition(json).unwrap_err();
            let p = explain(&e);
            assert_eq!(p.field.as_deref(), field, "{json}");
            // The message is the error's own text, after the AWS prefix.
            assert_eq!(
                e.to_string(),
                format!("An error occurred ({}) when calling the RegisterTaskDefinition operation: {}", e.exception(), p.message)
            );
        }
    }
}
