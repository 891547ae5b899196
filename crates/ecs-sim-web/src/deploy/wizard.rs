//! "Which one do I need?": a few questions lead to a REPLICA or DAEMON service, or a standalone
//! task run by hand or on a schedule, with the reasons, the AWS CLI command filled in from the
//! answers, and one button that deploys the recommendation into the simulator.
//!
//! [`recommend`] is pure and tested natively; the component only shows radio groups.

use crate::deploy::forms::{ServiceSpec, TaskSpec};
use crate::shared::ctx::Ctx;
use crate::shared::html::handler;
use crate::shared::html::sig;
use leptos::prelude::*;

/// How long one run of a job takes.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Length {
    /// Seconds to minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Days.
    Days,
}

/// The answers so far; `None` is not answered yet.
#[derive(Copy, Clone, Debug, Default, PartialEq, Eq)]
pub struct Answers {
    /// Runs until stopped.
    pub forever: Option<bool>,
    /// Serves requests (behind a load balancer).
    pub traffic: Option<bool>,
    /// Must come back by itself when it dies.
    pub heal: Option<bool>,
    /// One copy on every instance.
    pub per_instance: Option<bool>,
    /// Runs at set times.
    pub scheduled: Option<bool>,
    /// How long one run takes.
    pub length: Option<Length>,
}

/// A question of the wizard.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Question {
    /// Runs until stopped?
    Forever,
    /// Serves traffic?
    Traffic,
    /// Self-healing?
    Heal,
    /// One per instance?
    PerInstance,
    /// On a schedule?
    Scheduled,
    /// How long?
    Length,
}

/// Every question, in page order (the ones that do not apply are hidden).
pub const ALL: [Question; 6] =
    [Question::Forever, Question::Traffic, Question::PerInstance, Question::Scheduled, Question::Length, Question::Heal];

/// The questions to show for these answers.
pub fn questions(a: &Answers) -> Vec<Question> {
    match a.forever {
        None => vec![Question::Forever],
        Some(true) => vec![Question::Forever, Question::Traffic, Question::Heal, Question::PerInstance],
        Some(false) => vec![Question::Forever, Question::Scheduled, Question::Length, Question::Heal],
    }
}

/// What to deploy.
#[derive(Clone, Debug, PartialEq)]
pub enum Plan {
    /// A service.
    Service(ServiceSpec),
    /// A standalone task, now or on a schedule.
    Task(TaskSpec),
}

/// The wizard's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Recommendation {
    /// "ECS service (REPLICA)" and the like.
    pub title: &'static str,
    /// Why, one sentence each.
    pub reasons: Vec<String>,
    /// What the deploy button does.
    pub plan: Plan,
}

/// The recommendation, once every shown question is answered.
pub fn recommend(a: &Answers) -> Option<Recommendation> {
    if a.forever? {
        let (traffic, heal, daemon) = (a.traffic?, a.heal?, a.per_instance?);
        let mut reasons =
            vec!["It runs until someone stops it: that is what a service is for. The service scheduler keeps the count you ask for."
                .to_string()];
        reasons.push(if heal {
            "A task that crashes, fails its health check or loses its instance is replaced within seconds, without you.".into()
        } else {
            "Even if a restart is not critical, a long-running process belongs in a service: a standalone task that dies stays dead.".into()
        });
        let mut spec = ServiceSpec { breaker: true, rollback: true, ..ServiceSpec::default() };
        if daemon {
            spec.name = "node-agent".into();
            spec.task_definition = "worker:1".into();
            spec.set_daemon(true);
            reasons.push("One copy per instance is the DAEMON strategy: ECS puts one task on every instance, and on each new one as it joins. It needs the EC2 launch type.".into());
            if traffic {
                reasons.push("Daemons usually serve their own host (log shipping, monitoring); put request traffic on a REPLICA service behind a load balancer.".into());
            }
            return Some(Recommendation { title: "ECS service, DAEMON strategy", reasons, plan: Plan::Service(spec) });
        }
        if traffic {
            spec.name = "my-web-app".into();
            spec.load_balancer = true;
            reasons.push("It serves requests: the service registers each new task with the load balancer's target group and deregisters it before it stops.".into());
        } else {
            spec.name = "queue-worker".into();
            spec.task_definition = "worker:1".into();
            spec.desired = "2".into();
            reasons.push(
                "No incoming traffic, like a queue consumer: no load balancer needed, the desired count sets how many work in parallel."
                    .into(),
            );
        }
        reasons
            .push("New versions roll out a few tasks at a time; the circuit breaker rolls back a version whose tasks keep failing.".into());
        return Some(Recommendation { title: "ECS service, REPLICA strategy", reasons, plan: Plan::Service(spec) });
    }
    let (scheduled, length, heal) = (a.scheduled?, a.length?, a.heal?);
    let mut spec = TaskSpec { launch: ecs_sim_core::LaunchType::Fargate, ..TaskSpec::default() };
    let mut reasons = vec!["It finishes on its own: a standalone task runs once, and when its essential container exits, it stays stopped. Exit code 0 is success.".to_string()];
    reasons.push(match length {
        Length::Minutes => {
            spec.task_definition = "db-migrate:1".into();
            "A run of seconds or minutes, like a database migration, is the classic standalone task.".into()
        }
        Length::Hours => {
            "A run of hours is fine: a task has no time limit. Fargate bills by the second, so nothing idles afterwards.".into()
        }
        Length::Days => {
            "A task can run for days, but if it dies halfway nothing restarts it: write checkpoints so a new run can resume.".into()
        }
    });
    if heal {
        reasons.push("ECS never retries a standalone task. For retries, let the caller (EventBridge Scheduler's retry policy, Step Functions or AWS Batch) start it again; a service would restart the job forever, even after it succeeded.".into());
    }
    if scheduled {
        spec.scheduled = true;
        reasons.push("EventBridge Scheduler starts it at each rate() or cron() time; every run is a fresh, independent task.".into());
        return Some(Recommendation { title: "Standalone task on a schedule", reasons, plan: Plan::Task(spec) });
    }
    reasons.push("Run it by hand (or from a pipeline) with run-task when it is needed.".into());
    Some(Recommendation { title: "Standalone task, run by hand", reasons, plan: Plan::Task(spec) })
}

/// The recommendation's title and reasons as markup (a prompt until every question is answered).
pub fn recommendation_html(r: Option<&Recommendation>) -> String {
    match r {
        None => "<p class=\"empty\">Answer the questions; the recommendation appears here.</p>".into(),
        Some(r) => {
            let reasons: String = r.reasons.iter().map(|x| format!("<li>{}</li>", crate::shared::html::esc(x))).collect();
            format!("<h3>{}</h3><ul class=\"reasons\">{reasons}</ul>", crate::shared::html::esc(r.title))
        }
    }
}

fn legend(q: Question) -> &'static str {
    match q {
        Question::Forever => "Does it run indefinitely, until someone stops it?",
        Question::Traffic => "Does it serve traffic (HTTP or TCP requests from a load balancer)?",
        Question::Heal => "If it crashes, must it come back by itself?",
        Question::PerInstance => "Do you need exactly one copy on every instance?",
        Question::Scheduled => "Does it run on a schedule?",
        Question::Length => "How long does one run take?",
    }
}

fn options(q: Question) -> &'static [(&'static str, &'static str)] {
    match q {
        Question::Forever => &[("yes", "Yes, until stopped"), ("no", "No, it finishes")],
        Question::Traffic => &[("yes", "Yes, it serves requests"), ("no", "No, no incoming traffic")],
        Question::Heal => &[("yes", "Yes, self-healing"), ("no", "No, a failure can wait")],
        Question::PerInstance => &[("yes", "Yes, one per instance"), ("no", "No, a number of copies")],
        Question::Scheduled => &[("yes", "Yes, at set times"), ("no", "No, when someone starts it")],
        Question::Length => &[("minutes", "Seconds to minutes"), ("hours", "Hours"), ("days", "Days")],
    }
}

fn set(a: &mut Answers, q: Question, v: &str) {
    let yes = Some(v == "yes");
    match q {
        Question::Forever => a.forever = yes,
        Question::Traffic => a.traffic = yes,
        Question::Heal => a.heal = yes,
        Question::PerInstance => a.per_instance = yes,
        Question::Scheduled => a.scheduled = yes,
        Question::Length => {
            a.length = Some(match v {
                "hours" => Length::Hours,
                "days" => Length::Days,
                _ => Length::Minutes,
            })
        }
    }
}

fn get(a: &Answers, q: Question) -> Option<&'static str> {
    let yn = |b: Option<bool>| b.map(|b| if b { "yes" } else { "no" });
    match q {
        Question::Forever => yn(a.forever),
        Question::Traffic => yn(a.traffic),
        Question::Heal => yn(a.heal),
        Question::PerInstance => yn(a.per_instance),
        Question::Scheduled => yn(a.scheduled),
        Question::Length => a.length.map(|l| match l {
            Length::Minutes => "minutes",
            Length::Hours => "hours",
            Length::Days => "days",
        }),
    }
}

/// The wizard section.
#[component]
pub fn Wizard() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let answers = RwSignal::new(Answers::default());
    let rec = Memo::new(move |_| answers.with(recommend));
    let note = RwSignal::new(None::<Result<String, String>>);
    let copied = RwSignal::new(String::new());
    let cli = move || {
        let region = ctx.sim.with_untracked(|s| s.config().region.clone());
        rec.with(|r| {
            r.as_ref().map(|r| {
                let td = |n: &str| ctx.sim.with_untracked(|s| s.task_definitions().get(n).cloned());
                match &r.plan {
                    Plan::Service(s) => s.cli(&region, td(&s.task_definition).as_ref()),
                    Plan::Task(t) => t.cli(&region, td(&t.task_definition).as_ref()),
                }
            })
        })
    };
    let copy = move |_| {
        let text = cli().unwrap_or_default();
        let _ = window().navigator().clipboard().write_text(&text);
        copied.set("Copied to the clipboard (if the browser allows it; otherwise select the command and copy it).".into());
    };
    let deploy = move |_| {
        let Some(r) = rec.get_untracked() else { return };
        let region = ctx.sim.with_untracked(|s| s.config().region.clone());
        let result = match r.plan {
            Plan::Service(mut s) => {
                s.name = crate::shared::free_names::next_free_name(ctx, &s.name);
                match ctx.sim.with_untracked(|x| x.task_definitions().get(&s.task_definition).cloned()) {
                    Some(td) => {
                        let (create, scaling) = s.commands(&td, &region);
                        ctx.apply(create)
                            .and_then(|_| scaling.map(|c| ctx.apply(c)).transpose())
                            .map(|_| format!("Service {} created. Watch it in the cluster view, then stop one of its tasks.", s.name))
                    }
                    None => Err(format!("Task definition {} is not registered.", s.task_definition)),
                }
            }
            Plan::Task(mut t) => {
                if t.scheduled {
                    t.schedule_name = crate::shared::free_names::next_free_schedule(ctx, &t.schedule_name);
                }
                ctx.apply(t.command()).map(|_| {
                    if t.scheduled {
                        format!("Schedule {} created: a {} task starts every 5 virtual minutes.", t.schedule_name, t.task_definition)
                    } else {
                        format!("Started one {} task. It stops by itself when its job is done.", t.task_definition)
                    }
                })
            }
        };
        let ok = result.is_ok();
        note.set(Some(result));
        if ok {
            // Focus follows the deploy to the cluster (focusing scrolls it into view).
            crate::shared::html::focus("cluster");
        }
    };
    view! {
        <section class="wizard" id="wizard" aria-labelledby="wizard-title">
            <h2 id="wizard-title">"Which one do I need?"</h2>
            <p class="lede">"Answer a few questions about your workload. A web app run as a standalone task goes down with its first crash and nobody restarts it; a one-off script run as a service is restarted forever."</p>
            <div class="wizard-grid">
                <form class="wizard-questions" on:submit=handler(|ev: leptos::ev::SubmitEvent| ev.prevent_default())>
                    {ALL.into_iter().map(|q| {
                        let name = format!("wz-{q:?}");
                        view! {
                            <fieldset class="question" hidden=sig(move || answers.with(|a| !questions(a).contains(&q)))>
                                <legend>{legend(q)}</legend>
                                <div class="choices">
                                    {options(q).iter().map(|(value, label)| {
                                        let value = *value;
                                        view! {
                                            <label class="choice">
                                                <input type="radio" name=name.clone() value=value
                                                    prop:checked=sig(move || answers.with(|a| get(a, q) == Some(value)))
                                                    on:change=handler(move |_| answers.update(|a| set(a, q, value)))/>
                                                <span>{*label}</span>
                                            </label>
                                        }
                                    }).collect_view()}
                                </div>
                            </fieldset>
                        }
                    }).collect_view()}
                    <button type="button" class="btn small" on:click=handler(move |_| { answers.set(Answers::default()); note.set(None); })>"Start over"</button>
                </form>
                <div class="recommendation">
                    <div aria-live="polite" inner_html=sig(move || rec.with(|r| recommendation_html(r.as_ref())))></div>
                    <div hidden=sig(move || rec.with(Option::is_none)) class="rec-actions">
                        <pre class="cli mono" aria-label="The AWS CLI command for this recommendation"><code>{sig(cli)}</code></pre>
                        <div class="row">
                            <button type="button" class="btn" on:click=handler(copy)>"Copy command"</button>
                            <button type="button" class="btn primary" on:click=handler(deploy)>"Deploy this recommendation"</button>
                        </div>
                        <p class="help" role="status">{copied}</p>
                        <crate::shared::result_line::Result result=note/>
                    </div>
                </div>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(forever: bool, x: bool, heal: bool, y: Option<Length>) -> Answers {
        if forever {
            Answers { forever: Some(true), traffic: Some(x), heal: Some(heal), per_instance: Some(y.is_some()), ..Answers::default() }
        } else {
            Answers { forever: Some(false), scheduled: Some(x), heal: Some(heal), length: y, ..Answers::default() }
        }
    }

    #[test]
    fn questions_follow_the_first_answer() {
        assert_eq!(questions(&Answers::default()), vec![Question::Forever]);
        assert_eq!(recommend(&Answers { forever: Some(true), ..Answers::default() }), None);
        assert_eq!(questions(&Answers { forever: Some(false), ..Answers::default() })[1], Question::Scheduled);
    }

    #[test]
    fn a_web_app_is_a_replica_service_behind_a_load_balancer() {
        let r = recommend(&answers(true, true, true, None)).unwrap();
        assert_eq!(r.title, "ECS service, REPLICA strategy");
        let Plan::Service(s) = r.plan else { panic!("a service") };
        assert!(s.load_balancer && !s.daemon && s.breaker);
        let cli = s.cli("us-east-1", None);
        assert!(cli.contains("--service-name my-web-app") && cli.contains("--load-balancers"), "{cli}");
    }

    #[test]
    fn one_per_instance_is_a_daemon() {
        let r = recommend(&answers(true, false, true, Some(Length::Minutes))).unwrap();
        let Plan::Service(s) = r.plan else { panic!("a service") };
        assert!(s.daemon);
        assert!(s.cli("us-east-1", None).contains("--scheduling-strategy DAEMON"));
    }

    #[test]
    fn jobs_are_standalone_tasks_by_hand_or_on_a_schedule() {
        let r = recommend(&answers(false, false, false, Some(Length::Minutes))).unwrap();
        assert_eq!(r.title, "Standalone task, run by hand");
        let Plan::Task(t) = r.plan else { panic!("a task") };
        assert!(t.cli("us-east-1", None).starts_with("aws ecs run-task"));
        let r = recommend(&answers(false, true, true, Some(Length::Hours))).unwrap();
        assert_eq!(r.title, "Standalone task on a schedule");
        assert!(r.reasons.iter().any(|x| x.contains("never retries")));
        let Plan::Task(t) = r.plan else { panic!("a task") };
        assert!(t.cli("us-east-1", None).starts_with("aws scheduler create-schedule"));
    }

    #[test]
    fn every_recommendation_deploys_in_the_simulator() {
        use ecs_sim_core::{SimConfig, Simulation};
        for forever in [true, false] {
            for x in [true, false] {
                for y in [None, Some(Length::Minutes), Some(Length::Days)] {
                    let Some(r) = recommend(&answers(forever, x, true, y)) else { continue };
                    let mut sim = Simulation::new(SimConfig::default());
                    match r.plan {
                        Plan::Service(s) => {
                            let td = sim.task_definitions()[&s.task_definition].clone();
                            assert!(s.problems(Some(&td)).is_empty(), "{:?}", s.problems(Some(&td)));
                            sim.apply(s.commands(&td, "us-east-1").0).unwrap();
                        }
                        Plan::Task(t) => {
                            assert!(t.problems().is_empty());
                            sim.apply(t.command()).unwrap();
                        }
                    }
                }
            }
        }
    }
}
