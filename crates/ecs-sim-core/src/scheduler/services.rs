//! The service API: create-service, update-service and delete-service, and the deployments they start.
use crate::command::Command;
use crate::error::SimError;
use crate::ids;
use crate::model::*;
use crate::op::Op;
use crate::rules;
use crate::sim::{Outcome, Simulation};

impl Simulation {
    pub(crate) fn create_service(&mut self, cmd: &Command) -> Result<Outcome, SimError> {
        const OP: Op = Op::CreateService;
        let Command::CreateService {
            service_name: name,
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
        } = cmd
        else {
            unreachable!("create_service is only called with CreateService")
        };
        rules::service_name(OP, name)?;
        rules::desired_count(OP, *desired_count)?;
        if self.services.get(name.as_str()).is_some_and(|s| s.status != ServiceStatus::Inactive) {
            return Err(SimError::ServiceExists { name: name.clone() });
        }
        let launch_type = &Self::launch_type_of(OP, *launch_type, capacity_provider_strategy)?;
        let td = self.resolve_task_definition(OP, task_definition)?;
        self.check_launch(OP, &td, *launch_type, placement_strategy, placement_constraints)?;
        rules::daemon_launch_type(OP, *scheduling_strategy, *launch_type)?;
        let defaults = DeploymentConfiguration::default_for(*scheduling_strategy);
        let config = deployment_configuration.map_or(defaults, |r| r.apply_to(defaults));
        rules::deployment_configuration(OP, &config, *scheduling_strategy)?;
        if let Some(lb) = load_balancer {
            rules::load_balancer(OP, &td, lb)?;
        }
        rules::grace_period(OP, *health_check_grace_period_seconds)?;
        let deployment = self.new_deployment(&td.name());
        let svc = Service {
            name: name.clone(),
            task_definition: td.name(),
            desired_count: if *scheduling_strategy == SchedulingStrategy::Daemon { 0 } else { *desired_count },
            launch_type: *launch_type,
            capacity_provider_strategy: capacity_provider_strategy.clone(),
            scheduling_strategy: *scheduling_strategy,
            status: ServiceStatus::Active,
            placement_strategy: placement_strategy.clone(),
            placement_constraints: placement_constraints.clone(),
            deployment_configuration: config,
            load_balancer: load_balancer.clone(),
            health_check_grace_period_seconds: *health_check_grace_period_seconds,
            deployments: vec![deployment],
            created_at: self.now,
            steady: false,
            steady_reported_at: None,
            next_reconcile: None,
            shown_causes: Vec::new(),
            start_failures: 0,
            throttled_until: None,
            scaling: None,
            cpu_demand_percent: 0,
            memory_demand_percent: 0,
            requests_per_minute: 0,
            unhealthy_replacements: 0,
            history: vec![(self.now, 0, *desired_count)],
            last_completed: None,
            availability_zone_rebalancing: availability_zone_rebalancing.unwrap_or_default(),
            rebalancing: None,
        };
        self.services.insert(name.clone(), svc);
        self.reconcile(name);
        Ok(Outcome::default())
    }

    pub(super) fn new_deployment(&mut self, td: &str) -> Deployment {
        Deployment {
            id: ids::deployment_id(&mut self.rng),
            status: DeploymentStatus::Primary,
            task_definition: td.to_string(),
            rollout_state: RolloutState::InProgress,
            rollout_state_reason: "ECS deployment in progress.".into(),
            failed_tasks: 0,
            reached_running: false,
            created_at: self.now,
        }
    }

    /// Makes `td` the PRIMARY deployment; older ones become ACTIVE until their tasks are gone.
    pub(super) fn start_deployment(&mut self, name: &str, td: &str) {
        let dep = self.new_deployment(td);
        self.make_primary(name, dep);
    }

    /// A circuit-breaker rollback: `prev`, the last COMPLETED deployment, becomes PRIMARY and
    /// IN_PROGRESS again. It is the same deployment, not a new one with the same revision, so
    /// the healthy tasks it still has stay (they are current), and the scheduler starts only
    /// what is missing up to the desired count. The developer guide
    /// (<https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html>):
    /// "When the deployment circuit breaker determines that a deployment failed, it looks for the
    /// most recent deployment that is in a COMPLETED state. This is the deployment that it uses as
    /// the roll-back deployment. When the rollback starts, the deployment changes from a COMPLETED
    /// to IN_PROGRESS. This means that the deployment is not eligible for another rollback until it
    /// reaches a COMPLETED state."
    pub(super) fn resume_deployment(&mut self, name: &str, prev: Deployment) {
        let svc = self.services.get_mut(name).expect("rolling back a known service");
        // Still listed while it has tasks; `prev` is a copy kept for when it has none.
        let mut dep = match svc.deployments.iter().position(|d| d.id == prev.id) {
            Some(i) => svc.deployments.remove(i),
            None => prev,
        };
        dep.rollout_state = RolloutState::InProgress;
        dep.rollout_state_reason = "ECS deployment in progress.".into();
        dep.failed_tasks = 0;
        // Not eligible for another rollback until it is COMPLETED again.
        svc.last_completed = None;
        self.make_primary(name, dep);
    }

    /// Puts `dep` first as PRIMARY; the others become ACTIVE until their tasks are gone.
    fn make_primary(&mut self, name: &str, mut dep: Deployment) {
        let svc = self.services.get_mut(name).expect("deploying a known service");
        for d in &mut svc.deployments {
            d.status = DeploymentStatus::Active;
        }
        dep.status = DeploymentStatus::Primary;
        svc.task_definition = dep.task_definition.clone();
        svc.deployments.insert(0, dep);
        svc.steady = false;
        // A new deployment is a new cause: the configuration and throttle messages may show again.
        crate::service_messages::forget(&mut svc.shown_causes, &[Cause::Throttle, Cause::DeploymentConfiguration]);
        svc.start_failures = 0;
        svc.throttled_until = None;
    }

    pub(crate) fn update_service(&mut self, cmd: &Command) -> Result<Outcome, SimError> {
        const OP: Op = Op::UpdateService;
        let Command::UpdateService {
            service: name,
            desired_count: desired,
            task_definition: td,
            force_new_deployment: force,
            deployment_configuration: request,
            availability_zone_rebalancing: rebalancing,
            capacity_provider_strategy: providers,
        } = cmd
        else {
            unreachable!("update_service is only called with UpdateService")
        };
        let (desired, force) = (*desired, *force);
        let svc = self.active_service(OP, name)?.clone();
        let config = request.map(|r| r.apply_to(svc.deployment_configuration));
        if let Some(n) = desired {
            rules::desired_count(OP, n)?;
        }
        if let Some(c) = &config {
            rules::deployment_configuration(OP, c, svc.scheduling_strategy)?;
        }
        // A strategy moves the service to Fargate capacity; an empty one goes back to the launch
        // type, FARGATE ("UpdateService", capacityProviderStrategy: its valid transitions).
        let providers = providers.as_ref();
        let launch_type = match providers {
            Some(p) => Self::launch_type_of(OP, svc.launch_type, p)?,
            None => svc.launch_type,
        };
        rules::daemon_launch_type(OP, svc.scheduling_strategy, launch_type)?;
        let new_td = match td {
            Some(t) => Some(self.resolve_task_definition(OP, t)?),
            None if launch_type != svc.launch_type => self.task_definitions.get(&svc.task_definition).cloned(),
            None => None,
        };
        if let Some(def) = &new_td {
            self.check_launch(OP, def, launch_type, &svc.placement_strategy, &svc.placement_constraints)?;
        }
        let new_td = td.as_ref().and(new_td.map(|d| d.name()));
        let s = self.services.get_mut(name).expect("checked above");
        if let Some(n) = desired {
            if s.scheduling_strategy == SchedulingStrategy::Replica {
                s.desired_count = n;
                s.steady = false;
            }
        }
        if let Some(c) = config {
            s.deployment_configuration = c;
            crate::service_messages::forget(&mut s.shown_causes, &[Cause::DeploymentConfiguration]);
        }
        // Neither setting starts a deployment: the tasks started from now on follow them.
        if let Some(p) = providers {
            s.capacity_provider_strategy = p.clone();
            s.launch_type = launch_type;
        }
        if let Some(r) = rebalancing {
            s.availability_zone_rebalancing = *r;
        }
        match new_td {
            Some(t) if t != svc.task_definition || force => self.start_deployment(name, &t),
            None if force => self.start_deployment(name, &svc.task_definition),
            _ => {}
        }
        self.reconcile(name);
        Ok(Outcome::default())
    }

    pub(crate) fn delete_service(&mut self, name: &str, force: bool) -> Result<Outcome, SimError> {
        const OP: Op = Op::DeleteService;
        let svc = self.active_service(OP, name)?;
        if !force && svc.scheduling_strategy == SchedulingStrategy::Replica && svc.desired_count > 0 {
            return Err(SimError::invalid(
                OP,
                "The service cannot be stopped while it is scaled above 0. Set the desired count to 0 first, or use --force.",
            ));
        }
        svc.status = ServiceStatus::Draining;
        svc.desired_count = 0;
        svc.steady = false;
        svc.scaling = None;
        self.reconcile(name);
        Ok(Outcome::default())
    }

    pub(crate) fn active_service(&mut self, op: Op, name: &str) -> Result<&mut Service, SimError> {
        match self.services.get_mut(name) {
            None => Err(SimError::ServiceNotFound { op, name: name.to_string() }),
            Some(s) if s.status != ServiceStatus::Active => Err(SimError::ServiceNotActive { op, name: name.to_string() }),
            Some(s) => Ok(s),
        }
    }
}
