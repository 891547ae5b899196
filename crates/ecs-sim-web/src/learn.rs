//! The explanations under the simulator: what a service is, what a standalone task is, and the
//! CLI shape of each. Every card has a button that does the thing in the simulator right now.

use crate::app::Ctx;
use crate::icons;
use ecs_sim_core::{Command, LaunchType, ServiceStatus};
use leptos::prelude::*;

/// Service and standalone-task cards with their CLI commands.
#[component]
pub fn Learn() -> impl IntoView {
    let ctx = expect_context::<Ctx>();
    let note = RwSignal::new(String::new());
    let try_service = move |_| {
        let name = ctx.sim.with_untracked(|s| {
            (1..)
                .map(|i| if i == 1 { "my-web-app".to_string() } else { format!("my-web-app-{i}") })
                .find(|n| !s.services().get(n).is_some_and(|x| x.status != ServiceStatus::Inactive))
                .expect("a free name exists")
        });
        let r = ctx.apply(Command::create_service(&name, "web:1", 3, LaunchType::Ec2));
        note.set(match r {
            Ok(_) => format!("Created service {name} with 3 tasks. Now stop one of its tasks in the cluster view."),
            Err(e) => e,
        });
    };
    let try_task = move |_| {
        let r = ctx.apply(Command::run_task("batch-job:1", 1, LaunchType::Fargate));
        note.set(match r {
            Ok(_) => "Started one batch-job task on Fargate. It will finish on its own in 45 s, and nothing restarts it.".into(),
            Err(e) => e,
        });
    };
    let cluster = move || ctx.sim.with(|s| s.config().cluster.clone());
    view! {
        <section class="learn" aria-labelledby="learn-title">
            <h2 id="learn-title">"Two ways to run a container"</h2>
            <p class="lede">"A service is a promise that something stays up. A standalone task is a single run that ends. Pick the wrong one and you get either an outage (a web app that nobody restarts) or waste (a one-off script that is restarted forever)."</p>
            <div class="learn-grid">
                <article class="explain service-card">
                    <h3>{icons::service()}"Service"</h3>
                    <p>"You name a desired count. The service scheduler compares it with what is running and closes the gap, forever."</p>
                    <ul>
                        <li><strong>"Self-healing: "</strong>"a task that stops for any reason is replaced."</li>
                        <li><strong>"Load balancing: "</strong>"new tasks register with a target group before they take traffic."</li>
                        <li><strong>"Deployments: "</strong>"a new task definition rolls out a few tasks at a time."</li>
                        <li><strong>"Scaling: "</strong>"change the desired count, by hand or with auto scaling."</li>
                    </ul>
                    <p class="uses"><span class="label">"Good for "</span>"web servers, APIs, queue consumers."</p>
                    <pre class="cli mono" aria-label="AWS CLI: create a service"><code>
"aws ecs create-service \\\n  --cluster " {cluster} " \\\n  --service-name my-web-app \\\n  --task-definition web:1 \\\n  --desired-count 3 \\\n  --launch-type EC2"
                    </code></pre>
                    <button class="btn primary" on:click=try_service>"Create this service"</button>
                </article>
                <article class="explain task-card">
                    <h3>{icons::standalone()}"Standalone task"</h3>
                    <p>"You ask for a run. ECS places it, starts it, and forgets about it once it stops."</p>
                    <ul>
                        <li><strong>"No restarts: "</strong>"when it finishes, fails or is stopped, it stays stopped."</li>
                        <li><strong>"Exit code: "</strong>"0 means the job succeeded; anything else, it failed."</li>
                        <li><strong>"On a schedule: "</strong>"EventBridge Scheduler can start one with rate() or cron()."</li>
                    </ul>
                    <p class="uses"><span class="label">"Good for "</span>"database migrations, nightly batches, model training."</p>
                    <pre class="cli mono" aria-label="AWS CLI: run a task"><code>
"aws ecs run-task \\\n  --cluster " {cluster} " \\\n  --task-definition batch-job:1 \\\n  --count 1 \\\n  --launch-type FARGATE"
                    </code></pre>
                    <button class="btn primary standalone-btn" on:click=try_task>"Run this task"</button>
                </article>
            </div>
            <p class="result ok" role="status">{move || note.get()}</p>
        </section>
    }
}
