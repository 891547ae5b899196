//! The explanations under the simulator: what a service is, what a standalone task is, typical
//! uses and the CLI shape of each. Every card and use case has a button that does it in the
//! simulator right then and scrolls to the cluster to watch.

use crate::shared::ctx::Ctx;
use crate::shared::free_names::{next_free_name, next_free_schedule};
use crate::shared::html::handler;
use crate::shared::html::scroll_to;
use ecs_sim_core::{Command, LaunchType};
use leptos::prelude::*;

/// A use case and what its button does.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Try {
    /// Service of 3 web tasks.
    WebService,
    /// Service of 2 queue workers.
    Worker,
    /// DAEMON service.
    Daemon,
    /// One batch job on Fargate.
    BatchJob,
    /// A database migration.
    Migration,
    /// A job that fails (exit code 1).
    FailingJob,
    /// A job every minute.
    Scheduled,
}

impl Try {
    /// The command to apply (names made unique by the caller) and what to say afterwards.
    pub fn command(self, free: impl Fn(&str) -> String) -> (Command, String) {
        match self {
            Try::WebService => {
                let n = free("my-web-app");
                (
                    Command::create_service(&n, "web:1", 3, LaunchType::Ec2),
                    format!("Created service {n} with 3 tasks. Now stop one of its tasks in the cluster view."),
                )
            }
            Try::Worker => {
                let n = free("queue-worker");
                (
                    Command::create_service(&n, "worker:1", 2, LaunchType::Ec2),
                    format!("Created service {n}: 2 workers, no load balancer. Stop one and watch it come back."),
                )
            }
            Try::Daemon => {
                let n = free("node-agent");
                let daemon = ecs_sim_core::SchedulingStrategy::Daemon;
                let cmd = Command::CreateService {
                    service_name: n.clone(),
                    task_definition: "worker:1".into(),
                    desired_count: 0,
                    launch_type: LaunchType::Ec2,
                    capacity_provider_strategy: vec![],
                    scheduling_strategy: daemon,
                    placement_strategy: vec![],
                    placement_constraints: vec![],
                    deployment_configuration: None,
                    load_balancer: None,
                    health_check_grace_period_seconds: 0,
                    availability_zone_rebalancing: None,
                };
                (cmd, format!("Created DAEMON service {n}: one task on each instance."))
            }
            Try::BatchJob => (
                Command::run_task("batch-job:1", 1, LaunchType::Fargate),
                "Started one batch-job task on Fargate. It finishes on its own in 45 s, and nothing restarts it.".into(),
            ),
            Try::Migration => (
                Command::run_task("db-migrate:1", 1, LaunchType::Fargate),
                "Started a db-migrate task: it runs 20 s and exits with code 0.".into(),
            ),
            Try::FailingJob => (
                Command::run_task("report:1", 1, LaunchType::Ec2),
                "Started a report task that exits with code 1 after 30 s. It fails, and ECS leaves it stopped.".into(),
            ),
            Try::Scheduled => {
                let n = free("every-minute");
                (
                    Command::CreateSchedule {
                        name: n.clone(),
                        schedule_expression: "rate(1 minute)".into(),
                        task_definition: "batch-job:1".into(),
                        count: 1,
                        launch_type: LaunchType::Fargate,
                    },
                    format!("Created schedule {n}: a batch-job task starts every virtual minute."),
                )
            }
        }
    }
}

impl Try {
    fn from_name(s: &str) -> Option<Try> {
        Some(match s {
            "web" => Try::WebService,
            "worker" => Try::Worker,
            "daemon" => Try::Daemon,
            "batch" => Try::BatchJob,
            "migrate" => Try::Migration,
            "fail" => Try::FailingJob,
            "schedule" => Try::Scheduled,
            _ => return None,
        })
    }
}

/// The two explanation cards. Static text; `{C}` stands for the cluster name. Buttons carry
/// `data-act` naming a [`Try`].
const CARDS: &str = r#"<h2 id="learn-title">Two ways to run a container</h2>
<p class="lede">A service is a promise that something stays up. A standalone task is a single run that ends. Pick the wrong one and you get either an outage (a web app that nobody restarts) or waste (a one-off script that is restarted forever).</p>
<div class="learn-grid">
<article class="explain service-card">
<h3><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M13.5 8a5.5 5.5 0 0 1-9.6 3.7M2.5 8a5.5 5.5 0 0 1 9.6-3.7M12.6 1.6v3h-3M3.4 14.4v-3h3" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/></svg>Service</h3>
<p>You name a desired count. The service scheduler compares it with what is running and closes the gap, for as long as the service exists.</p>
<ul>
<li><strong>Self-healing: </strong>a task that stops for any reason is replaced.</li>
<li><strong>Load balancing: </strong>new tasks register with a target group before they take traffic.</li>
<li><strong>Deployments: </strong>a new task definition rolls out a few tasks at a time; the circuit breaker can roll a bad one back.</li>
<li><strong>Scaling: </strong>change the desired count, by hand or with auto scaling.</li>
</ul>
<pre class="cli mono" aria-label="AWS CLI: create a service"><code>aws ecs create-service \
  --cluster {C} \
  --service-name my-web-app \
  --task-definition web:1 \
  --desired-count 3 \
  --launch-type EC2</code></pre>
<p class="help">A name and a desired count: ECS keeps this many running until you change it or delete the service.</p>
<button type="button" class="btn primary" data-act="web">Create this service</button>
<h4>Typical uses</h4>
<ul class="cases">
<li class="case"><strong>Web server or API</strong><span class="help">REPLICA behind a load balancer</span><button type="button" class="btn small" data-act="web">Try it: deploy a web service of 3</button></li>
<li class="case"><strong>Queue consumer</strong><span class="help">REPLICA, no load balancer</span><button type="button" class="btn small" data-act="worker">Try it: deploy 2 queue workers</button></li>
<li class="case"><strong>Agent on every host</strong><span class="help">DAEMON: logs, metrics, security</span><button type="button" class="btn small" data-act="daemon">Try it: deploy a daemon</button></li>
</ul>
</article>
<article class="explain task-card">
<h3><svg class="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false"><path d="M4.5 2.8v10.4L13 8z" fill="currentColor"/></svg>Standalone task</h3>
<p>You ask for a run. ECS places it, starts it, and forgets about it once it stops.</p>
<ul>
<li><strong>No restarts: </strong>when it finishes, fails or is stopped, it stays stopped.</li>
<li><strong>Exit code: </strong>0 means the job succeeded; anything else, it failed.</li>
<li><strong>On a schedule: </strong>EventBridge Scheduler can start one with rate(), cron() or at().</li>
</ul>
<pre class="cli mono" aria-label="AWS CLI: run a task"><code>aws ecs run-task \
  --cluster {C} \
  --task-definition batch-job:1 \
  --count 1 \
  --launch-type FARGATE</code></pre>
<p class="help">No name to keep and no count to hold: it starts the run, and that is all. batch-job:1 {BATCH}. A long-running image, such as worker:1, {WORKER}: run alone, it stops only when you stop it, and stays stopped.</p>
<button type="button" class="btn primary standalone-btn" data-act="batch">Run this task</button>
<h4>Typical uses</h4>
<ul class="cases">
<li class="case"><strong>Database migration</strong><span class="help">once per release, exits 0</span><button type="button" class="btn small" data-act="migrate">Try it: run a migration</button></li>
<li class="case"><strong>A job that fails</strong><span class="help">exit code 1: not retried</span><button type="button" class="btn small" data-act="fail">Try it: run a failing report</button></li>
<li class="case"><strong>Nightly batch</strong><span class="help">EventBridge Scheduler; here every minute</span><button type="button" class="btn small" data-act="schedule">Try it: schedule a job every minute</button></li>
</ul>
</article>
</div>"#;

/// The cards for this cluster, saying what the catalog's batch job and worker do.
fn cards(s: &ecs_sim_core::Simulation) -> String {
    let does = |name: &str| s.task_definitions().get(name).map(|d| d.workload.summary()).unwrap_or_default();
    CARDS
        .replace("{C}", &crate::shared::html::esc(&s.config().cluster))
        .replace("{BATCH}", &does("batch-job:1"))
        .replace("{WORKER}", &does("worker:1"))
}

/// Service and standalone-task cards with their CLI commands and use cases.
#[component]
pub fn Learn() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let note = RwSignal::new(None::<Result<String, String>>);
    let toast = expect_context::<crate::cluster::Note>();
    let click = move |ev: leptos::ev::MouseEvent| {
        let Some(t) = crate::shared::html::action(&ev).and_then(|(a, _)| Try::from_name(&a)) else { return };
        let (cmd, msg) = t.command(|base| if t == Try::Scheduled { next_free_schedule(ctx, base) } else { next_free_name(ctx, base) });
        match ctx.apply(cmd) {
            // The cluster comes into view and the confirmation with it, as a toast.
            Ok(_) => {
                note.set(None);
                scroll_to("cluster");
                toast.show(msg);
            }
            Err(e) => note.set(Some(Err(e))),
        }
    };
    let cards = ctx.sim.with_untracked(cards);
    view! {
        <section class="learn" id="learn" aria-labelledby="learn-title">
            <div on:click=handler(click) inner_html=cards></div>
            <crate::shared::result_line::Result result=note/>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim_core::{SimConfig, Simulation};

    #[test]
    fn the_run_task_card_says_which_definitions_finish() {
        let text = cards(&Simulation::new(SimConfig::default()));
        assert!(text.contains("batch-job:1 finishes: exit 0 after 45 s."), "{text}");
        assert!(text.contains("such as worker:1, runs until stopped:"), "{text}");
    }

    #[test]
    fn every_try_it_button_works_on_a_fresh_cluster() {
        let mut sim = Simulation::new(SimConfig::default());
        for t in [Try::WebService, Try::Worker, Try::Daemon, Try::BatchJob, Try::Migration, Try::FailingJob, Try::Scheduled] {
            let (cmd, _) = t.command(str::to_string);
            sim.apply(cmd).unwrap_or_else(|e| panic!("{t:?}: {e}"));
        }
        for act in CARDS.split("data-act=\"").skip(1).map(|x| &x[..x.find('"').unwrap()]) {
            assert!(Try::from_name(act).is_some(), "{act}");
        }
    }
}
