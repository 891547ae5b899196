//! Commands written back as script lines: the `aws ecs …` call a click stands for (or the
//! simulator verb, for what no AWS call does), so the page can echo each click into its console.
//! Every line reads back to the same command (see the property test in `tests/script.rs`).
//! [`render_cli`] writes the AWS CLI commands the deploy forms show, for pasting into a terminal.

use super::describe::{list, obj};
use super::lex::quote;
use super::shorthand;
use crate::command::{Command, Fault};
use crate::model::{CapacityProviderItem, DeploymentConfigurationRequest, LaunchType, ScalingMetric, SchedulingStrategy};
use crate::placement::{Constraint, Strategy};

/// The script line for a command.
pub fn render(cmd: &Command) -> String {
    words(cmd).0.join(" ")
}

/// Where a command is sent, for an AWS CLI command to paste into a terminal: what the line
/// needs beyond the command itself.
#[derive(Clone, Copy, Debug)]
pub struct CliContext<'a> {
    /// The region in ARNs.
    pub region: &'a str,
    /// The task definition uses the `awsvpc` network mode, so the call needs a network
    /// configuration (the simulator checks its shape and has no VPC to use it with).
    pub awsvpc: bool,
}

/// The AWS CLI command(s) for a command, one flag per line as a terminal takes them (a
/// backslash ends each line but the last): `aws ecs …` with a network configuration for awsvpc
/// task definitions, `aws scheduler …` for schedules, and for a scaling policy the two
/// `aws application-autoscaling` calls, a blank line apart. Commands no AWS call makes are
/// rendered as [`render`] does. Each reads back to the same command (see `tests/forms.rs`).
pub fn render_cli(cmd: &Command, ctx: &CliContext) -> String {
    let cli = |words: Vec<String>| -> String {
        let mut out = String::new();
        for (i, w) in words.iter().enumerate() {
            if i > 0 {
                out.push_str(if w.starts_with("--") { " \\\n  " } else { " " });
            }
            out.push_str(w);
        }
        out
    };
    let mut line = words(cmd);
    match cmd {
        Command::CreateService { .. } | Command::RunTask { .. } if ctx.awsvpc => {
            line.flag("--network-configuration", "awsvpcConfiguration={subnets=[subnet-0example],securityGroups=[sg-0example]}");
        }
        Command::PutScalingPolicy { service, min_capacity, max_capacity, metric, target_value, scale_out_cooldown, scale_in_cooldown } => {
            let target = |op: &str| {
                let mut l = Line::default();
                l.words(&["aws", "application-autoscaling", op, "--service-namespace", "ecs"]);
                l.flag("--resource-id", &format!("service/{}/{service}", super::aws::CLUSTER));
                l.flag("--scalable-dimension", "ecs:service:DesiredCount");
                l
            };
            let mut register = target("register-scalable-target");
            register.flag("--min-capacity", &min_capacity.to_string());
            register.flag("--max-capacity", &max_capacity.to_string());
            let mut policy = target("put-scaling-policy");
            policy.flag("--policy-name", &format!("{service}-{}{target_value}", metric_word(*metric)));
            policy.flag("--policy-type", "TargetTrackingScaling");
            let mut spec = obj(&mut [("PredefinedMetricType", metric.as_str().into())]);
            if *metric == ScalingMetric::RequestCountPerTarget {
                spec["ResourceLabel"] = "app/example-alb/0123456789abcdef/targetgroup/example-tg/0123456789abcdef".into();
            }
            let mut config = obj(&mut [("TargetValue", (*target_value).into()), ("PredefinedMetricSpecification", spec)]);
            for (k, v) in [("ScaleOutCooldown", scale_out_cooldown), ("ScaleInCooldown", scale_in_cooldown)] {
                if *v != 300 {
                    config[k] = (*v).into();
                }
            }
            policy.flag("--target-tracking-scaling-policy-configuration", &config.to_string());
            return format!("{}\n\n{}", cli(register.0), cli(policy.0));
        }
        Command::CreateSchedule { name, schedule_expression, task_definition, count, launch_type } => {
            let (region, account) = (ctx.region, super::describe::ACCOUNT);
            let mut ecs = obj(&mut [
                ("TaskDefinitionArn", format!("arn:aws:ecs:{region}:{account}:task-definition/{task_definition}").into()),
                ("TaskCount", (*count).into()),
                ("LaunchType", launch_type.as_str().into()),
            ]);
            if ctx.awsvpc {
                ecs["NetworkConfiguration"] =
                    obj(&mut [("awsvpcConfiguration", obj(&mut [("Subnets", list(vec!["subnet-0example".into()]))]))]);
            }
            let target = obj(&mut [
                ("Arn", format!("arn:aws:ecs:{region}:{account}:cluster/{}", super::aws::CLUSTER).into()),
                ("RoleArn", format!("arn:aws:iam::{account}:role/ecs-scheduler").into()),
                ("EcsParameters", ecs),
            ]);
            line = Line::default();
            line.words(&["aws", "scheduler", "create-schedule"]);
            line.flag("--name", name);
            line.flag("--schedule-expression", schedule_expression);
            line.flag("--flexible-time-window", "Mode=OFF");
            line.flag("--target", &target.to_string());
        }
        Command::DeleteSchedule { name } => {
            line = Line::default();
            line.words(&["aws", "scheduler", "delete-schedule"]);
            line.flag("--name", name);
        }
        _ => {}
    }
    cli(line.0)
}

/// A command's words, quoted for a shell.
fn words(cmd: &Command) -> Line {
    let mut out = Line::default();
    match cmd {
        Command::RegisterTaskDefinition { json } => {
            out.aws("register-task-definition");
            out.flag("--cli-input-json", json);
        }
        Command::CreateService {
            service_name,
            task_definition,
            desired_count,
            launch_type,
            capacity_provider_strategy,
            scheduling_strategy,
            placement_strategy,
            placement_constraints,
            deployment_configuration,
            load_balancer,
            health_check_grace_period_seconds,
            availability_zone_rebalancing,
        } => {
            out.aws("create-service");
            out.flag("--service-name", service_name);
            out.flag("--task-definition", task_definition);
            if *scheduling_strategy == SchedulingStrategy::Replica || *desired_count != 0 {
                out.flag("--desired-count", &desired_count.to_string());
            }
            out.launch(*launch_type, capacity_provider_strategy);
            if *scheduling_strategy == SchedulingStrategy::Daemon {
                out.flag("--scheduling-strategy", "DAEMON");
            }
            out.strategies(placement_strategy);
            out.constraints(placement_constraints);
            if let Some(d) = deployment_configuration {
                out.flag("--deployment-configuration", &deployment(d));
            }
            if let Some(lb) = load_balancer {
                let short = shorthand::value(&lb.target_group_arn)
                    .zip(shorthand::value(&lb.container_name))
                    .map(|(t, c)| format!("targetGroupArn={t},containerName={c},containerPort={}", lb.container_port));
                let v = short.unwrap_or_else(|| {
                    list(vec![obj(&mut [
                        ("targetGroupArn", lb.target_group_arn.as_str().into()),
                        ("containerName", lb.container_name.as_str().into()),
                        ("containerPort", lb.container_port.into()),
                    ])])
                    .to_string()
                });
                out.flag("--load-balancers", &v);
            }
            if *health_check_grace_period_seconds != 0 {
                out.flag("--health-check-grace-period-seconds", &health_check_grace_period_seconds.to_string());
            }
            if let Some(az) = availability_zone_rebalancing {
                out.flag("--availability-zone-rebalancing", az.as_str());
            }
        }
        Command::UpdateService {
            service,
            desired_count,
            task_definition,
            force_new_deployment,
            deployment_configuration,
            availability_zone_rebalancing,
            capacity_provider_strategy,
        } => {
            out.aws("update-service");
            out.flag("--service", service);
            if let Some(n) = desired_count {
                out.flag("--desired-count", &n.to_string());
            }
            if let Some(t) = task_definition {
                out.flag("--task-definition", t);
            }
            if *force_new_deployment {
                out.word("--force-new-deployment");
            }
            if let Some(d) = deployment_configuration {
                out.flag("--deployment-configuration", &deployment(d));
            }
            if let Some(az) = availability_zone_rebalancing {
                out.flag("--availability-zone-rebalancing", az.as_str());
            }
            match capacity_provider_strategy.as_deref() {
                Some([]) => out.flag("--capacity-provider-strategy", "[]"),
                Some(p) => out.providers(p),
                None => {}
            }
        }
        Command::DeleteService { service, force } => {
            out.aws("delete-service");
            out.flag("--service", service);
            if *force {
                out.word("--force");
            }
        }
        Command::RunTask {
            task_definition,
            count,
            launch_type,
            capacity_provider_strategy,
            group,
            placement_strategy,
            placement_constraints,
        } => {
            out.aws("run-task");
            out.flag("--task-definition", task_definition);
            out.flag("--count", &count.to_string());
            out.launch(*launch_type, capacity_provider_strategy);
            if let Some(g) = group {
                out.flag("--group", g);
            }
            out.strategies(placement_strategy);
            out.constraints(placement_constraints);
        }
        Command::StopTask { task, reason } => {
            out.aws("stop-task");
            out.flag("--task", task);
            if let Some(r) = reason {
                out.flag("--reason", r);
            }
        }
        Command::DrainInstance { instance } | Command::ActivateInstance { instance } => {
            out.aws("update-container-instances-state");
            out.flag("--container-instances", instance);
            out.flag("--status", if matches!(cmd, Command::DrainInstance { .. }) { "DRAINING" } else { "ACTIVE" });
        }
        Command::AddInstance { instance_type, availability_zone } => {
            out.words(&["add", "instance", instance_type, "az", availability_zone]);
        }
        Command::TerminateInstance { instance } => {
            out.words(&["fail", "instance"]);
            let ambiguous = instance == "id" || (instance.len() <= 4 && instance.chars().all(|c| c.is_ascii_digit()));
            if ambiguous {
                out.word("id");
            }
            out.word(instance);
        }
        Command::InterruptSpot { availability_zone } => {
            out.words(&["interrupt", "spot"]);
            if let Some(az) = availability_zone {
                out.words(&["az", az]);
            }
        }
        Command::CrashTask { task, exit_code } => out.words(&["crash", "task", task, "exit", &exit_code.to_string()]),
        Command::MakeTaskUnhealthy { task } => out.words(&["unhealthy", "task", task]),
        Command::RegisterFaultyRevision { family, fault } => {
            let f = match fault {
                Fault::ImagePull => "image-pull",
                Fault::Unhealthy => "unhealthy",
                Fault::CrashOnStart => "crash",
            };
            out.words(&["bad", "revision", family, f]);
        }
        Command::PutScalingPolicy { service, min_capacity, max_capacity, metric, target_value, scale_out_cooldown, scale_in_cooldown } => {
            out.words(&["autoscale", service]);
            for (k, v) in [
                ("min", min_capacity),
                ("max", max_capacity),
                (metric_word(*metric), target_value),
                ("scale-out-cooldown", scale_out_cooldown),
                ("scale-in-cooldown", scale_in_cooldown),
            ] {
                out.words(&[k, &v.to_string()]);
            }
        }
        Command::DeleteScalingPolicy { service } => out.words(&["autoscale", service, "off"]),
        Command::SetLoad { service, cpu_demand_percent, memory_demand_percent, requests_per_minute } => {
            out.words(&["set", "load", service, &cpu_demand_percent.to_string()]);
            for (k, v) in [("memory", memory_demand_percent), ("requests", requests_per_minute)] {
                if let Some(v) = v {
                    out.words(&[k, &v.to_string()]);
                }
            }
        }
        Command::CreateSchedule { name, schedule_expression, task_definition, count, launch_type } => {
            out.words(&["schedule", "create", name, schedule_expression, task_definition, "count", &count.to_string()]);
            if *launch_type == LaunchType::Fargate {
                out.words(&["launch-type", "FARGATE"]);
            }
        }
        Command::DeleteSchedule { name } => out.words(&["schedule", "delete", name]),
    }
    out
}

#[derive(Default)]
struct Line(Vec<String>);

impl Line {
    fn word(&mut self, w: &str) {
        self.0.push(quote(w));
    }

    fn words(&mut self, ws: &[&str]) {
        for w in ws {
            self.word(w);
        }
    }

    /// `aws ecs OP --cluster production`: the cluster is named so a line pasted into a real
    /// terminal does not act on the account's `default` cluster.
    fn aws(&mut self, op: &str) {
        self.words(&["aws", "ecs", op, "--cluster", super::aws::CLUSTER]);
    }

    /// `--flag value`, or `--flag=value` when the value looks like a flag itself.
    fn flag(&mut self, flag: &str, value: &str) {
        if value.starts_with("--") {
            self.0.push(quote(&format!("{flag}={value}")));
        } else {
            self.word(flag);
            self.word(value);
        }
    }

    /// `--capacity-provider-strategy ITEM…` when there is a strategy, else `--launch-type`.
    fn launch(&mut self, launch_type: LaunchType, providers: &[CapacityProviderItem]) {
        if providers.is_empty() {
            return self.flag("--launch-type", launch_type.as_str());
        }
        self.providers(providers);
    }

    /// `--capacity-provider-strategy ITEM…`.
    fn providers(&mut self, providers: &[CapacityProviderItem]) {
        self.word("--capacity-provider-strategy");
        for p in providers {
            self.word(&format!("capacityProvider={},weight={},base={}", p.capacity_provider.as_str(), p.weight, p.base));
        }
    }

    fn strategies(&mut self, list: &[Strategy]) {
        if list.is_empty() {
            return;
        }
        self.word("--placement-strategy");
        for s in list {
            let short = match s {
                Strategy::Spread(f) => shorthand::value(f).map(|f| format!("type=spread,field={f}")),
                Strategy::Binpack(r) => Some(format!("type=binpack,field={}", r.as_str())),
                Strategy::Random => Some("type=random".into()),
            };
            let v = short.unwrap_or_else(|| serde_json::to_string(s).unwrap_or_default());
            self.word(&v);
        }
    }

    fn constraints(&mut self, list: &[Constraint]) {
        if list.is_empty() {
            return;
        }
        self.word("--placement-constraints");
        for c in list {
            let short = match c {
                Constraint::DistinctInstance => Some("type=distinctInstance".to_string()),
                Constraint::MemberOf(e) => shorthand::value(e).map(|e| format!("type=memberOf,expression={e}")),
            };
            let v = short.unwrap_or_else(|| serde_json::to_string(c).unwrap_or_default());
            self.word(&v);
        }
    }
}

/// The `autoscale` verb's word for a metric: `cpu`, `memory` or `requests`.
fn metric_word(m: ScalingMetric) -> &'static str {
    match m {
        ScalingMetric::Cpu => "cpu",
        ScalingMetric::Memory => "memory",
        ScalingMetric::RequestCountPerTarget => "requests",
    }
}

fn deployment(d: &DeploymentConfigurationRequest) -> String {
    let mut parts = Vec::new();
    if let Some(n) = d.maximum_percent {
        parts.push(format!("maximumPercent={n}"));
    }
    if let Some(n) = d.minimum_healthy_percent {
        parts.push(format!("minimumHealthyPercent={n}"));
    }
    if let Some(b) = d.deployment_circuit_breaker {
        let reset = if b.reset_on_healthy_task { "" } else { ",resetOnHealthyTask=false" };
        parts.push(format!("deploymentCircuitBreaker={{enable={},rollback={}{reset}}}", b.enable, b.rollback));
    }
    if parts.is_empty() {
        return "{}".into();
    }
    parts.join(",")
}
