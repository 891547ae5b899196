//! What the deploy forms mean, without Leptos: each field checked as the user types (the message
//! names the problem and the value), the typed text turned into core [`Command`]s, and the same
//! request written as an AWS CLI command. The components only bind inputs to these structs.

use ecs_sim_core::placement::{Constraint, Resource, Strategy};
use ecs_sim_core::{
    query, schedule, CircuitBreaker, Command, DeploymentConfiguration, LaunchType, LoadBalancer, SchedulingStrategy, TaskDefinition,
    MAX_DESIRED,
};

/// The account id the simulator puts in ARNs.
pub const ACCOUNT: &str = "123456789012";

/// Checks a service name; `None` when it is fine.
pub fn service_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("Enter a service name.".into())
    } else if name.len() > 255 {
        Some("A service name is at most 255 characters.".into())
    } else {
        name.chars()
            .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
            .map(|c| format!("'{c}' is not allowed: use letters, numbers, hyphens (-) and underscores (_)."))
    }
}

/// Checks a schedule name (EventBridge Scheduler: 1–64 letters, numbers, `-`, `_`, `.`).
pub fn schedule_name_problem(name: &str) -> Option<String> {
    if name.is_empty() {
        Some("Enter a schedule name.".into())
    } else if name.len() > 64 {
        Some("A schedule name is at most 64 characters.".into())
    } else {
        name.chars()
            .find(|c| !(c.is_ascii_alphanumeric() || "-_.".contains(*c)))
            .map(|c| format!("'{c}' is not allowed: use letters, numbers, '-', '_' and '.'."))
    }
}

/// Parses a whole number within `lo..=hi`, or says what is wrong with it.
pub fn number_in(text: &str, lo: u32, hi: u32, what: &str) -> Result<u32, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!("Enter {what}: a whole number from {lo} to {hi}."));
    }
    match t.parse::<u32>() {
        Ok(n) if (lo..=hi).contains(&n) => Ok(n),
        Ok(n) => Err(format!("{} must be from {lo} to {hi} (got {n}).", capital(what))),
        Err(_) => Err(format!("{} must be a whole number from {lo} to {hi} (got '{t}').", capital(what))),
    }
}

fn capital(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// Checks a count field; `None` when it is a whole number within `lo..=hi`.
pub fn count_problem(text: &str, lo: u32, hi: u32, what: &str) -> Option<String> {
    number_in(text, lo, hi, what).err()
}

/// Checks a `memberOf` expression with the core's cluster query parser.
pub fn expression_problem(expr: &str) -> Option<String> {
    query::parse(expr).err().map(|e| format!("Not a valid expression: {e}."))
}

/// Checks a schedule expression with the core's EventBridge Scheduler parser.
pub fn schedule_problem(expr: &str) -> Option<String> {
    schedule::parse(expr).err().map(|e| e.to_string())
}

/// When a schedule would next fire after `now_unix_ms`, as `2026-11-24 08:05 UTC`.
pub fn next_run(expr: &str, now_unix_ms: i64) -> Option<String> {
    let at = schedule::parse(expr).ok()?.next_after(now_unix_ms)?;
    let (y, m, d) = schedule::civil_from_days(at.div_euclid(86_400_000));
    let mins = at.rem_euclid(86_400_000) / 60_000;
    Some(format!("{y}-{m:02}-{d:02} {:02}:{:02} UTC", mins / 60, mins % 60))
}

/// The placement strategy presets the form offers.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// The service default: spread over AZs, then instances.
    AzSpread,
    /// Fill the fullest instance first (by memory).
    BinpackMemory,
    /// Any instance that fits.
    Random,
    /// One instance after another.
    SpreadInstance,
}

impl Placement {
    /// Every preset, in menu order.
    pub const ALL: [Placement; 4] = [Placement::AzSpread, Placement::BinpackMemory, Placement::Random, Placement::SpreadInstance];

    /// The `<option value>`.
    pub fn value(self) -> &'static str {
        match self {
            Placement::AzSpread => "az",
            Placement::BinpackMemory => "binpack",
            Placement::Random => "random",
            Placement::SpreadInstance => "instance",
        }
    }

    /// The menu text.
    pub fn label(self) -> &'static str {
        match self {
            Placement::AzSpread => "AZ-balanced spread (default)",
            Placement::BinpackMemory => "Binpack on memory (fewest instances)",
            Placement::Random => "Random",
            Placement::SpreadInstance => "Spread over instances",
        }
    }

    /// The preset for an `<option value>`.
    pub fn from_value(v: &str) -> Placement {
        Placement::ALL.into_iter().find(|p| p.value() == v).unwrap_or(Placement::AzSpread)
    }

    /// The strategies sent to the core (empty = the service default).
    pub fn strategies(self) -> Vec<Strategy> {
        match self {
            Placement::AzSpread => vec![],
            Placement::BinpackMemory => vec![Strategy::Binpack(Resource::Memory)],
            Placement::Random => vec![Strategy::Random],
            Placement::SpreadInstance => vec![Strategy::Spread("instanceId".into())],
        }
    }

    fn cli(self) -> Option<&'static str> {
        match self {
            Placement::AzSpread => None,
            Placement::BinpackMemory => Some("type=binpack,field=memory"),
            Placement::Random => Some("type=random"),
            Placement::SpreadInstance => Some("type=spread,field=instanceId"),
        }
    }
}

/// A field of the service or task form.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Field {
    /// Service name.
    Name,
    /// `family:revision`.
    TaskDefinition,
    /// Desired count (service).
    Desired,
    /// Count (task).
    Count,
    /// EC2 or FARGATE.
    Launch,
    /// REPLICA or DAEMON.
    Strategy,
    /// Placement strategy preset.
    Placement,
    /// distinctInstance.
    Distinct,
    /// memberOf on.
    MemberOf,
    /// memberOf expression.
    Expression,
    /// minimumHealthyPercent.
    MinHealthy,
    /// maximumPercent.
    MaxPercent,
    /// Circuit breaker.
    Breaker,
    /// Rollback.
    Rollback,
    /// Health check grace period.
    Grace,
    /// Attach a target group.
    LoadBalancer,
    /// Load balancer container port.
    Port,
    /// Auto scaling on.
    Scaling,
    /// Auto scaling target CPU.
    TargetCpu,
    /// Auto scaling minimum.
    MinCapacity,
    /// Auto scaling maximum.
    MaxCapacity,
    /// Run on a schedule.
    Scheduled,
    /// Schedule name.
    ScheduleName,
    /// Schedule expression.
    ScheduleExpression,
}

/// How a field is drawn.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Free text.
    Text,
    /// A whole number.
    Number,
    /// A checkbox (`"true"` / `"false"`).
    Check,
    /// A menu.
    Select,
}

impl Field {
    /// Element id, label, help text and kind.
    pub fn def(self) -> (&'static str, &'static str, &'static str, Kind) {
        use Kind::*;
        match self {
            Field::Name => ("f-name", "Service name", "", Text),
            Field::TaskDefinition => ("f-td", "Task definition", "", Select),
            Field::Desired => ("f-desired", "Desired count", "", Number),
            Field::Count => ("f-count", "Count", "1 to 10 copies, started together", Number),
            Field::Launch => ("f-launch", "Launch type", "", Select),
            Field::Strategy => ("f-strategy", "Scheduling strategy", "DAEMON runs one task on every ACTIVE instance that meets the constraints (EC2 only).", Select),
            Field::Placement => ("f-placement", "Placement strategy", "EC2 only: Fargate spreads tasks over AZs itself.", Select),
            Field::Distinct => ("f-distinct", "distinctInstance: at most one task of this service per instance", "", Check),
            Field::MemberOf => ("f-memberof", "memberOf: only instances matching an expression", "", Check),
            Field::Expression => ("f-expr", "memberOf expression", "Cluster query language, e.g. attribute:ecs.instance-type =~ m5.* or attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", Text),
            Field::MinHealthy => ("f-min", "Minimum healthy %", "", Number),
            Field::MaxPercent => ("f-max", "Maximum %", "", Number),
            Field::Breaker => ("f-breaker", "Deployment circuit breaker", "", Check),
            Field::Rollback => ("f-rollback", "Roll back when it trips", "", Check),
            Field::Grace => ("f-grace", "Health check grace period (seconds)", "", Number),
            Field::LoadBalancer => ("f-lb", "Register tasks with a target group", "", Check),
            Field::Port => ("f-port", "Container port", "", Number),
            Field::Scaling => ("f-scaling", "Scale on average CPU (target tracking)", "", Check),
            Field::TargetCpu => ("f-cpu", "Target CPU %", "", Number),
            Field::MinCapacity => ("f-minc", "Minimum tasks", "", Number),
            Field::MaxCapacity => ("f-maxc", "Maximum tasks", "", Number),
            Field::Scheduled => ("f-scheduled", "Run on a schedule (EventBridge Scheduler)", "", Check),
            Field::ScheduleName => ("f-sname", "Schedule name", "", Text),
            Field::ScheduleExpression => ("f-sexpr", "Schedule expression", "rate(5 minutes), cron(0 2 * * ? *) with six fields, or at(2026-11-24T09:00:00); UTC", Text),
        }
    }

    /// The fixed choices of a menu (the task definitions come from the cluster instead).
    pub fn choices(self) -> Vec<(String, String)> {
        let v: &[(&str, &str)] = match self {
            Field::Launch => &[("EC2", "EC2 (on the instances above)"), ("FARGATE", "Fargate (serverless)")],
            Field::Strategy => &[("REPLICA", "REPLICA: keep a desired count"), ("DAEMON", "DAEMON: one task per instance")],
            _ => &[],
        };
        let mut out: Vec<(String, String)> = v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        if self == Field::Placement {
            out = Placement::ALL.iter().map(|p| (p.value().to_string(), p.label().to_string())).collect();
        }
        out
    }
}

/// A form whose fields are text as typed: read and written by [`Field`], checked per field.
pub trait FormModel: Clone + PartialEq + Send + Sync + 'static {
    /// Fields shown first.
    const BASIC: &'static [Field];
    /// Folded fields, by fieldset legend.
    const ADVANCED: &'static [(&'static str, &'static [Field])];
    /// The field's text (`"true"`/`"false"` for checkboxes).
    fn get(&self, f: Field) -> String;
    /// Sets the field from text.
    fn set(&mut self, f: Field, v: &str);
    /// Whether the field applies now (e.g. the port only with a load balancer).
    fn shown(&self, f: Field) -> bool;
    /// The problem with the field, if any.
    fn problem(&self, f: Field, td: Option<&TaskDefinition>) -> Option<String>;
}

fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.into()
}

fn launch(v: &str) -> LaunchType {
    if v == "FARGATE" {
        LaunchType::Fargate
    } else {
        LaunchType::Ec2
    }
}

/// The service form as typed. Text stays text until submit, so nothing typed is lost.
#[derive(Clone, Debug, PartialEq)]
pub struct ServiceSpec {
    /// serviceName.
    pub name: String,
    /// `family:revision`.
    pub task_definition: String,
    /// desiredCount.
    pub desired: String,
    /// EC2 or FARGATE.
    pub launch: LaunchType,
    /// DAEMON instead of REPLICA.
    pub daemon: bool,
    /// Placement strategy preset.
    pub placement: Placement,
    /// distinctInstance constraint.
    pub distinct: bool,
    /// memberOf constraint on.
    pub member_of: bool,
    /// memberOf expression.
    pub expression: String,
    /// minimumHealthyPercent.
    pub min_healthy: String,
    /// maximumPercent.
    pub max_percent: String,
    /// Circuit breaker on.
    pub breaker: bool,
    /// Roll back when it trips.
    pub rollback: bool,
    /// Attach a target group.
    pub load_balancer: bool,
    /// Container port for the target group.
    pub port: String,
    /// healthCheckGracePeriodSeconds.
    pub grace: String,
    /// Attach target tracking.
    pub scaling: bool,
    /// Target average CPU, %.
    pub target_cpu: String,
    /// Minimum tasks.
    pub min_capacity: String,
    /// Maximum tasks.
    pub max_capacity: String,
}

impl Default for ServiceSpec {
    fn default() -> Self {
        ServiceSpec {
            name: "web".into(),
            task_definition: "web:1".into(),
            desired: "3".into(),
            launch: LaunchType::Ec2,
            daemon: false,
            placement: Placement::AzSpread,
            distinct: false,
            member_of: false,
            expression: "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]".into(),
            min_healthy: "100".into(),
            max_percent: "200".into(),
            breaker: true,
            rollback: true,
            load_balancer: false,
            port: "80".into(),
            grace: "0".into(),
            scaling: false,
            target_cpu: "50".into(),
            min_capacity: "1".into(),
            max_capacity: "6".into(),
        }
    }
}

/// The container that maps `port`, if any.
fn container_with_port(td: &TaskDefinition, port: u16) -> Option<&str> {
    td.containers.iter().find(|c| c.port_mappings.iter().any(|p| p.container_port == port)).map(|c| c.name.as_str())
}

fn ports_of(td: &TaskDefinition) -> String {
    let v: Vec<String> = td.containers.iter().flat_map(|c| c.port_mappings.iter().map(|p| p.container_port.to_string())).collect();
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

impl ServiceSpec {
    /// Switches REPLICA/DAEMON and moves the deployment bounds to that strategy's defaults if
    /// they were still at the other's.
    pub fn set_daemon(&mut self, daemon: bool) {
        let (from, to) = if daemon { (("100", "200"), ("0", "100")) } else { (("0", "100"), ("100", "200")) };
        if (self.min_healthy.as_str(), self.max_percent.as_str()) == from {
            self.min_healthy = to.0.into();
            self.max_percent = to.1.into();
        }
        self.daemon = daemon;
    }

    /// The problem with one field, or `None`. `td` is the selected task definition.
    pub fn check(&self, f: Field, td: Option<&TaskDefinition>) -> Option<String> {
        let ec2_only = |what: &str| {
            (self.launch == LaunchType::Fargate).then(|| format!("{what} needs the EC2 launch type: Fargate places tasks itself."))
        };
        match f {
            Field::Name => service_name_problem(&self.name),
            Field::Desired if !self.daemon => count_problem(&self.desired, 0, MAX_DESIRED, "desired count"),
            Field::Expression if self.member_of => ec2_only("A memberOf constraint").or_else(|| expression_problem(&self.expression)),
            Field::MinHealthy => count_problem(&self.min_healthy, 0, 100, "minimum healthy percent"),
            Field::MaxPercent => {
                let lo = if self.daemon { 0 } else { 100 };
                number_in(&self.max_percent, lo, 200, "maximum percent").err().or_else(|| {
                    let min = self.min_healthy.trim().parse::<u32>().ok()?;
                    let max = self.max_percent.trim().parse::<u32>().ok()?;
                    (max < min).then(|| format!("Maximum percent ({max}) must not be below minimum healthy percent ({min})."))
                })
            }
            Field::Port if self.load_balancer => number_in(&self.port, 1, 65_535, "container port").err().or_else(|| {
                let td = td?;
                let port: u16 = self.port.trim().parse().ok()?;
                container_with_port(td, port)
                    .is_none()
                    .then(|| format!("{} has no container port {port} (its ports: {}).", td.name(), ports_of(td)))
            }),
            Field::Grace => count_problem(&self.grace, 0, 2_147_483_647, "grace period"),
            Field::TargetCpu if self.scaling => count_problem(&self.target_cpu, 1, 100, "target CPU"),
            Field::MinCapacity if self.scaling => count_problem(&self.min_capacity, 0, MAX_DESIRED, "minimum tasks"),
            Field::MaxCapacity if self.scaling => number_in(&self.max_capacity, 0, MAX_DESIRED, "maximum tasks").err().or_else(|| {
                let min = self.min_capacity.trim().parse::<u32>().ok()?;
                let max = self.max_capacity.trim().parse::<u32>().ok()?;
                (max < min).then(|| format!("Maximum tasks ({max}) must not be below minimum tasks ({min})."))
            }),
            _ => None,
        }
    }

    /// A problem that is not one field's: a combination the core would refuse.
    pub fn form_problem(&self) -> Option<String> {
        if self.launch == LaunchType::Fargate && self.daemon {
            Some("DAEMON needs the EC2 launch type: Fargate has no instances to put one task on each.".into())
        } else if self.launch == LaunchType::Fargate && (self.placement != Placement::AzSpread || self.distinct) {
            Some("Placement strategies and constraints need the EC2 launch type: Fargate spreads tasks over AZs itself.".into())
        } else if self.daemon && self.scaling {
            Some("A DAEMON service cannot be auto scaled: it runs one task per instance.".into())
        } else {
            None
        }
    }

    const FIELDS: [Field; 10] = [
        Field::Name,
        Field::Desired,
        Field::Expression,
        Field::MinHealthy,
        Field::MaxPercent,
        Field::Port,
        Field::Grace,
        Field::TargetCpu,
        Field::MinCapacity,
        Field::MaxCapacity,
    ];

    /// Every problem, form-wide first.
    pub fn problems(&self, td: Option<&TaskDefinition>) -> Vec<String> {
        self.form_problem().into_iter().chain(Self::FIELDS.iter().filter_map(|f| self.check(*f, td))).collect()
    }

    fn num(s: &str) -> u32 {
        s.trim().parse().unwrap_or(0)
    }

    fn target_group_arn(&self, region: &str) -> String {
        format!("arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:targetgroup/{}-tg/6d0ecf831eec9f09", self.name)
    }

    fn constraints(&self) -> Vec<Constraint> {
        let mut v = Vec::new();
        if self.distinct {
            v.push(Constraint::DistinctInstance);
        }
        if self.member_of {
            v.push(Constraint::MemberOf(self.expression.trim().to_string()));
        }
        v
    }

    fn deployment_configuration(&self) -> DeploymentConfiguration {
        DeploymentConfiguration {
            maximum_percent: Self::num(&self.max_percent),
            minimum_healthy_percent: Self::num(&self.min_healthy),
            deployment_circuit_breaker: self.breaker.then_some(CircuitBreaker { enable: true, rollback: self.rollback }),
        }
    }

    /// The create-service command and, with auto scaling, the scaling policy to put after it.
    /// Call only when [`ServiceSpec::problems`] is empty.
    pub fn commands(&self, td: &TaskDefinition, region: &str) -> (Command, Option<Command>) {
        let load_balancer = self.load_balancer.then(|| {
            let port: u16 = self.port.trim().parse().unwrap_or(80);
            LoadBalancer {
                target_group_arn: self.target_group_arn(region),
                container_name: container_with_port(td, port).unwrap_or_default().to_string(),
                container_port: port,
            }
        });
        let create = Command::CreateService {
            service_name: self.name.clone(),
            task_definition: td.name(),
            desired_count: if self.daemon { 0 } else { Self::num(&self.desired) },
            launch_type: self.launch,
            scheduling_strategy: if self.daemon { SchedulingStrategy::Daemon } else { SchedulingStrategy::Replica },
            placement_strategy: self.placement.strategies(),
            placement_constraints: self.constraints(),
            deployment_configuration: Some(self.deployment_configuration().into()),
            load_balancer,
            health_check_grace_period_seconds: Self::num(&self.grace),
        };
        let scaling = self.scaling.then(|| Command::PutScalingPolicy {
            service: self.name.clone(),
            min_capacity: Self::num(&self.min_capacity),
            max_capacity: Self::num(&self.max_capacity),
            target_cpu_percent: Self::num(&self.target_cpu),
            scale_out_cooldown: 300,
            scale_in_cooldown: 300,
        });
        (create, scaling)
    }

    /// The same request as `aws ecs create-service` (and, with auto scaling, the two
    /// `aws application-autoscaling` calls).
    pub fn cli(&self, cluster: &str, region: &str, td: Option<&TaskDefinition>) -> String {
        let mut lines = vec![
            "aws ecs create-service".to_string(),
            format!("--cluster {cluster}"),
            format!("--service-name {}", self.name),
            format!("--task-definition {}", self.task_definition),
        ];
        if self.daemon {
            lines.push("--scheduling-strategy DAEMON".into());
        } else {
            lines.push(format!("--desired-count {}", self.desired.trim()));
        }
        lines.push(format!("--launch-type {}", self.launch.as_str()));
        if let Some(p) = self.placement.cli() {
            lines.push(format!("--placement-strategy {p}"));
        }
        let mut cons = Vec::new();
        if self.distinct {
            cons.push("type=distinctInstance".to_string());
        }
        if self.member_of {
            cons.push(format!("'type=memberOf,expression=\"{}\"'", self.expression.trim()));
        }
        if !cons.is_empty() {
            lines.push(format!("--placement-constraints {}", cons.join(" ")));
        }
        let cb = if self.breaker { format!(",deploymentCircuitBreaker={{enable=true,rollback={}}}", self.rollback) } else { String::new() };
        lines.push(format!(
            "--deployment-configuration \"maximumPercent={},minimumHealthyPercent={}{cb}\"",
            self.max_percent.trim(),
            self.min_healthy.trim()
        ));
        if self.load_balancer {
            let port: u16 = self.port.trim().parse().unwrap_or(80);
            let container = td.and_then(|t| container_with_port(t, port)).unwrap_or("web");
            lines.push(format!(
                "--load-balancers targetGroupArn={},containerName={container},containerPort={port}",
                self.target_group_arn(region)
            ));
        }
        if self.grace.trim() != "0" {
            lines.push(format!("--health-check-grace-period-seconds {}", self.grace.trim()));
        }
        if td.is_some_and(|t| t.network_mode == "awsvpc") {
            lines.push(NETWORK.into());
        }
        let mut out = lines.join(" \\\n  ");
        if self.scaling {
            out.push_str(&format!(
                "\n\naws application-autoscaling register-scalable-target \\\n  --service-namespace ecs \\\n  --resource-id service/{cluster}/{} \\\n  --scalable-dimension ecs:service:DesiredCount \\\n  --min-capacity {} --max-capacity {}\n\naws application-autoscaling put-scaling-policy \\\n  --service-namespace ecs \\\n  --resource-id service/{cluster}/{} \\\n  --scalable-dimension ecs:service:DesiredCount \\\n  --policy-name cpu{} --policy-type TargetTrackingScaling \\\n  --target-tracking-scaling-policy-configuration '{{\"TargetValue\": {}, \"PredefinedMetricSpecification\": {{\"PredefinedMetricType\": \"ECSServiceAverageCPUUtilization\"}}}}'",
                self.name,
                self.min_capacity.trim(),
                self.max_capacity.trim(),
                self.name,
                self.target_cpu.trim(),
                self.target_cpu.trim()
            ));
        }
        out
    }
}

impl FormModel for ServiceSpec {
    const BASIC: &'static [Field] = &[Field::Name, Field::TaskDefinition, Field::Desired, Field::Launch];
    const ADVANCED: &'static [(&'static str, &'static [Field])] = &[
        ("Scheduling", &[Field::Strategy]),
        ("Placement (EC2 only)", &[Field::Placement, Field::Distinct, Field::MemberOf, Field::Expression]),
        ("Rolling deployment", &[Field::MinHealthy, Field::MaxPercent, Field::Breaker, Field::Rollback, Field::Grace]),
        ("Load balancer", &[Field::LoadBalancer, Field::Port]),
        ("Auto scaling", &[Field::Scaling, Field::TargetCpu, Field::MinCapacity, Field::MaxCapacity]),
    ];

    fn get(&self, f: Field) -> String {
        match f {
            Field::Name => self.name.clone(),
            Field::TaskDefinition => self.task_definition.clone(),
            Field::Desired => self.desired.clone(),
            Field::Launch => self.launch.as_str().into(),
            Field::Strategy => if self.daemon { "DAEMON" } else { "REPLICA" }.into(),
            Field::Placement => self.placement.value().into(),
            Field::Distinct => flag(self.distinct),
            Field::MemberOf => flag(self.member_of),
            Field::Expression => self.expression.clone(),
            Field::MinHealthy => self.min_healthy.clone(),
            Field::MaxPercent => self.max_percent.clone(),
            Field::Breaker => flag(self.breaker),
            Field::Rollback => flag(self.rollback),
            Field::Grace => self.grace.clone(),
            Field::LoadBalancer => flag(self.load_balancer),
            Field::Port => self.port.clone(),
            Field::Scaling => flag(self.scaling),
            Field::TargetCpu => self.target_cpu.clone(),
            Field::MinCapacity => self.min_capacity.clone(),
            Field::MaxCapacity => self.max_capacity.clone(),
            _ => String::new(),
        }
    }

    fn set(&mut self, f: Field, v: &str) {
        let on = v == "true";
        match f {
            Field::Name => self.name = v.into(),
            Field::TaskDefinition => self.task_definition = v.into(),
            Field::Desired => self.desired = v.into(),
            Field::Launch => self.launch = launch(v),
            Field::Strategy => self.set_daemon(v == "DAEMON"),
            Field::Placement => self.placement = Placement::from_value(v),
            Field::Distinct => self.distinct = on,
            Field::MemberOf => self.member_of = on,
            Field::Expression => self.expression = v.into(),
            Field::MinHealthy => self.min_healthy = v.into(),
            Field::MaxPercent => self.max_percent = v.into(),
            Field::Breaker => self.breaker = on,
            Field::Rollback => self.rollback = on,
            Field::Grace => self.grace = v.into(),
            Field::LoadBalancer => self.load_balancer = on,
            Field::Port => self.port = v.into(),
            Field::Scaling => self.scaling = on,
            Field::TargetCpu => self.target_cpu = v.into(),
            Field::MinCapacity => self.min_capacity = v.into(),
            Field::MaxCapacity => self.max_capacity = v.into(),
            _ => {}
        }
    }

    fn shown(&self, f: Field) -> bool {
        match f {
            Field::Desired => !self.daemon,
            Field::Expression => self.member_of,
            Field::Rollback => self.breaker,
            Field::Port => self.load_balancer,
            Field::TargetCpu | Field::MinCapacity | Field::MaxCapacity => self.scaling,
            _ => true,
        }
    }

    fn problem(&self, f: Field, td: Option<&TaskDefinition>) -> Option<String> {
        self.check(f, td)
    }
}

impl FormModel for TaskSpec {
    const BASIC: &'static [Field] =
        &[Field::TaskDefinition, Field::Count, Field::Launch, Field::Scheduled, Field::ScheduleName, Field::ScheduleExpression];
    const ADVANCED: &'static [(&'static str, &'static [Field])] = &[];

    fn get(&self, f: Field) -> String {
        match f {
            Field::TaskDefinition => self.task_definition.clone(),
            Field::Count => self.count.clone(),
            Field::Launch => self.launch.as_str().into(),
            Field::Scheduled => flag(self.scheduled),
            Field::ScheduleName => self.schedule_name.clone(),
            Field::ScheduleExpression => self.expression.clone(),
            _ => String::new(),
        }
    }

    fn set(&mut self, f: Field, v: &str) {
        match f {
            Field::TaskDefinition => self.task_definition = v.into(),
            Field::Count => self.count = v.into(),
            Field::Launch => self.launch = launch(v),
            Field::Scheduled => self.scheduled = v == "true",
            Field::ScheduleName => self.schedule_name = v.into(),
            Field::ScheduleExpression => self.expression = v.into(),
            _ => {}
        }
    }

    fn shown(&self, f: Field) -> bool {
        !matches!(f, Field::ScheduleName | Field::ScheduleExpression) || self.scheduled
    }

    fn problem(&self, f: Field, _: Option<&TaskDefinition>) -> Option<String> {
        self.check(f)
    }
}

const NETWORK: &str = "--network-configuration \"awsvpcConfiguration={subnets=[subnet-0example],securityGroups=[sg-0example]}\"";

/// The standalone-task form as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskSpec {
    /// `family:revision`.
    pub task_definition: String,
    /// 1–10.
    pub count: String,
    /// EC2 or FARGATE.
    pub launch: LaunchType,
    /// Run on a schedule instead of now.
    pub scheduled: bool,
    /// Schedule name.
    pub schedule_name: String,
    /// `rate()`, `cron()` or `at()`.
    pub expression: String,
}

impl Default for TaskSpec {
    fn default() -> Self {
        TaskSpec {
            task_definition: "batch-job:1".into(),
            count: "1".into(),
            launch: LaunchType::Ec2,
            scheduled: false,
            schedule_name: "every-5-minutes".into(),
            expression: "rate(5 minutes)".into(),
        }
    }
}

impl TaskSpec {
    /// The problem with one field, or `None`.
    pub fn check(&self, f: Field) -> Option<String> {
        match f {
            Field::Count => count_problem(&self.count, 1, 10, "count"),
            Field::ScheduleName if self.scheduled => schedule_name_problem(&self.schedule_name),
            Field::ScheduleExpression if self.scheduled => schedule_problem(&self.expression),
            _ => None,
        }
    }

    /// Every problem.
    pub fn problems(&self) -> Vec<String> {
        [Field::Count, Field::ScheduleName, Field::ScheduleExpression].iter().filter_map(|f| self.check(*f)).collect()
    }

    /// run-task now, or create-schedule. Call only when [`TaskSpec::problems`] is empty.
    pub fn command(&self) -> Command {
        let count = self.count.trim().parse().unwrap_or(1);
        if self.scheduled {
            Command::CreateSchedule {
                name: self.schedule_name.clone(),
                schedule_expression: self.expression.trim().to_string(),
                task_definition: self.task_definition.clone(),
                count,
                launch_type: self.launch,
            }
        } else {
            Command::run_task(&self.task_definition, count, self.launch)
        }
    }

    /// `aws ecs run-task`, or `aws scheduler create-schedule` with an ECS target.
    pub fn cli(&self, cluster: &str, region: &str, td: Option<&TaskDefinition>) -> String {
        let awsvpc = td.is_some_and(|t| t.network_mode == "awsvpc");
        if self.scheduled {
            let net = if awsvpc {
                ",\n      \"NetworkConfiguration\": {\"awsvpcConfiguration\": {\"Subnets\": [\"subnet-0example\"]}}"
            } else {
                ""
            };
            return format!(
                "aws scheduler create-schedule \\\n  --name {} \\\n  --schedule-expression \"{}\" \\\n  --flexible-time-window Mode=OFF \\\n  --target '{{\n    \"Arn\": \"arn:aws:ecs:{region}:{ACCOUNT}:cluster/{cluster}\",\n    \"RoleArn\": \"arn:aws:iam::{ACCOUNT}:role/ecs-scheduler\",\n    \"EcsParameters\": {{\n      \"TaskDefinitionArn\": \"arn:aws:ecs:{region}:{ACCOUNT}:task-definition/{}\",\n      \"TaskCount\": {},\n      \"LaunchType\": \"{}\"{net}\n    }}\n  }}'",
                self.schedule_name,
                self.expression.trim(),
                self.task_definition,
                self.count.trim(),
                self.launch.as_str()
            );
        }
        let mut lines = vec![
            "aws ecs run-task".to_string(),
            format!("--cluster {cluster}"),
            format!("--task-definition {}", self.task_definition),
            format!("--count {}", self.count.trim()),
            format!("--launch-type {}", self.launch.as_str()),
        ];
        if awsvpc {
            lines.push(NETWORK.into());
        }
        lines.join(" \\\n  ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecs_sim_core::{builtin_task_definitions, SimConfig, Simulation};

    fn web() -> TaskDefinition {
        builtin_task_definitions().into_iter().find(|t| t.family == "web").unwrap()
    }

    #[test]
    fn service_names_are_checked_as_the_user_types() {
        assert_eq!(service_name_problem("web-2_a"), None);
        assert_eq!(service_name_problem(""), Some("Enter a service name.".into()));
        assert!(service_name_problem("<img src=x onerror=alert(1)>").unwrap().starts_with("'<' is not allowed"));
        assert!(service_name_problem(&"a".repeat(256)).is_some());
    }

    #[test]
    fn numbers_name_the_range_and_the_value() {
        assert_eq!(number_in(" 10 ", 1, 10, "count"), Ok(10));
        assert_eq!(number_in("11", 1, 10, "count"), Err("Count must be from 1 to 10 (got 11).".into()));
        assert_eq!(number_in("2.5", 1, 10, "count"), Err("Count must be a whole number from 1 to 10 (got '2.5').".into()));
        assert_eq!(number_in("", 0, 5, "desired count"), Err("Enter desired count: a whole number from 0 to 5.".into()));
        assert!(count_problem("-1", 0, 5, "count").is_some());
    }

    #[test]
    fn expressions_and_schedules_use_the_core_parsers() {
        assert_eq!(expression_problem("attribute:ecs.instance-type =~ t3.*"), None);
        assert!(expression_problem("attribute:ecs.instance-type ==").unwrap().starts_with("Not a valid expression"));
        assert_eq!(schedule_problem("rate(1 minute)"), None);
        assert_eq!(schedule_problem("cron(0 2 * * ? *)"), None);
        assert!(schedule_problem("cron(0 2 * * *)").is_some());
        assert!(schedule_problem("every day").is_some());
        // 2026-11-24T08:00:00Z
        assert_eq!(next_run("rate(5 minutes)", 1_795_507_200_000).as_deref(), Some("2026-11-24 08:05 UTC"));
        assert_eq!(next_run("cron(0 2 * * ? *)", 1_795_507_200_000).as_deref(), Some("2026-11-25 02:00 UTC"));
    }

    #[test]
    fn each_service_field_names_its_problem() {
        let td = web();
        let mut s = ServiceSpec { load_balancer: true, scaling: true, member_of: true, ..ServiceSpec::default() };
        assert!(s.problems(Some(&td)).is_empty(), "{:?}", s.problems(Some(&td)));
        s.port = "8080".into();
        assert_eq!(s.check(Field::Port, Some(&td)).unwrap(), "web:1 has no container port 8080 (its ports: 80).");
        s.max_percent = "50".into();
        assert_eq!(s.check(Field::MaxPercent, None).unwrap(), "Maximum percent must be from 100 to 200 (got 50).");
        s.min_capacity = "5".into();
        s.max_capacity = "2".into();
        assert_eq!(s.check(Field::MaxCapacity, None).unwrap(), "Maximum tasks (2) must not be below minimum tasks (5).");
        s.expression = "attribute:ecs.availability-zone in [".into();
        assert!(s.check(Field::Expression, None).is_some());
        s.launch = LaunchType::Fargate;
        assert!(s.check(Field::Expression, None).unwrap().contains("EC2 launch type"));
        s.member_of = false;
        assert_eq!(s.check(Field::Expression, None), None);
    }

    #[test]
    fn fields_read_and_write_as_text_and_show_when_they_apply() {
        let mut s = ServiceSpec::default();
        for (f, v) in [
            (Field::Name, "api"),
            (Field::Desired, "7"),
            (Field::Launch, "FARGATE"),
            (Field::Placement, "random"),
            (Field::Scaling, "true"),
        ] {
            s.set(f, v);
            assert_eq!(s.get(f), v);
        }
        assert!(s.shown(Field::TargetCpu) && !s.shown(Field::Port));
        s.set(Field::Strategy, "DAEMON");
        assert!(s.daemon && !s.shown(Field::Desired));
        let mut t = TaskSpec::default();
        assert!(!t.shown(Field::ScheduleExpression));
        t.set(Field::Scheduled, "true");
        assert!(t.shown(Field::ScheduleExpression));
        let ids: Vec<&str> = ServiceSpec::ADVANCED.iter().flat_map(|g| g.1.iter()).chain(ServiceSpec::BASIC).map(|f| f.def().0).collect();
        let mut dedup = ids.clone();
        dedup.sort();
        dedup.dedup();
        assert_eq!(ids.len(), dedup.len(), "ids are unique");
    }

    #[test]
    fn daemon_moves_default_bounds_and_refuses_fargate() {
        let mut s = ServiceSpec::default();
        s.set_daemon(true);
        assert_eq!((s.min_healthy.as_str(), s.max_percent.as_str()), ("0", "100"));
        s.launch = LaunchType::Fargate;
        assert!(s.form_problem().unwrap().starts_with("DAEMON needs the EC2"));
        s.set_daemon(false);
        assert_eq!((s.min_healthy.as_str(), s.max_percent.as_str()), ("100", "200"));
    }

    #[test]
    fn a_valid_form_creates_a_service_the_core_accepts() {
        let td = web();
        let s = ServiceSpec {
            load_balancer: true,
            scaling: true,
            distinct: true,
            member_of: true,
            placement: Placement::BinpackMemory,
            grace: "30".into(),
            ..ServiceSpec::default()
        };
        let (create, scaling) = s.commands(&td, "us-east-1");
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(create).unwrap();
        sim.apply(scaling.unwrap()).unwrap();
        let svc = &sim.services()["web"];
        assert_eq!(svc.load_balancer.as_ref().unwrap().container_name, "web");
        assert_eq!(svc.placement_constraints.len(), 2);
        let cli = s.cli("production", "us-east-1", Some(&td));
        assert!(cli.starts_with("aws ecs create-service \\\n  --cluster production \\\n  --service-name web"), "{cli}");
        assert!(cli.contains("deploymentCircuitBreaker={enable=true,rollback=true}"), "{cli}");
        assert!(cli.contains("--placement-strategy type=binpack,field=memory"), "{cli}");
        assert!(cli.contains("containerName=web,containerPort=80"), "{cli}");
        assert!(cli.contains("aws application-autoscaling put-scaling-policy"), "{cli}");
    }

    #[test]
    fn task_form_runs_now_or_on_a_schedule() {
        let mut t = TaskSpec::default();
        assert!(matches!(t.command(), Command::RunTask { count: 1, .. }));
        t.scheduled = true;
        t.expression = "rate(1 minute)".into();
        assert!(t.problems().is_empty());
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(t.command()).unwrap();
        assert_eq!(sim.schedules().len(), 1);
        let cli = t.cli("production", "us-east-1", Some(&builtin_task_definitions()[3]));
        assert!(cli.starts_with("aws scheduler create-schedule"), "{cli}");
        let target: serde_json::Value = serde_json::from_str(cli.split('\'').nth(1).unwrap()).unwrap();
        assert_eq!(target["EcsParameters"]["TaskDefinitionArn"], "arn:aws:ecs:us-east-1:123456789012:task-definition/batch-job:1");
        t.schedule_name = "a b".into();
        assert_eq!(t.check(Field::ScheduleName).unwrap(), "' ' is not allowed: use letters, numbers, '-', '_' and '.'.");
        t.expression = "cron(0 2 * * *)".into();
        assert!(t.check(Field::ScheduleExpression).is_some());
    }
}
