//! The input of `aws ecs register-task-definition --cli-input-json`, as serde reads it. Most
//! fields are optional here, so the checks can name a missing one the way ECS does; unknown
//! fields are ignored. [`to_json`] writes a definition back in this shape.

use crate::model::*;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(untagged)]
pub(super) enum NumOrText {
    Num(f64),
    Text(String),
}

/// What `#[derive(Deserialize)] #[serde(untagged)]` reads (a number, else a string), with the
/// same error at the same position, but without buffering the value in serde's `Content`
/// (kilobytes of wasm). The visitor reads any value whole and the refusal comes after, as the
/// derived code does.
impl<'de> Deserialize<'de> for NumOrText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Option<NumOrText>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a number or a string")
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Num(v as f64)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Num(v as f64)))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Num(v)))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Some(NumOrText::Text(v.to_string())))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
                Ok(None)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
                Ok(None)
            }
        }
        d.deserialize_any(V)?.ok_or_else(|| serde::de::Error::custom("data did not match any variant of untagged enum NumOrText"))
    }
}

#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Input {
    pub(super) family: Option<String>,
    #[serde(default)]
    pub(super) container_definitions: Vec<ContainerInput>,
    pub(super) cpu: Option<NumOrText>,
    pub(super) memory: Option<NumOrText>,
    pub(super) network_mode: Option<String>,
    #[serde(default)]
    pub(super) requires_compatibilities: Vec<String>,
    #[serde(rename = "x-ecs-sim")]
    pub(super) sim: Option<Extras>,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct ContainerInput {
    pub(super) name: Option<String>,
    pub(super) image: Option<String>,
    pub(super) essential: Option<bool>,
    pub(super) cpu: Option<u32>,
    pub(super) memory: Option<u32>,
    pub(super) memory_reservation: Option<u32>,
    #[serde(default)]
    pub(super) port_mappings: Vec<PortInput>,
    pub(super) health_check: Option<HealthInput>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PortInput {
    pub(super) container_port: u32,
    pub(super) host_port: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) protocol: Option<String>,
}

#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct HealthInput {
    pub(super) command: Vec<String>,
    pub(super) interval: Option<u32>,
    pub(super) timeout: Option<u32>,
    pub(super) retries: Option<u32>,
    pub(super) start_period: Option<u32>,
}

#[derive(Deserialize, Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub(super) struct Extras {
    pub(super) run_seconds: Option<u64>,
    pub(super) exit_code: Option<i32>,
    #[serde(default)]
    pub(super) image_pull_fails: bool,
    #[serde(default)]
    pub(super) unhealthy: bool,
}

/// JSON written straight out in serde_json's pretty layout (two-space indents, `{}` and `[]`
/// when empty), so the page needs no second, pretty serializer for the input shape.
struct Pretty {
    out: String,
    depth: usize,
    /// No member or element written yet in the innermost open object or array.
    empty: bool,
}

impl Pretty {
    fn newline(&mut self) {
        self.out.push('\n');
        self.out.push_str(&"  ".repeat(self.depth));
    }

    fn open(&mut self, bracket: char) {
        self.out.push(bracket);
        self.depth += 1;
        self.empty = true;
    }

    fn close(&mut self, bracket: char) {
        self.depth -= 1;
        if !self.empty {
            self.newline();
        }
        self.out.push(bracket);
        self.empty = false;
    }

    /// Starts an array element.
    fn item(&mut self) {
        if !self.empty {
            self.out.push(',');
        }
        self.newline();
        self.empty = false;
    }

    /// Starts an object member.
    fn key(&mut self, k: &str) {
        self.item();
        self.text(k);
        self.out.push_str(": ");
    }

    fn text(&mut self, s: &str) {
        self.out.push_str(&serde_json::Value::from(s).to_string());
    }

    /// A member whose value is already JSON text (a number, `true`, `null`).
    fn raw(&mut self, k: &str, t: &str) {
        self.key(k);
        self.out.push_str(t);
    }

    fn member(&mut self, k: &str, s: &str) {
        self.key(k);
        self.text(s);
    }

    fn number(&mut self, k: &str, n: Option<u64>) {
        self.raw(k, &n.map_or_else(|| "null".to_string(), |n| n.to_string()));
    }

    fn strings(&mut self, k: &str, items: &mut dyn Iterator<Item = &str>) {
        self.key(k);
        self.open('[');
        for s in items {
            self.item();
            self.text(s);
        }
        self.close(']');
    }
}

/// Pretty JSON in register-task-definition's input shape (re-parses to the same definition,
/// revision aside): the members of [`Input`] in its order, absent ones as `null`.
pub fn to_json(td: &TaskDefinition) -> String {
    let mut p = Pretty { out: String::new(), depth: 0, empty: true };
    p.open('{');
    p.member("family", &td.family);
    p.key("containerDefinitions");
    p.open('[');
    for c in &td.containers {
        p.item();
        p.open('{');
        p.member("name", &c.name);
        p.member("image", &c.image);
        p.raw("essential", if c.essential { "true" } else { "false" });
        p.number("cpu", (c.cpu > 0).then_some(c.cpu.into()));
        p.number("memory", c.memory.map(u64::from));
        p.raw("memoryReservation", "null");
        p.key("portMappings");
        p.open('[');
        for m in &c.port_mappings {
            p.item();
            p.open('{');
            p.number("containerPort", Some(m.container_port.into()));
            p.number("hostPort", m.host_port.map(u64::from));
            p.close('}');
        }
        p.close(']');
        match &c.health_check {
            Some(h) => {
                p.key("healthCheck");
                p.open('{');
                p.strings("command", &mut h.command.iter().map(String::as_str));
                p.number("interval", Some(h.interval.into()));
                p.number("timeout", Some(h.timeout.into()));
                p.number("retries", Some(h.retries.into()));
                p.number("startPeriod", Some(h.start_period.into()));
                p.close('}');
            }
            None => p.raw("healthCheck", "null"),
        }
        p.close('}');
    }
    p.close(']');
    p.member("cpu", &td.cpu.to_string());
    p.member("memory", &td.memory.to_string());
    p.member("networkMode", &td.network_mode);
    p.strings("requiresCompatibilities", &mut td.requires_compatibilities.iter().map(|l| l.as_str()));
    let (run_seconds, exit_code) = match td.workload {
        Workload::Batch { run_seconds, exit_code } => (Some(run_seconds), Some(exit_code)),
        Workload::LongRunning => (None, None),
    };
    if run_seconds.is_some() || td.faults.image_pull_fails || td.faults.unhealthy {
        p.key("x-ecs-sim");
        p.open('{');
        p.number("runSeconds", run_seconds);
        p.raw("exitCode", &exit_code.map_or_else(|| "null".to_string(), |c| c.to_string()));
        p.raw("imagePullFails", if td.faults.image_pull_fails { "true" } else { "false" });
        p.raw("unhealthy", if td.faults.unhealthy { "true" } else { "false" });
        p.close('}');
    } else {
        p.raw("x-ecs-sim", "null");
    }
    p.close('}');
    p.out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `to_json` writes, as serde's derived serializer and pretty printer write it.
    fn serde_pretty(td: &TaskDefinition) -> String {
        let input = Input {
            family: Some(td.family.clone()),
            container_definitions: td
                .containers
                .iter()
                .map(|c| ContainerInput {
                    name: Some(c.name.clone()),
                    image: Some(c.image.clone()),
                    essential: Some(c.essential),
                    cpu: (c.cpu > 0).then_some(c.cpu),
                    memory: c.memory,
                    memory_reservation: None,
                    port_mappings: c
                        .port_mappings
                        .iter()
                        .map(|p| PortInput {
                            container_port: u32::from(p.container_port),
                            host_port: p.host_port.map(u32::from),
                            protocol: None,
                        })
                        .collect(),
                    health_check: c.health_check.as_ref().map(|h| HealthInput {
                        command: h.command.clone(),
                        interval: Some(h.interval),
                        timeout: Some(h.timeout),
                        retries: Some(h.retries),
                        start_period: Some(h.start_period),
                    }),
                })
                .collect(),
            cpu: Some(NumOrText::Text(td.cpu.to_string())),
            memory: Some(NumOrText::Text(td.memory.to_string())),
            network_mode: Some(td.network_mode.clone()),
            requires_compatibilities: td.requires_compatibilities.iter().map(|l| l.as_str().to_string()).collect(),
            sim: {
                let x = Extras {
                    run_seconds: match td.workload {
                        Workload::Batch { run_seconds, .. } => Some(run_seconds),
                        Workload::LongRunning => None,
                    },
                    exit_code: match td.workload {
                        Workload::Batch { exit_code, .. } => Some(exit_code),
                        Workload::LongRunning => None,
                    },
                    image_pull_fails: td.faults.image_pull_fails,
                    unhealthy: td.faults.unhealthy,
                };
                (x.run_seconds.is_some() || x.image_pull_fails || x.unhealthy).then_some(x)
            },
        };
        serde_json::to_string_pretty(&input).expect("plain data serializes")
    }

    #[test]
    fn to_json_writes_what_serde_pretty_writes() {
        let defs = [
            r#"{"family":"web","containerDefinitions":[{"name":"app","image":"nginx","cpu":128,"memory":256,"portMappings":[{"containerPort":80,"hostPort":8080},{"containerPort":443}],"healthCheck":{"command":["CMD-SHELL","curl -f http://localhost/ || exit 1"],"interval":10}}],"cpu":"256","memory":"512","networkMode":"bridge","requiresCompatibilities":["EC2"]}"#,
            r#"{"family":"job","containerDefinitions":[{"name":"j","image":"busybox \"q\"","essential":true}],"cpu":"1 vCPU","memory":"2 GB","networkMode":"awsvpc","requiresCompatibilities":["FARGATE","EC2"],"x-ecs-sim":{"runSeconds":30,"exitCode":1}}"#,
            r#"{"family":"bad","containerDefinitions":[{"name":"b","image":"x","memory":64}],"cpu":"256","memory":"512","x-ecs-sim":{"unhealthy":true,"imagePullFails":true}}"#,
            r#"{"family":"none","containerDefinitions":[{"name":"n","image":"x","memory":64}],"cpu":256,"memory":512,"requiresCompatibilities":[]}"#,
        ];
        for json in defs {
            let td = crate::taskdef::parse_task_definition(json).expect("a valid definition");
            assert_eq!(to_json(&td), serde_pretty(&td), "{json}");
        }
    }

    #[test]
    fn num_or_text_reads_like_the_derived_untagged_enum() {
        #[derive(Deserialize, Debug, PartialEq)]
        #[serde(untagged)]
        enum Derived {
            Num(f64),
            Text(String),
        }
        #[derive(Deserialize)]
        struct Ours {
            #[allow(dead_code)]
            cpu: Option<NumOrText>,
        }
        #[derive(Deserialize)]
        struct Theirs {
            #[allow(dead_code)]
            cpu: Option<Derived>,
        }
        for v in [
            "1",
            "-2",
            "1.5",
            "-0",
            "-0.0",
            "1e3",
            "18446744073709551616",
            "\"1 vCPU\"",
            "\"a\\u0041\"",
            "true",
            "false",
            "null",
            "[]",
            "[1, [2, {\"a\": 3}]]",
            "{}",
            "{\"a\": [1]}",
            "1e400",
            "[1, }",
            "\"\\x\"",
            "tru",
            "{\"a\" 1}",
        ] {
            for json in [format!("{{\"cpu\": {v}}}"), format!("{{\"cpu\": {v} , \"x\": 1}}"), format!("{{\n  \"cpu\":\n {v}\n}}")] {
                let ours = serde_json::from_str::<Ours>(&json).map(|o| match o.cpu {
                    Some(NumOrText::Num(n)) => Some(Derived::Num(n)),
                    Some(NumOrText::Text(t)) => Some(Derived::Text(t)),
                    None => None,
                });
                let theirs = serde_json::from_str::<Theirs>(&json).map(|t| t.cpu);
                match (ours, theirs) {
                    (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}"), "{json}"),
                    (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string().replace("enum Derived", "enum NumOrText"), "{json}"),
                    (a, b) => panic!("{json}: {a:?} vs {b:?}"),
                }
            }
        }
    }
}
