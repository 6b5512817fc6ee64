//! A stateful fake AlfaDocs API on loopback, for integrators to test against and newcomers to try the client
//! on, without a key to a real archive (which holds health data).
//!
//! The fake interprets the same description the client is generated from (`alfadocs::description::API`, or
//! any [`ApiDescription`]): routes, parameters, envelopes, pages, date-window caps and models all come from
//! it. Collections get generic behaviour by the shape of their operations (list, create, read, update,
//! delete, nested under a parent); the few operations that are not CRUD are named behaviours
//! (`behaviours`). Answers are in the vendor's dialect by default, or in the repaired document's exact types
//! ([`Mode::Strict`]). The data is synthetic and deterministic from a seed.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let fake = alfadocs_fake::FakeAlfaDocs::start().await?;
//! let archive = fake.archive()?;
//! let patients = archive.patients().get_patients().send().await?;
//! assert!(!patients.results.is_empty());
//! fake.stop().await;
//! # Ok(())
//! # }
//! ```

mod answer;
mod app;
mod behaviours;
mod control;
mod crud;
mod dialect;
mod envelope;
mod faults;
mod journal;
mod routes;
mod seed;
mod server;
pub mod spec;
mod store;

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use alfadocs_runtime::description::ApiDescription;
use chrono::NaiveDate;

pub use dialect::Mode;
pub use faults::{Fault, FaultKind};
pub use journal::{Entry, MASK};

/// The header the key travels in.
pub const KEY_HEADER: &str = "x-api-key";

/// The key a fake accepts unless told otherwise. It opens nothing but a fake.
pub const DEFAULT_KEY: &str = "fake-alfadocs-key";

/// The key a fake accepts; its `Debug` masks it, as the client's does.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Key(pub(crate) String);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Key({MASK})")
    }
}

/// The seed a fake's data grows from unless told otherwise.
pub const DEFAULT_SEED: u64 = 7;

/// Why a fake did not start, or a handle on it could not be made.
#[derive(Debug)]
pub enum Error {
    /// The loopback port could not be bound.
    Bind(std::io::Error),
    /// The client for the fake could not be built.
    Client(alfadocs::Error),
    /// A document given to serve could not be read or lowered.
    Spec(alfadocs_codegen::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Bind(error) => write!(f, "could not bind the fake's loopback port: {error}"),
            Error::Client(error) => write!(f, "could not build a client for the fake: {error}"),
            Error::Spec(error) => write!(f, "could not describe the API to serve: {error}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Bind(error) => Some(error),
            Error::Client(error) => Some(error),
            Error::Spec(error) => Some(error),
        }
    }
}

/// How to start a fake.
#[derive(Debug, Clone)]
pub struct Builder {
    api: &'static ApiDescription,
    seed: u64,
    mode: Mode,
    key: Key,
    port: u16,
    today: Option<NaiveDate>,
    log_requests: bool,
}

impl Default for Builder {
    fn default() -> Self {
        Self {
            api: &alfadocs::description::API,
            seed: DEFAULT_SEED,
            mode: Mode::Vendor,
            key: Key(DEFAULT_KEY.to_owned()),
            port: 0,
            today: None,
            log_requests: false,
        }
    }
}

impl Builder {
    /// Serves `api` instead of the description `alfadocs` was generated from.
    pub fn api(mut self, api: &'static ApiDescription) -> Self {
        self.api = api;
        self
    }

    /// The seed of the synthetic data.
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// The dialect of the answers.
    pub fn mode(mut self, mode: Mode) -> Self {
        self.mode = mode;
        self
    }

    /// The key the fake accepts.
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = Key(key.into());
        self
    }

    /// The loopback port (0: any free one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The date the fake takes for today (the data is laid out around it); the system's date otherwise.
    pub fn today(mut self, today: NaiveDate) -> Self {
        self.today = Some(today);
        self
    }

    /// Logs one line per request (method, path, operation, status; never the key, bodies or query values)
    /// through `tracing`.
    pub fn log_requests(mut self, log: bool) -> Self {
        self.log_requests = log;
        self
    }

    /// Binds `127.0.0.1:port` and starts serving.
    pub async fn start(self) -> Result<FakeAlfaDocs, Error> {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.map_err(Error::Bind)?;
        let address = listener.local_addr().map_err(Error::Bind)?;
        let base_url = format!("http://{address}/api");
        let today = self.today.unwrap_or_else(|| chrono::Utc::now().date_naive());
        let world = seed::world(self.api, self.seed, today);
        let shared = Arc::new(app::Shared {
            api: self.api,
            routes: routes::Routes::new(self.api),
            index: crud::Index::new(self.api),
            key: self.key,
            mode: self.mode,
            base_url,
            log_requests: self.log_requests,
            world: Mutex::new(world),
            faults: Mutex::new(faults::Faults::default()),
            journal: Mutex::new(Vec::new()),
        });
        let server = server::Server::spawn(listener, shared.clone());
        Ok(FakeAlfaDocs { address, shared, server })
    }
}

/// A running fake. Dropping it stops the server; [`FakeAlfaDocs::stop`] also waits for open requests.
#[derive(Debug)]
pub struct FakeAlfaDocs {
    address: SocketAddr,
    shared: Arc<app::Shared>,
    server: server::Server,
}

impl FakeAlfaDocs {
    /// A fake of `alfadocs`'s API on a free loopback port, with the default key and seed.
    pub async fn start() -> Result<Self, Error> {
        Builder::default().start().await
    }

    /// How to start one with other settings.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// The base URL to give a client (`http://127.0.0.1:PORT/api`).
    pub fn base_url(&self) -> &str {
        &self.shared.base_url
    }

    /// The address the fake listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The key the fake accepts.
    pub fn key(&self) -> &str {
        &self.shared.key.0
    }

    /// The practice the key belongs to.
    pub fn practice_id(&self) -> i64 {
        self.world().practice_id
    }

    /// The archive the key belongs to.
    pub fn archive_id(&self) -> i64 {
        self.world().archive_id
    }

    /// A client for the fake.
    pub fn client(&self) -> Result<alfadocs::Client, Error> {
        alfadocs::Client::builder(self.key()).base_url(self.base_url()).build().map_err(Error::Client)
    }

    /// A client's handle on the key's archive.
    pub fn archive(&self) -> Result<alfadocs::Archive, Error> {
        Ok(self.client()?.archive(self.practice_id(), self.archive_id()))
    }

    /// The next calls matching `fault` go wrong as it says.
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    /// Forgets the faults not used yet.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }

    /// The requests received so far, oldest first (the latest 10 000 at most).
    pub fn journal(&self) -> Vec<Entry> {
        lock(&self.shared.journal).clone()
    }

    /// Empties the journal.
    pub fn clear_journal(&self) {
        lock(&self.shared.journal).clear();
    }

    /// The date the fake takes for today.
    pub fn today(&self) -> NaiveDate {
        self.world().today
    }

    /// Sets the date the fake takes for today (default date filters and free slots follow it; the data
    /// stays where it is until [`FakeAlfaDocs::reset`]).
    pub fn set_today(&self, today: NaiveDate) {
        lock(&self.shared.world).today = today;
    }

    /// Throws away every change: the data is what the seed grows, around today.
    pub fn reset(&self) {
        let mut world = lock(&self.shared.world);
        *world = seed::world(self.shared.api, world.seed, world.today);
    }

    /// Replaces the data with what `seed` grows, around today.
    pub fn reseed(&self, seed: u64) {
        let mut world = lock(&self.shared.world);
        *world = seed::world(self.shared.api, seed, world.today);
    }

    /// How many records each collection holds.
    pub fn counts(&self) -> std::collections::BTreeMap<String, usize> {
        self.world().store.counts()
    }

    /// Stops accepting connections and waits for the requests under way.
    pub async fn stop(self) {
        self.server.stop().await;
    }

    fn world(&self) -> MutexGuard<'_, app::World> {
        lock(&self.shared.world)
    }
}

/// Locks `mutex`; a request that panicked while holding it left whole records (every change is made in
/// one step under the lock), so the data is still usable.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
