//! What the deploy forms mean, without Leptos: the typed text turned into core
//! [`Command`](ecs_sim_core::Command)s, each field checked with the core's own rule for its
//! parameter ([`rules`]), and the request written as AWS CLI commands by the core's renderer
//! ([`render_cli`](ecs_sim_core::script::render_cli)). A core error names its parameter, which
//! says which field it marks ([`SimError::param`]); one that names none is about the whole form.
//! The components only bind inputs to these structs.

#[cfg(test)]
mod round_trip;
mod service;
mod task;

pub use service::ServiceSpec;
pub use task::TaskSpec;

use ecs_sim_core::placement::{Resource, Strategy};
use ecs_sim_core::{rules, schedule, CapacityProvider, CapacityProviderItem, LaunchType, Op, SimError, TaskDefinition};

/// A number typed into a form, then checked with the parameter's rule.
pub fn number(op: Op, param: &str, text: &str, rule: impl Fn(u32) -> Result<(), SimError>) -> Result<u32, SimError> {
    let n = rules::whole_number(op, param, text)?;
    rule(n).map(|()| n)
}

/// When a schedule would next fire after `now_unix_ms`, as `2026-11-24 08:05 UTC`.
pub fn next_run(expr: &str, now_unix_ms: i64) -> Option<String> {
    let at = schedule::parse(expr).ok()?.next_after(now_unix_ms)?;
    let (y, m, d) = schedule::civil_from_days(at.div_euclid(86_400_000));
    let mins = at.rem_euclid(86_400_000) / 60_000;
    Some(format!("{y}-{m:02}-{d:02} {:02}:{:02} UTC", mins / 60, mins % 60))
}

/// The first problem whose parameter `mine` claims, in the core's words.
pub(crate) fn field_problem(problems: Vec<SimError>, mine: impl Fn(&str) -> bool) -> Option<String> {
    problems.into_iter().find(|e| e.param().is_some_and(&mine)).map(|e| e.message())
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
            Field::Launch => &[
                ("EC2", "EC2 (on the instances above)"),
                ("FARGATE", "Fargate (serverless)"),
                ("FARGATE_SPOT", "Fargate Spot (capacity provider; can be interrupted)"),
            ],
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

pub(crate) fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.into()
}

/// The launch type of a Launch menu value, and whether it is the Fargate Spot choice.
pub(crate) fn launch(v: &str) -> (LaunchType, bool) {
    match v {
        "FARGATE" => (LaunchType::Fargate, false),
        "FARGATE_SPOT" => (LaunchType::Fargate, true),
        _ => (LaunchType::Ec2, false),
    }
}

/// The Launch menu value.
pub(crate) fn launch_value(launch: LaunchType, spot: bool) -> String {
    if spot { "FARGATE_SPOT" } else { launch.as_str() }.into()
}

/// The capacity provider strategy of the Fargate Spot choice: a service keeps one task on
/// on-demand FARGATE (base 1) and puts three of every four others on FARGATE_SPOT, the mix the
/// Developer Guide suggests; a standalone task runs on FARGATE_SPOT.
pub(crate) fn spot_strategy(spot: bool, service: bool) -> Vec<CapacityProviderItem> {
    let item = |capacity_provider, weight, base| CapacityProviderItem { capacity_provider, weight, base };
    match (spot, service) {
        (false, _) => vec![],
        (true, true) => vec![item(CapacityProvider::Fargate, 1, 1), item(CapacityProvider::FargateSpot, 3, 0)],
        (true, false) => vec![item(CapacityProvider::FargateSpot, 1, 0)],
    }
}

/// The task definition needs a network configuration in the CLI command.
pub(crate) fn awsvpc(td: Option<&TaskDefinition>) -> bool {
    td.is_some_and(|t| t.network_mode == "awsvpc")
}

/// A built-in task definition, for tests.
#[cfg(test)]
fn builtin(family: &str) -> TaskDefinition {
    ecs_sim_core::builtin_task_definitions().into_iter().find(|t| t.family == family).expect("a built-in task definition")
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn next_run_is_shown_in_utc() {
        // 2026-11-24T08:00:00Z
        assert_eq!(next_run("rate(5 minutes)", 1_795_507_200_000).as_deref(), Some("2026-11-24 08:05 UTC"));
        assert_eq!(next_run("cron(0 2 * * ? *)", 1_795_507_200_000).as_deref(), Some("2026-11-25 02:00 UTC"));
        assert_eq!(next_run("every day", 0), None);
    }
}
