//! The service form: `create-service`, and with auto scaling the scaling policy after it.

use super::{awsvpc, field_problem, flag, launch, launch_value, number, spot_strategy, Field, FormModel, Placement};
use ecs_sim_core::placement::Constraint;
use ecs_sim_core::script::{render_cli, CliContext, ACCOUNT};
use ecs_sim_core::{
    rules, CircuitBreaker, Command, DeploymentConfiguration, LaunchType, LoadBalancer, Op, SchedulingStrategy, SimError, TaskDefinition,
};

/// The field of the service form a core parameter is.
fn service_field(param: &str) -> Option<Field> {
    Some(match param {
        "serviceName" => Field::Name,
        "desiredCount" => Field::Desired,
        "minimumHealthyPercent" => Field::MinHealthy,
        "maximumPercent" => Field::MaxPercent,
        "healthCheckGracePeriodSeconds" => Field::Grace,
        "containerPort" | "loadBalancers" => Field::Port,
        "TargetValue" => Field::TargetCpu,
        "MinCapacity" => Field::MinCapacity,
        "MaxCapacity" => Field::MaxCapacity,
        p if p.starts_with("placementConstraints") => Field::Expression,
        _ => return None,
    })
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
    /// FARGATE with FARGATE_SPOT, through a capacity provider strategy.
    pub spot: bool,
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
            spot: false,
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

    fn strategy(&self) -> SchedulingStrategy {
        if self.daemon {
            SchedulingStrategy::Daemon
        } else {
            SchedulingStrategy::Replica
        }
    }

    /// Every problem the core finds with the form, in its words. `td` is the selected task
    /// definition.
    pub fn problems(&self, td: Option<&TaskDefinition>) -> Vec<SimError> {
        const OP: Op = Op::CreateService;
        const SCALE: Op = Op::PutScalingPolicy;
        let strategy = self.strategy();
        let mut out = Vec::new();
        let mut check = |r: Result<(), SimError>| out.extend(r.err());
        check(rules::service_name(OP, &self.name));
        if !self.daemon {
            check(number(OP, "desiredCount", &self.desired, |n| rules::desired_count(OP, n)).map(drop));
        }
        check(rules::daemon_launch_type(OP, strategy, self.launch));
        if let Some(td) = td {
            check(rules::compatible(OP, td, self.launch));
        }
        check(rules::placement(OP, self.launch, &self.placement.strategies(), &self.constraints()));
        let min = number(OP, "minimumHealthyPercent", &self.min_healthy, |n| rules::minimum_healthy_percent(OP, n));
        check(min.map(drop));
        check(number(OP, "maximumPercent", &self.max_percent, |n| rules::maximum_percent(OP, n, strategy)).map(drop));
        if self.load_balancer {
            let lb = rules::whole_number(OP, "containerPort", &self.port).and_then(|n| rules::container_port(OP, n));
            check(match (lb, td) {
                (Ok(port), Some(td)) => rules::load_balancer(OP, td, &self.load_balancer_of(Some(td), port, "")),
                (lb, _) => lb.map(drop),
            });
        }
        check(number(OP, "healthCheckGracePeriodSeconds", &self.grace, |n| rules::grace_period(OP, n)).map(drop));
        if self.scaling {
            check(rules::scalable(SCALE, strategy));
            check(
                number(SCALE, "TargetValue", &self.target_cpu, |n| rules::target_value(SCALE, ecs_sim_core::ScalingMetric::Cpu, n))
                    .map(drop),
            );
            let min = rules::whole_number(SCALE, "MinCapacity", &self.min_capacity);
            let max = rules::whole_number(SCALE, "MaxCapacity", &self.max_capacity);
            check(match (min, max) {
                (Ok(min), Ok(max)) => rules::capacity(SCALE, min, max),
                (min, max) => min.and(max).map(drop),
            });
        }
        out
    }

    /// The problem that is no one field's: a combination the core refuses.
    pub fn form_problem(&self, td: Option<&TaskDefinition>) -> Option<String> {
        self.problems(td).into_iter().find(|e| e.param().and_then(service_field).is_none()).map(|e| e.message())
    }

    fn num(s: &str) -> u32 {
        s.trim().parse().unwrap_or(0)
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

    /// The service's target group, for the container that maps `port` (or the first one, for
    /// the core to refuse; `web` without a task definition).
    fn load_balancer_of(&self, td: Option<&TaskDefinition>, port: u16, region: &str) -> LoadBalancer {
        let container = td.and_then(|td| container_with_port(td, port).or(td.containers.first().map(|c| c.name.as_str())));
        LoadBalancer {
            target_group_arn: format!("arn:aws:elasticloadbalancing:{region}:{ACCOUNT}:targetgroup/{}-tg/6d0ecf831eec9f09", self.name),
            container_name: container.unwrap_or("web").to_string(),
            container_port: port,
        }
    }

    /// The create-service command and, with auto scaling, the scaling policy to put after it.
    /// Numbers that do not read are 0: call [`ServiceSpec::problems`] first.
    pub fn commands(&self, td: &TaskDefinition, region: &str) -> (Command, Option<Command>) {
        self.build(Some(td), region)
    }

    /// The commands for `td`, or without one for the task definition named in the form.
    fn build(&self, td: Option<&TaskDefinition>, region: &str) -> (Command, Option<Command>) {
        let port = u16::try_from(Self::num(&self.port)).unwrap_or(80);
        let create = Command::CreateService {
            service_name: self.name.clone(),
            task_definition: td.map_or_else(|| self.task_definition.clone(), TaskDefinition::name),
            desired_count: if self.daemon { 0 } else { Self::num(&self.desired) },
            launch_type: self.launch,
            capacity_provider_strategy: spot_strategy(self.spot, true),
            scheduling_strategy: self.strategy(),
            placement_strategy: self.placement.strategies(),
            placement_constraints: self.constraints(),
            deployment_configuration: Some(
                DeploymentConfiguration {
                    maximum_percent: Self::num(&self.max_percent),
                    minimum_healthy_percent: Self::num(&self.min_healthy),
                    deployment_circuit_breaker: self.breaker.then_some(CircuitBreaker {
                        enable: true,
                        rollback: self.rollback,
                        reset_on_healthy_task: true,
                    }),
                }
                .into(),
            ),
            load_balancer: self.load_balancer.then(|| self.load_balancer_of(td, port, region)),
            health_check_grace_period_seconds: Self::num(&self.grace),
            availability_zone_rebalancing: None,
        }
        .canonical();
        let scaling = self.scaling.then(|| Command::PutScalingPolicy {
            service: self.name.clone(),
            min_capacity: Self::num(&self.min_capacity),
            max_capacity: Self::num(&self.max_capacity),
            metric: ecs_sim_core::ScalingMetric::Cpu,
            target_value: Self::num(&self.target_cpu),
            scale_out_cooldown: 300,
            scale_in_cooldown: 300,
        });
        (create, scaling)
    }

    /// The same request as AWS CLI commands: `aws ecs create-service` and, with auto scaling,
    /// the two `aws application-autoscaling` calls. Without a registered task definition, the
    /// one named in the form, with a container called `web`.
    pub fn cli(&self, region: &str, td: Option<&TaskDefinition>) -> String {
        let (create, scaling) = self.build(td, region);
        let ctx = CliContext { region, awsvpc: awsvpc(td) };
        let mut out = render_cli(&create, &ctx);
        if let Some(s) = scaling {
            out.push_str("\n\n");
            out.push_str(&render_cli(&s, &ctx));
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
            Field::Launch => launch_value(self.launch, self.spot),
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
            Field::Launch => (self.launch, self.spot) = launch(v),
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
        field_problem(self.problems(td), |p| service_field(p) == Some(f))
    }
}

#[cfg(test)]
mod tests {
    use super::super::builtin as td;
    use super::*;
    use ecs_sim_core::{SimConfig, Simulation, MAX_DESIRED};

    fn problem(s: &ServiceSpec, f: Field, td: Option<&TaskDefinition>) -> Option<String> {
        s.problem(f, td)
    }

    #[test]
    fn each_service_field_shows_the_core_rule_for_its_parameter() {
        let web = td("web");
        let mut s = ServiceSpec { load_balancer: true, scaling: true, member_of: true, ..ServiceSpec::default() };
        assert!(s.problems(Some(&web)).is_empty(), "{:?}", s.problems(Some(&web)));
        s.name = "<img src=x>".into();
        assert_eq!(
            problem(&s, Field::Name, None).unwrap(),
            "serviceName '<img src=x>' is invalid: use 1 to 255 letters, numbers, hyphens and underscores."
        );
        s.desired = "three".into();
        assert_eq!(problem(&s, Field::Desired, None).unwrap(), "desiredCount must be a whole number (got 'three').");
        s.desired = (MAX_DESIRED + 1).to_string();
        assert_eq!(problem(&s, Field::Desired, None).unwrap(), "desiredCount must be between 0 and 1000 (got 1001).");
        s.min_healthy = "150".into();
        assert_eq!(problem(&s, Field::MinHealthy, None).unwrap(), "minimumHealthyPercent must be between 0 and 100 (got 150).");
        s.max_percent = "50".into();
        assert_eq!(problem(&s, Field::MaxPercent, None).unwrap(), "maximumPercent must be between 100 and 200 (got 50).");
        s.port = "8080".into();
        assert_eq!(
            problem(&s, Field::Port, Some(&web)).unwrap(),
            "The container web does not have a container port 8080 in the task definition."
        );
        s.port = "70000".into();
        assert_eq!(problem(&s, Field::Port, Some(&web)).unwrap(), "containerPort must be between 1 and 65535 (got 70000).");
        s.grace = "-1".into();
        assert_eq!(problem(&s, Field::Grace, None).unwrap(), "healthCheckGracePeriodSeconds must be a whole number (got '-1').");
        s.target_cpu = "0".into();
        assert_eq!(problem(&s, Field::TargetCpu, None).unwrap(), "TargetValue must be between 1 and 100 percent (got 0).");
        (s.min_capacity, s.max_capacity) = ("5".into(), "2".into());
        assert_eq!(problem(&s, Field::MinCapacity, None).unwrap(), "MinCapacity (5) must not exceed MaxCapacity (2).");
        s.expression = "attribute:ecs.availability-zone in [".into();
        assert!(problem(&s, Field::Expression, None).unwrap().starts_with("Invalid memberOf expression"));
        assert_eq!(s.form_problem(None), None, "every problem so far is one field's");
        s.launch = LaunchType::Fargate;
        assert_eq!(s.form_problem(None).unwrap(), "Placement strategies and constraints are not supported with the FARGATE launch type.");
        s.member_of = false;
        assert_eq!(problem(&s, Field::Expression, None), None);
    }

    #[test]
    fn daemon_moves_default_bounds_and_refuses_fargate_and_scaling() {
        let mut s = ServiceSpec::default();
        s.set_daemon(true);
        assert_eq!((s.min_healthy.as_str(), s.max_percent.as_str()), ("0", "100"));
        assert_eq!(s.form_problem(None), None);
        s.launch = LaunchType::Fargate;
        assert_eq!(s.form_problem(None).unwrap(), "The DAEMON scheduling strategy does not support the FARGATE launch type.");
        s.launch = LaunchType::Ec2;
        s.task_definition = "worker:1".into();
        let worker = td("worker");
        s.launch = LaunchType::Fargate;
        assert_eq!(s.form_problem(Some(&worker)).unwrap(), "The DAEMON scheduling strategy does not support the FARGATE launch type.");
        s.set_daemon(false);
        assert_eq!(s.form_problem(Some(&worker)).unwrap(), "Task definition worker:1 does not support launch type FARGATE.");
        s.set_daemon(true);
        s.launch = LaunchType::Ec2;
        s.scaling = true;
        assert_eq!(s.form_problem(None).unwrap(), "A DAEMON service cannot be auto scaled: it runs one task per instance.");
        s.set_daemon(false);
        assert_eq!((s.min_healthy.as_str(), s.max_percent.as_str()), ("100", "200"));
    }

    #[test]
    fn a_valid_form_creates_a_service_the_core_accepts() {
        let web = td("web");
        let s = ServiceSpec {
            load_balancer: true,
            scaling: true,
            distinct: true,
            member_of: true,
            placement: Placement::BinpackMemory,
            grace: "30".into(),
            ..ServiceSpec::default()
        };
        let (create, scaling) = s.commands(&web, "us-east-1");
        let mut sim = Simulation::new(SimConfig::default());
        sim.apply(create).unwrap();
        sim.apply(scaling.unwrap()).unwrap();
        let svc = &sim.services()["web"];
        assert_eq!(svc.load_balancer.as_ref().unwrap().container_name, "web");
        assert_eq!(svc.placement_constraints.len(), 2);
        let cli = s.cli("us-east-1", Some(&web));
        assert!(cli.starts_with("aws ecs create-service \\\n  --cluster production \\\n  --service-name web"), "{cli}");
        assert!(cli.contains("deploymentCircuitBreaker={enable=true,rollback=true}"), "{cli}");
        assert!(cli.contains("--placement-strategy type=binpack,field=memory"), "{cli}");
        assert!(cli.contains("type=memberOf,expression=\"attribute:ecs.availability-zone in [us-east-1a, us-east-1b]\""), "{cli}");
        assert!(cli.contains("containerName=web,containerPort=80"), "{cli}");
        assert!(cli.contains("--health-check-grace-period-seconds 30"), "{cli}");
        assert!(cli.contains("aws application-autoscaling put-scaling-policy"), "{cli}");
    }
}
