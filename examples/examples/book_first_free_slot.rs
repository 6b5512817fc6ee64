//! Finds the first free slot (Get free slots) and books an appointment in it for a patient.
//!
//! ```sh
//! ALFADOCS_API_KEY=… cargo run -p alfadocs-examples --example book_first_free_slot -- \
//!     --patient-id 42 [--duration 30] [--from 2026-03-02] [--days 14] [--operator-ids 1,2] [--color-id 185558] \
//!     [--description "Controllo"] [--base-url URL]
//! ```
//!
//! Without `--color-id` the archive's first color is used; without `--from`, today.

use alfadocs::models::{CreateAppointmentBody, CreateAppointmentBodyType};
use alfadocs_examples::{Args, exit_with, today};

#[tokio::main]
async fn main() -> std::process::ExitCode {
    exit_with(run().await)
}

async fn run() -> Result<(), String> {
    let args = Args::parse(&["patient-id", "duration", "from", "days", "operator-ids", "color-id", "description"])?;
    let patient_id = args.number("patient-id")?.ok_or("give the patient with --patient-id")?;
    let duration = args.number("duration")?.unwrap_or(30);
    let from = args.date("from")?.unwrap_or_else(today);
    let days = u64::try_from(args.number("days")?.unwrap_or(14)).map_err(|_| "--days must not be negative")?;
    let to = from.checked_add_days(chrono::Days::new(days)).ok_or("--days reaches past the calendar")?;
    let operator_ids = match args.get("operator-ids") {
        Some(text) => Some(
            text.split(',')
                .map(|id| id.trim().parse::<i64>().map_err(|_| format!("--operator-ids: `{id}` is not an id")))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        None => None,
    };

    let client = args.client()?;
    let archive = args.archive(&client).await?;

    let mut request = archive.free_slots().get_free_slots(from, duration).end_date(to);
    if let Some(ids) = operator_ids {
        request = request.operator_ids(ids);
    }
    let slots = request.send().await.map_err(|error| error.to_string())?;
    let Some((slot, start)) = slots.iter().find_map(|slot| slot.start_date.map(|start| (slot, start))) else {
        return Err(format!("no free slot of {duration} minutes between {from} and {to}"));
    };

    let color_id = match args.number("color-id")? {
        Some(id) => id,
        None => archive
            .colors()
            .get_colors()
            .send()
            .await
            .map_err(|error| error.to_string())?
            .iter()
            .find_map(|color| color.id)
            .ok_or("the archive has no colors; give one with --color-id")?,
    };

    let mut body = CreateAppointmentBody::new(start, color_id)
        .patient_id(patient_id)
        .duration(duration)
        .type_(CreateAppointmentBodyType::InPractice);
    // Optional values the caller may not have are assigned as they are.
    body.operator_id = slot.operator_id;
    body.description = args.get("description").map(str::to_owned);
    // A POST is never retried unless asked: a failed booking is reported, not silently duplicated.
    let appointment =
        archive.appointments().create_appointment(body).send().await.map_err(|error| error.to_string())?;
    println!(
        "booked appointment {} on {start} ({duration} min) for patient {patient_id}",
        appointment.id.map_or_else(|| "?".to_owned(), |id| id.to_string()),
    );
    Ok(())
}
