//! Parameter values as botocore reads them: shorthand or JSON, typed and checked against the
//! members each structure has, with errors naming the JSON path.

use crate::model::{CircuitBreaker, DeploymentConfigurationRequest, LoadBalancer};
use crate::script::parse_error::{AwsError, JsonType, Validation};
use crate::script::shorthand;
use serde_json::{Map, Value};

/// An `aws` line's error, boxed while it travels up through the parser: every `?` then moves
/// a pointer, not the whole error (at each of the many `?`, that would cost the page kilobytes).
pub(super) type Fail = Box<AwsError>;

/// botocore's refusal, boxed.
pub(super) fn fail(v: Validation) -> Fail {
    Box::new(AwsError::Validation(v))
}

/// Shorthand scalars of a container definition as the types its members have: numbers for
/// `memory=256` or `containerPort=80`, booleans for `essential=true`.
pub(super) fn typed(v: Value) -> Value {
    const INTS: &[&str] =
        &["cpu", "memory", "memoryReservation", "containerPort", "hostPort", "interval", "timeout", "retries", "startPeriod"];
    const BOOLS: &[&str] = &["essential"];
    match v {
        Value::Object(m) => {
            // Inserted one by one rather than collected: `collect` into a map sorts its input and
            // builds the tree in bulk, code the page need not carry (the keys are unique and
            // already in order, so the map is the same).
            let mut out = serde_json::Map::new();
            for (k, v) in m {
                let v = match v {
                    Value::String(s) if INTS.contains(&k.as_str()) => s.parse::<i64>().map_or(Value::String(s), Value::from),
                    Value::String(s) if BOOLS.contains(&k.as_str()) && (s == "true" || s == "false") => Value::Bool(s == "true"),
                    other => typed(other),
                };
                out.insert(k, v);
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(typed).collect()),
        other => other,
    }
}

pub(super) fn param(flag: &'static str, v: &str) -> Result<Value, Fail> {
    shorthand::parse(v).map_err(|error| Box::new(AwsError::Shorthand { flag, error }))
}

pub(super) fn list_items(v: Value) -> Vec<Value> {
    match v {
        Value::Array(items) => items,
        other => vec![other],
    }
}

/// botocore's refusal of `v` where a value of type `expected` belongs.
pub(super) fn invalid_type(path: &str, v: &Value, expected: JsonType) -> Fail {
    let value = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    fail(Validation::InvalidType { path: path.to_string(), value, found: JsonType::of(v), expected })
}

/// An integer parameter, from JSON or from shorthand text.
pub(super) fn int(path: &str, v: &Value) -> Result<u32, Fail> {
    let n = match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse::<i64>().ok(),
        _ => None,
    };
    match n {
        Some(n) if n < 0 => Err(fail(Validation::BelowMin { path: path.to_string(), value: n, min: 0 })),
        Some(n) => u32::try_from(n).map_err(|_| fail(Validation::AboveMax { path: path.to_string(), value: n, max: u32::MAX.into() })),
        None => Err(invalid_type(path, v, JsonType::Int)),
    }
}

pub(super) fn boolean(path: &str, v: &Value) -> Result<bool, Fail> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(false),
        _ => Err(invalid_type(path, v, JsonType::Bool)),
    }
}

pub(super) fn string(path: &str, v: &Value) -> Result<String, Fail> {
    match v {
        Value::String(s) => Ok(s.clone()),
        _ => Err(invalid_type(path, v, JsonType::Str)),
    }
}

/// The object's fields, refusing unknown keys the way botocore does.
pub(super) fn fields<'a>(path: &str, v: &'a Value, allowed: &'static [&'static str]) -> Result<&'a Map<String, Value>, Fail> {
    let Value::Object(m) = v else {
        return Err(invalid_type(path, v, JsonType::Dict));
    };
    if let Some(k) = m.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(fail(Validation::UnknownParameter { path: path.to_string(), key: k.clone(), allowed }));
    }
    Ok(m)
}

pub(super) fn required<'a>(path: &str, m: &'a Map<String, Value>, key: &'static str) -> Result<&'a Value, Fail> {
    m.get(key).ok_or_else(|| fail(Validation::MissingParameter { path: path.to_string(), key }))
}

pub(super) fn deployment_configuration(v: &str) -> Result<DeploymentConfigurationRequest, Fail> {
    let p = "deploymentConfiguration";
    let value = param("--deployment-configuration", v)?;
    let m = fields(p, &value, &["maximumPercent", "minimumHealthyPercent", "deploymentCircuitBreaker", "alarms"])?;
    let pct = |k: &str| m.get(k).map(|v| int(&format!("{p}.{k}"), v)).transpose();
    let breaker = match m.get("deploymentCircuitBreaker") {
        None => None,
        Some(b) => {
            let bp = format!("{p}.deploymentCircuitBreaker");
            let bm = fields(&bp, b, &["enable", "rollback", "resetOnHealthyTask"])?;
            Some(CircuitBreaker {
                enable: boolean(&format!("{bp}.enable"), required(&bp, bm, "enable")?)?,
                rollback: boolean(&format!("{bp}.rollback"), required(&bp, bm, "rollback")?)?,
                reset_on_healthy_task: match bm.get("resetOnHealthyTask") {
                    Some(r) => boolean(&format!("{bp}.resetOnHealthyTask"), r)?,
                    None => true,
                },
            })
        }
    };
    Ok(DeploymentConfigurationRequest {
        maximum_percent: pct("maximumPercent")?,
        minimum_healthy_percent: pct("minimumHealthyPercent")?,
        deployment_circuit_breaker: breaker,
    })
}

pub(super) fn load_balancer_of(p: &str, v: &Value) -> Result<LoadBalancer, Fail> {
    let m = fields(p, v, &["targetGroupArn", "loadBalancerName", "containerName", "containerPort"])?;
    let port = int(&format!("{p}.containerPort"), required(p, m, "containerPort")?)?;
    Ok(LoadBalancer {
        target_group_arn: string(&format!("{p}.targetGroupArn"), required(p, m, "targetGroupArn")?)?,
        container_name: string(&format!("{p}.containerName"), required(p, m, "containerName")?)?,
        container_port: u16::try_from(port)
            .map_err(|_| fail(Validation::AboveMax { path: format!("{p}.containerPort"), value: port.into(), max: u16::MAX.into() }))?,
    })
}
