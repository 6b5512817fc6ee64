//! The HTTP control surface of a running fake, outside `/api`, for tests in other languages and for the
//! binary: faults, the journal, today, reset and seed.
//!
//! - `GET /_fake`: base URL, practice, archive, mode, seed, today and record counts;
//! - `POST /_fake/faults` with a [`Fault`](crate::Fault) as JSON; `DELETE /_fake/faults`;
//! - `GET /_fake/journal`; `DELETE /_fake/journal`;
//! - `PUT /_fake/today` with `{"today": "YYYY-MM-DD"}`;
//! - `POST /_fake/reset`, optionally with `{"seed": N}`.

use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::json;

use crate::answer::Answer;
use crate::app::Shared;
use crate::faults::Fault;
use crate::{lock, seed};

/// Where the control routes live.
pub const PREFIX: &str = "/_fake";

#[derive(Deserialize)]
struct Today {
    today: NaiveDate,
}

#[derive(Deserialize, Default)]
struct Reset {
    seed: Option<u64>,
}

/// Serves one control request.
pub fn handle(shared: &Shared, method: &str, path: &str, body: &[u8]) -> Answer {
    let Some(route) = path.strip_prefix(PREFIX) else {
        return Answer::error(StatusCode::NOT_FOUND, format!("No route found for \"{path}\": the API is under /api"));
    };
    match (method, route.trim_end_matches('/')) {
        ("GET", "") => {
            let world = lock(&shared.world);
            Answer::json(
                StatusCode::OK,
                &json!({
                    "baseUrl": shared.base_url,
                    "practiceId": world.practice_id,
                    "archiveId": world.archive_id,
                    "mode": shared.mode,
                    "seed": world.seed,
                    "today": world.today.to_string(),
                    "counts": world.store.counts(),
                }),
            )
        }
        ("POST", "/faults") => match serde_json::from_slice::<Fault>(body) {
            Ok(fault) => {
                lock(&shared.faults).push(fault);
                Answer::json(StatusCode::OK, &json!({"status": "success"}))
            }
            Err(error) => Answer::bad_request(format!("not a fault: {error}")),
        },
        ("DELETE", "/faults") => {
            lock(&shared.faults).clear();
            Answer::json(StatusCode::OK, &json!({"status": "success"}))
        }
        ("GET", "/journal") => {
            let journal = lock(&shared.journal).clone();
            Answer::json(StatusCode::OK, &journal)
        }
        ("DELETE", "/journal") => {
            lock(&shared.journal).clear();
            Answer::json(StatusCode::OK, &json!({"status": "success"}))
        }
        ("PUT", "/today") => match serde_json::from_slice::<Today>(body) {
            Ok(Today { today }) => {
                lock(&shared.world).today = today;
                Answer::json(StatusCode::OK, &json!({"today": today.to_string()}))
            }
            Err(error) => Answer::bad_request(format!("expected {{\"today\": \"YYYY-MM-DD\"}}: {error}")),
        },
        ("POST", "/reset") => {
            let reset = if body.is_empty() { Ok(Reset::default()) } else { serde_json::from_slice::<Reset>(body) };
            match reset {
                Ok(reset) => {
                    let mut world = lock(&shared.world);
                    let seed = reset.seed.unwrap_or(world.seed);
                    *world = seed::world(shared.api, seed, world.today);
                    Answer::json(StatusCode::OK, &json!({"seed": seed}))
                }
                Err(error) => Answer::bad_request(format!("expected nothing or {{\"seed\": N}}: {error}")),
            }
        }
        _ => Answer::error(StatusCode::NOT_FOUND, format!("No control route \"{method} {path}\"")),
    }
}
