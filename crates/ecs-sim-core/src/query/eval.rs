//! Evaluating an expression against one container instance, through [`QueryContext`]: what
//! placement knows of the instance. Numbers compare as numbers, anything else as text.

use super::expr::{Cmp, Expr, Op, Subject};

/// What an expression is evaluated against: one container instance.
pub trait QueryContext {
    /// A built-in (`ecs.*`) or custom attribute.
    fn attribute(&self, name: &str) -> Option<String>;
    /// The EC2 instance id.
    fn ec2_instance_id(&self) -> String;
    /// Tasks on the instance that are not STOPPED.
    fn running_tasks_count(&self) -> u32;
    /// True if a task of `group` is on the instance.
    fn has_task_group(&self, group: &str) -> bool;
    /// True if the agent is connected.
    fn agent_connected(&self) -> bool;
}

/// The simulator's ECS agent version (for `agentVersion`).
pub const AGENT_VERSION: &str = "1.89.0";

fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<i64>(), b.parse::<i64>()) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

impl Expr {
    /// Evaluates the expression for one instance.
    pub fn matches(&self, ctx: &impl QueryContext) -> bool {
        match self {
            Expr::And(a, b) => a.matches(ctx) && b.matches(ctx),
            Expr::Or(a, b) => a.matches(ctx) || b.matches(ctx),
            Expr::Not(e) => !e.matches(ctx),
            Expr::Cmp(c) => c.matches(ctx),
        }
    }
}

impl Cmp {
    fn matches(&self, ctx: &impl QueryContext) -> bool {
        if self.subject == Subject::TaskGroup {
            let any = self.args.iter().any(|g| ctx.has_task_group(g));
            return match self.op {
                Op::Eq | Op::In => any,
                Op::Ne | Op::NotIn => !any,
                Op::Exists => true,
                _ => false,
            };
        }
        let value = match &self.subject {
            Subject::Attribute(a) => ctx.attribute(a),
            Subject::AgentConnected => Some(ctx.agent_connected().to_string()),
            Subject::AgentVersion => Some(AGENT_VERSION.to_string()),
            Subject::Ec2InstanceId => Some(ctx.ec2_instance_id()),
            Subject::RegisteredAt => None,
            Subject::RunningTasksCount => Some(ctx.running_tasks_count().to_string()),
            Subject::TaskGroup => unreachable!("handled above"),
        };
        let Some(v) = value else { return matches!(self.op, Op::NotExists | Op::Ne | Op::NotIn) };
        let arg = self.args.first().map(String::as_str).unwrap_or("");
        match self.op {
            Op::Exists => true,
            Op::NotExists => false,
            Op::Eq => v == arg,
            Op::Ne => v != arg,
            Op::Gt => compare(&v, arg).is_gt(),
            Op::Ge => compare(&v, arg).is_ge(),
            Op::Lt => compare(&v, arg).is_lt(),
            Op::Le => compare(&v, arg).is_le(),
            Op::Matches => self.pattern.as_ref().is_some_and(|p| p.is_match(&v)),
            Op::In => self.args.contains(&v),
            Op::NotIn => !self.args.contains(&v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::parse;
    use std::collections::BTreeMap;

    struct Inst {
        attrs: BTreeMap<String, String>,
        groups: Vec<String>,
        tasks: u32,
    }

    impl QueryContext for Inst {
        fn attribute(&self, name: &str) -> Option<String> {
            self.attrs.get(name).cloned()
        }
        fn ec2_instance_id(&self) -> String {
            "i-0abc".into()
        }
        fn running_tasks_count(&self) -> u32 {
            self.tasks
        }
        fn has_task_group(&self, group: &str) -> bool {
            self.groups.iter().any(|g| g == group)
        }
        fn agent_connected(&self) -> bool {
            true
        }
    }

    fn inst(ty: &str, az: &str, groups: &[&str], tasks: u32) -> Inst {
        let attrs =
            [("ecs.instance-type", ty), ("ecs.availability-zone", az)].iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        Inst { attrs, groups: groups.iter().map(|g| g.to_string()).collect(), tasks }
    }

    fn m(expr: &str, i: &Inst) -> bool {
        parse(expr).unwrap_or_else(|e| panic!("{expr}: {e}")).matches(i)
    }

    #[test]
    fn the_reference_examples() {
        let a = inst("t3.medium", "us-east-1a", &["databases"], 2);
        let b = inst("m5.large", "us-east-1c", &[], 5);
        assert!(m("attribute:ecs.instance-type =~ t3.*", &a) && !m("attribute:ecs.instance-type =~ t3.*", &b));
        assert!(m("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", &a));
        assert!(!m("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", &b));
        assert!(m("task:group == databases", &a) && !m("task:group == databases", &b));
        assert!(m("not (attribute:x exists) or runningTasksCount < 3", &b));
        assert!(m("runningTasksCount >= 5 && attribute:ecs.availability-zone != us-east-1a", &b));
        assert!(m("attribute:ecs.availability-zone not in [us-east-1a]", &b));
        assert!(m("attribute:ecs.availability-zone !in [us-east-1a]", &b));
        assert!(m("attribute:custom !exists", &b));
        assert!(m("ec2InstanceId == i-0abc and agentConnected == true", &a));
        assert!(m("attribute:ecs.instance-type matches \"m5\\.(large|xlarge)\"", &b));
    }
    #[test]
    fn and_binds_tighter_than_or() {
        let a = inst("t3.medium", "us-east-1a", &[], 0);
        // true or (false and false) = true; (true or false) and false would be false.
        assert!(m("attribute:ecs.instance-type == t3.medium or runningTasksCount > 1 and runningTasksCount > 2", &a));
        assert_eq!(
            parse("a:x == 1 or attribute:y == 2 and attribute:z == 3").unwrap_err().to_string(),
            "expected a subject such as attribute:NAME, task:group, ec2InstanceId or runningTasksCount at column 1, found 'a:x'"
        );
    }
}
