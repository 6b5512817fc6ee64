//! The probe's run: every GET operation at its spec path, then at its recorded alternatives, and with writes
//! allowed the writes of `writes.rs`, through the runtime's client (retries, back-off, limits, redaction),
//! within a total budget.
//!
//! Identifiers learnt from answers fill later paths and stay in memory; what leaves this module is the
//! template that answered, statuses, counts and [`Shapes`]. A runtime error is reduced to its class and
//! status: its text may quote a vendor message, and its URL holds the identifiers of the path.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use alfadocs_codegen::ir::{
    Api, Envelope, Method as IrMethod, Operation, ParamLocation, Provenance, Response, Template, Type,
};
use alfadocs_runtime::{Error, Hook, HookRequest, HookResponse, HttpClient, Method, NaiveDate, path_segment};
use serde_json::Value;
use tokio::time::Instant;

use super::paths::Pool;
use super::shapes::Shapes;
use super::writes;

/// How far the probe may go.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Pages read per paginated list.
    pub pages: u32,
    /// Items asked for per page.
    pub page_size: u32,
    /// When the probe stops, checked or not.
    pub deadline: Instant,
    /// The date that date parameters take.
    pub today: NaiveDate,
    /// With `--allow-writes`: the test archive's scope parameters (`practiceId`, `archiveId`) as named.
    pub test_archive: Option<Vec<String>>,
}

/// What became of writes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Writes {
    /// Not asked for: none sent.
    #[default]
    NotAsked,
    /// Asked for, and not sent: why.
    Refused(String),
    /// Sent to the named test archive.
    Sent,
}

/// What became of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A 2xx at `template` (the spec path, or an alternative).
    Answered {
        /// The template that answered.
        template: String,
        /// Requests sent to it (pages included, retries not).
        requests: u32,
        /// Records read from its answers.
        records: u64,
    },
    /// 404 or 405 at every path tried.
    NotFound,
    /// Another failure at `template`.
    Failed {
        /// Where.
        template: String,
        /// The error's class and status, never its text.
        reason: String,
    },
    /// Not sent: why.
    Skipped(String),
    /// The budget ran out while it was being checked.
    Unfinished,
    /// The budget ran out before it.
    NotChecked,
}

/// One operation and what became of it.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The operationId.
    pub id: String,
    /// The method.
    pub method: IrMethod,
    /// The spec's path template.
    pub path: String,
    /// The recorded provenance.
    pub provenance: Option<Provenance>,
    /// What happened.
    pub outcome: Outcome,
    /// Each path tried before the answer, with what it answered (`404`, `no value for {patientId}`).
    pub tried: Vec<(String, String)>,
}

/// An answer whose envelope is not the documented one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeMismatch {
    /// The operationId.
    pub operation: String,
    /// The key the spec's envelope reads (`data`, `results`).
    pub expected: &'static str,
    /// The body's top-level keys, or its kind when it is no object.
    pub found: String,
}

/// Attempts and statuses as the client's hook saw them (retries included).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Traffic {
    /// Requests that went out.
    pub attempts: u64,
    /// Answers by status.
    pub statuses: BTreeMap<u16, u64>,
}

impl Traffic {
    /// Attempts that got no answer (a transport error, or cut short by a timeout).
    pub fn unanswered(&self) -> u64 {
        self.attempts.saturating_sub(self.statuses.values().sum())
    }
}

/// The hook that counts [`Traffic`].
#[derive(Debug, Default)]
pub struct Counter(Mutex<Traffic>);

impl Counter {
    /// What was counted so far.
    pub fn traffic(&self) -> Traffic {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

impl Hook for Counter {
    fn on_request(&self, _: &mut HookRequest<'_>) -> Result<(), String> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).attempts += 1;
        Ok(())
    }

    fn on_response(&self, response: &HookResponse<'_>) {
        if let Some(status) = response.status() {
            *self.0.lock().unwrap_or_else(PoisonError::into_inner).statuses.entry(status).or_default() += 1;
        }
    }
}

/// Everything the run found.
#[derive(Debug, Clone, Default)]
pub struct Findings {
    /// Every GET operation, in the order probed (then those not reached).
    pub operations: Vec<Checked>,
    /// The shapes of the records read.
    pub shapes: Shapes,
    /// Answers whose envelope differs.
    pub envelopes: Vec<EnvelopeMismatch>,
    /// Whether every operation was reached before the deadline.
    pub complete: bool,
    /// Whether writes were sent.
    pub writes: Writes,
}

/// Probes every GET operation of `api`, then, if allowed, its writes; `progress` hears one line per operation
/// (templates only).
pub async fn run(http: &HttpClient, api: &Api, settings: &Settings, progress: &mut dyn FnMut(&str)) -> Findings {
    let mut pool = Pool::new(api, settings.today);
    let mut findings = reads(http, api, settings, &mut pool, progress).await;
    if let Some(named) = &settings.test_archive {
        findings.writes = if !findings.complete {
            Writes::Refused("the budget ran out before them".to_owned())
        } else if scope_values(api, &pool) != *named {
            Writes::Refused("the key's archive is not the one named by --test-archive".to_owned())
        } else {
            writes(http, api, settings, &mut pool, &mut findings, progress).await;
            Writes::Sent
        };
    }
    findings
}

/// The values learnt for the archive scope's parameters, in their order.
fn scope_values(api: &Api, pool: &Pool) -> Vec<String> {
    let scoped = api
        .operations()
        .map(|(_, operation)| operation)
        .find(|operation| operation.params.iter().any(|p| p.from_scope));
    let params = scoped.map(|operation| operation.params.as_slice()).unwrap_or_default();
    params.iter().filter(|param| param.from_scope).filter_map(|param| pool.value(&param.wire_name, params)).collect()
}

/// The planned writes, each changing only what the probe created.
async fn writes(
    http: &HttpClient,
    api: &Api,
    settings: &Settings,
    pool: &mut Pool,
    findings: &mut Findings,
    progress: &mut dyn FnMut(&str),
) {
    let mut own: Vec<String> = Vec::new();
    for operation in writes::plan(api) {
        let outcome = if Instant::now() >= settings.deadline {
            findings.complete = false;
            Outcome::NotChecked
        } else if writes::own_item_param(operation).is_some_and(|param| !own.iter().any(|p| p == param)) {
            Outcome::Skipped("no record the probe created to change".to_owned())
        } else {
            let body = writes::body(api, operation, pool, settings.today);
            let sending = Sending { http, api, settings };
            own.extend(sending.check(operation, body.as_ref(), pool, findings, progress).await);
            continue;
        };
        findings.operations.push(checked_of(operation, outcome, Vec::new()));
    }
}

/// Probes every GET operation.
async fn reads(
    http: &HttpClient,
    api: &Api,
    settings: &Settings,
    pool: &mut Pool,
    progress: &mut dyn FnMut(&str),
) -> Findings {
    let context = api.context.as_ref().map(|context| context.operation_id.as_str());
    let mut pending: Vec<&Operation> = api
        .operations()
        .map(|(_, operation)| operation)
        .filter(|operation| operation.method == IrMethod::Get)
        .collect();
    pending.sort_by_key(|operation| Some(operation.id.as_str()) != context);
    let mut findings = Findings { complete: true, ..Findings::default() };
    while !pending.is_empty() {
        let next =
            pending.iter().position(|operation| candidates(operation).any(|t| pool.fill(t, &operation.params).is_ok()));
        let Some(index) = next else { break };
        let operation = pending.remove(index);
        if Instant::now() >= settings.deadline {
            pending.insert(0, operation);
            findings.complete = false;
            break;
        }
        Sending { http, api, settings }.check(operation, None, pool, &mut findings, progress).await;
        if !findings.complete {
            break;
        }
    }
    for operation in pending {
        let outcome = if findings.complete {
            let mut missing: Vec<String> = candidates(operation)
                .filter_map(|template| pool.fill(template, &operation.params).err())
                .map(|name| format!("{{{name}}}"))
                .collect();
            missing.dedup();
            Outcome::Skipped(format!("no answer gave a value for {}", missing.join(" or ")))
        } else {
            Outcome::NotChecked
        };
        findings.operations.push(checked_of(operation, outcome, Vec::new()));
    }
    findings
}

fn checked_of(operation: &Operation, outcome: Outcome, tried: Vec<(String, String)>) -> Checked {
    Checked {
        id: operation.id.clone(),
        method: operation.method,
        path: operation.path.to_string(),
        provenance: operation.provenance,
        outcome,
        tried,
    }
}

/// The one-line summary of an outcome.
pub fn outcome_line(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Answered { template, requests, records } => {
            format!("answered at {template} ({requests} requests, {records} records)")
        }
        Outcome::NotFound => "404/405 at every path tried".to_owned(),
        Outcome::Failed { template, reason } => format!("{reason} at {template}"),
        Outcome::Skipped(reason) => format!("skipped: {reason}"),
        Outcome::Unfinished => "unfinished: the budget ran out during it".to_owned(),
        Outcome::NotChecked => "not checked: the budget ran out before it".to_owned(),
    }
}

/// The spec path, then the alternatives.
fn candidates(operation: &Operation) -> impl Iterator<Item = &Template> {
    std::iter::once(&operation.path).chain(&operation.alternatives)
}

/// What every operation is sent with.
#[derive(Clone, Copy)]
struct Sending<'a> {
    http: &'a HttpClient,
    api: &'a Api,
    settings: &'a Settings,
}

impl Sending<'_> {
    /// Probes one operation within the deadline and records what became of it; the item parameters of the
    /// records it created.
    async fn check(
        self,
        operation: &Operation,
        body: Option<&Value>,
        pool: &mut Pool,
        findings: &mut Findings,
        progress: &mut dyn FnMut(&str),
    ) -> Vec<String> {
        let Sending { http, api, settings } = self;
        let mut probe =
            Probe { http, api, settings, pool, findings: &mut *findings, tried: Vec::new(), created: Vec::new() };
        let checked = tokio::time::timeout_at(settings.deadline, probe.operation(operation, body)).await;
        let Probe { tried, created, .. } = probe;
        let outcome = checked.unwrap_or_else(|_| {
            findings.complete = false;
            Outcome::Unfinished
        });
        progress(&format!("{} {} {}: {}", operation.id, operation.method, operation.path, outcome_line(&outcome)));
        findings.operations.push(checked_of(operation, outcome, tried));
        created
    }
}

struct Probe<'a> {
    http: &'a HttpClient,
    api: &'a Api,
    settings: &'a Settings,
    pool: &'a mut Pool,
    findings: &'a mut Findings,
    tried: Vec<(String, String)>,
    /// The item parameters of the records this operation created.
    created: Vec<String>,
}

impl Probe<'_> {
    /// Sends the operation at its path, then at each alternative while they answer 404 or 405.
    async fn operation(&mut self, operation: &Operation, body: Option<&Value>) -> Outcome {
        let query = match self.query(operation) {
            Ok(query) => query,
            Err(name) => return Outcome::Skipped(format!("no value for the required query parameter {name}")),
        };
        for template in candidates(operation) {
            let path = match self.pool.fill(template, &operation.params) {
                Ok(path) => path,
                Err(name) => {
                    self.tried.push((template.to_string(), format!("not tried: no value for {{{name}}}")));
                    continue;
                }
            };
            let sent = match operation.method {
                IrMethod::Get => self.pages(operation, &path, &query).await,
                _ => self.write(operation, &path, &query, body).await,
            };
            match sent {
                Ok((requests, records)) => {
                    return Outcome::Answered { template: template.to_string(), requests, records };
                }
                Err(error) if matches!(error.status(), Some(404 | 405)) => {
                    self.tried.push((template.to_string(), describe(&error)));
                }
                Err(error) => return Outcome::Failed { template: template.to_string(), reason: describe(&error) },
            }
        }
        Outcome::NotFound
    }

    /// The required query parameters (dates take today, enums their first documented value, the rest a
    /// learnt identifier), or the name of one without a value.
    fn query(&self, operation: &Operation) -> Result<Vec<(String, String)>, String> {
        let paging = operation.pagination.iter().flat_map(|p| [&p.offset_param, &p.limit_param]).collect::<Vec<_>>();
        let mut query = Vec::new();
        for param in &operation.params {
            if param.location != ParamLocation::Query || !param.required || paging.contains(&&param.wire_name) {
                continue;
            }
            let value = match &param.ty {
                Type::Enum(_) => self.api.enum_values(&param.ty).first().map(path_segment),
                _ => self.pool.value(&param.wire_name, &operation.params),
            };
            query.push((param.wire_name.clone(), value.ok_or_else(|| param.wire_name.clone())?));
        }
        Ok(query)
    }

    /// Sends the operation (each page of a paginated list, up to the bound), reading what it answers.
    async fn pages(
        &mut self,
        operation: &Operation,
        path: &str,
        query: &[(String, String)],
    ) -> Result<(u32, u64), Error> {
        let Response::Json { ty, .. } = &operation.response else {
            self.http.raw(Method::Get, &with_query(path, query)).send_empty().await?;
            return Ok((1, 0));
        };
        let mut requests = 0;
        let mut records = 0;
        loop {
            let mut query = query.to_vec();
            if let Some(paging) = &operation.pagination {
                query.push((paging.limit_param.clone(), self.settings.page_size.to_string()));
                query.push((paging.offset_param.clone(), (requests * self.settings.page_size).to_string()));
            }
            let body: Value = self.http.raw(Method::Get, &with_query(path, &query)).send().await?;
            requests += 1;
            let read = self.read(operation, ty, &body);
            records += read;
            let full_page = read >= u64::from(self.settings.page_size);
            if operation.pagination.is_none() || !full_page || requests >= self.settings.pages {
                return Ok((requests, records));
            }
        }
    }

    /// Sends one write (never retried unasked: the runtime retries only what is idempotent), reading its answer.
    async fn write(
        &mut self,
        operation: &Operation,
        path: &str,
        query: &[(String, String)],
        body: Option<&Value>,
    ) -> Result<(u32, u64), Error> {
        let method = match operation.method {
            IrMethod::Get => Method::Get,
            IrMethod::Post => Method::Post,
            IrMethod::Put => Method::Put,
            IrMethod::Patch => Method::Patch,
            IrMethod::Delete => Method::Delete,
        };
        let mut request = self.http.raw(method, &with_query(path, query));
        if let Some(body) = body {
            request = request.json(body);
        }
        let Response::Json { ty, .. } = &operation.response else {
            request.send_empty().await?;
            return Ok((1, 0));
        };
        let answer: Value = request.send().await?;
        Ok((1, self.read(operation, ty, &answer)))
    }

    /// Observes the records of one answer and learns their identifiers; how many records it held.
    fn read(&mut self, operation: &Operation, ty: &Type, body: &Value) -> u64 {
        let Response::Json { envelope, .. } = &operation.response else { return 0 };
        let key = match envelope {
            Envelope::Bare => None,
            Envelope::Data | Envelope::List => Some("data"),
            Envelope::Page => Some("results"),
        };
        let bare;
        let inner = match key {
            None => {
                bare = without_envelope_status(self.api, ty, body);
                Some(&bare)
            }
            Some(key) => body.get(key),
        };
        let Some(inner) = inner else {
            self.findings.envelopes.push(EnvelopeMismatch {
                operation: operation.id.clone(),
                expected: key.unwrap_or_default(),
                found: top_level_keys(body),
            });
            return 0;
        };
        let listed = matches!(envelope, Envelope::List | Envelope::Page);
        let (items, item_ty): (Vec<&Value>, &Type) = match (listed, inner, ty) {
            (true, Value::Array(items), _) => (items.iter().collect(), ty),
            (false, Value::Array(items), Type::List(item)) => (items.iter().collect(), item),
            _ => (vec![inner], ty),
        };
        for item in &items {
            self.findings.shapes.observe(self.api, item_ty, item);
            self.created.extend(self.pool.learn(operation, item));
        }
        items.len() as u64
    }
}

/// A bare body less the `status` beside its fields, which the `envelopes` rule drops from the model: the
/// envelope's, not a field the spec lacks.
fn without_envelope_status(api: &Api, ty: &Type, body: &Value) -> Value {
    let mut body = body.clone();
    let has_status = match ty {
        Type::Model(name) => api.model(name).is_some_and(|model| model.fields.iter().any(|f| f.wire_name == "status")),
        _ => true,
    };
    if let (Value::Object(map), false) = (&mut body, has_status) {
        map.shift_remove("status");
    }
    body
}

fn with_query(path: &str, query: &[(String, String)]) -> String {
    let pairs: Vec<String> = query.iter().map(|(name, value)| format!("{name}={value}")).collect();
    if pairs.is_empty() { path.to_owned() } else { format!("{path}?{}", pairs.join("&")) }
}

/// The body's top-level keys that look like names (values never), or its JSON kind.
fn top_level_keys(body: &Value) -> String {
    match body {
        Value::Object(map) => {
            let keys: Vec<&str> = map
                .keys()
                .map(String::as_str)
                .filter(|key| key.len() <= 32 && key.chars().all(|c| c.is_ascii_alphanumeric()))
                .collect();
            format!("keys {}", keys.join(", "))
        }
        other => super::shapes::Kind::of(other).label().to_owned(),
    }
}

/// An error's class and status, never its text (which may quote the vendor, or a URL with identifiers).
pub fn describe(error: &Error) -> String {
    if let Some(status) = error.status() {
        return format!("HTTP {status}");
    }
    match error {
        Error::Timeout { .. } => "timed out",
        Error::Transport { .. } => "no answer (transport error)",
        Error::Decode { .. } => "an answer that is not JSON",
        Error::LimitExceeded { .. } => "an answer past the client's limits",
        Error::Protocol { .. } => "a protocol error",
        _ => "an error of the client",
    }
    .to_owned()
}
