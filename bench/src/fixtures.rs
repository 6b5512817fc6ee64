//! Realistic AlfaDocs response bodies, full of the vendor's quirks, made deterministically from an index.
//!
//! The shapes and the odd values come from `shared/research/alfadocs-evidence.md`: booleans sent as `"true"` or
//! `"1"`, numbers sent as strings, local date-times `YYYY-MM-DD HH:MM:SS`, empty strings and the PHP zero date
//! `-0001-11-30` for absent birth dates, placeholder fiscal codes, and `_underscore` custom fields. Every field
//! keeps one JSON type across records (a string field is always a string or `null`), so that a plain serde
//! struct — the baseline the benchmarks compare against — can read the same bytes.

use serde_json::{Value, json};

/// The practice every benchmark request names.
pub const PRACTICE_ID: i64 = 1017;
/// The archive every benchmark request names.
pub const ARCHIVE_ID: i64 = 2033;
/// The index of the patient `get_patient` asks for (its ID is [`patient_id`] of it).
pub const PATIENT_INDEX: u64 = 48_213;
/// How many appointments the `get_appointments` body holds: a busy practice's day.
pub const APPOINTMENTS: u64 = 40;
/// The first day of the appointment window the benchmarks ask for.
pub const WINDOW_START: (i32, u32, u32) = (2026, 3, 2);
/// The last day of that window (a week: one request, well under the vendor's 30-day maximum).
pub const WINDOW_END: (i32, u32, u32) = (2026, 3, 8);

const FIRST_NAMES: &[&str] = &["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Alessandro", "Sara", "Matteo"];
const LAST_NAMES: &[&str] = &["Rossi", "Bianchi", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco"];
const CITIES: &[(&str, &str, &str)] = &[
    ("Milano", "MI", "20121"),
    ("Roma", "RM", "00184"),
    ("Napoli", "NA", "80133"),
    ("Torino", "TO", "10121"),
    ("Bologna", "BO", "40121"),
];
const STREETS: &[&str] = &["Via Albertazzi 1", "Corso Buenos Aires 12", "Via Roma 3/B", "Piazza Garibaldi 7"];

/// SplitMix64: a few well-mixed bits per index, so records vary without a random-number crate or a seed file.
fn mix(index: u64) -> u64 {
    let mut z = index.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Picks one of `items` with the bits of `r` above `shift`.
fn pick<T: Copy>(items: &[T], r: u64, shift: u32) -> T {
    let len = items.len() as u64;
    // `len` is never 0 for the constant tables above; `max(1)` keeps the modulo total anyway.
    let at = (r >> shift) % len.max(1);
    items[usize::try_from(at).unwrap_or_default()]
}

/// The ID of the patient of the given index.
pub fn patient_id(index: u64) -> i64 {
    // Indexes stay far below `i64::MAX - 100_000`; saturate rather than wrap if one ever does not.
    i64::try_from(index).map_or(i64::MAX, |index| index.saturating_add(100_000))
}

/// The patient of the given index, as the API sends it in a list page or a `data` envelope.
pub fn patient(index: u64) -> Value {
    let r = mix(index);
    let first = pick(FIRST_NAMES, r, 0);
    let last = pick(LAST_NAMES, r, 3);
    let (city, province, postcode) = pick(CITIES, r, 6);
    let year = 1940 + (r >> 9) % 70;
    let month = 1 + (r >> 16) % 12;
    let day = 1 + (r >> 20) % 28;
    // Real records: mostly a date, some empty, some the PHP zero date, some null.
    let date_birth = match (r >> 25) % 10 {
        0 => json!(""),
        1 => json!("-0001-11-30"),
        2 => Value::Null,
        _ => json!(format!("{year:04}-{month:02}-{day:02}")),
    };
    let fiscal_code = match (r >> 29) % 8 {
        0 => "NON DISPONIBILE",
        1 => "",
        2 => "0000000000000000",
        _ => "RSSMRA85T10A562S",
    };
    let string_bool = |bit: u32, yes: &'static str, no: &'static str| if (r >> bit) & 1 == 0 { yes } else { no };
    json!({
        "id": patient_id(index),
        "firstName": first,
        "lastName": last,
        "email": format!("{}.{}{index}@example.it", first.to_lowercase(), last.to_lowercase()),
        "emailEnabled": (r >> 33) & 1 == 0,
        "emailValid": (r >> 34) & 3 != 0,
        "phoneNumbers": [
            {"id": 700_000 + index, "prefix": "+39", "number": format!("34{:08}", (r >> 8) % 100_000_000)}
        ],
        "gender": match (r >> 36) % 3 { 0 => json!("m"), 1 => json!("f"), _ => Value::Null },
        "street": pick(STREETS, r, 38),
        "city": city,
        "postcode": postcode,
        // `province` is the field the evidence shows as `""` where the others are null.
        "province": if (r >> 40) & 1 == 0 { province } else { "" },
        "dateBirth": date_birth,
        "placeOfBirth": if (r >> 41) & 1 == 0 { json!(city) } else { Value::Null },
        "italianFiscalCode": fiscal_code,
        "job": if (r >> 42) & 1 == 0 { json!("Impiegata") } else { Value::Null },
        "yearlyNumberingYear": format!("{}", 2021 + (r >> 43) % 5),
        "yearlyNumberingNumber": format!("{}", 1 + (r >> 46) % 900),
        "defaultDiscount": if (r >> 50) & 1 == 0 { json!("10") } else { Value::Null },
        "sourceId": 283,
        "priceListId": "12",
        "emailReminderPossible": string_bool(51, "true", "false"),
        "smsReminderPossible": string_bool(52, "1", "0"),
        "createdAt": format!("2021-{month:02}-{day:02} 10:30:47"),
        "documentSignatureEmailPossible": string_bool(53, "true", "false"),
        "lastModifiedAt": format!("2025-{month:02}-{day:02} 18:{:02}:05", (r >> 54) % 60),
        "_allergie": if (r >> 60) & 1 == 0 { "penicillina" } else { "" },
        "_tesseraSanitaria": format!("8038000{:013}", r % 10_000_000_000_000),
        "_consensoMarketing": string_bool(61, "1", "0"),
    })
}

/// The appointment of the given index, in the week the benchmarks ask for.
pub fn appointment(index: u64) -> Value {
    let r = mix(index ^ 0xA5A5);
    let (year, month, first_day) = WINDOW_START;
    let day = u64::from(first_day) + index % 7;
    let hour = 8 + (index / 7) % 10;
    let minute = if (r >> 2) & 1 == 0 { 0 } else { 30 };
    // `state` is null for most future appointments: a real value outside the documented enum.
    let state = match (r >> 4) % 4 {
        0 => json!("confirmed"),
        1 => json!("done"),
        _ => Value::Null,
    };
    json!({
        "id": 5_000_000 + index,
        "patientId": 100_000 + (r >> 8) % 10_000,
        "operatorId": 62_485,
        "carePlanId": Value::Null,
        "date": format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:00"),
        "emailReminder": if (r >> 20) & 1 == 0 { "true" } else { "false" },
        "smsReminder": if (r >> 21) & 1 == 0 { "1" } else { "0" },
        "description": "Visita di controllo",
        "allDay": false,
        "type": "inPractice",
        "state": state,
        "duration": if (r >> 22) & 1 == 0 { "30" } else { "60" },
        "colorId": 185_558,
        "frequency": Value::Null,
        "recurrenceCount": Value::Null,
        "chairId": 1917 + (r >> 23) % 3,
        "createdThroughBooking": if (r >> 24) & 1 == 0 { "1" } else { "0" },
        "createdThroughApi": "0",
        "firstVisit": match (r >> 25) % 3 { 0 => "yes", 1 => "no", _ => "unknown" },
    })
}

/// `{"status":"success","data":{…}}`: the body of Get a patient.
pub fn patient_body() -> Vec<u8> {
    to_bytes(&json!({"status": "success", "data": patient(PATIENT_INDEX)}))
}

/// `{"status":"success","count":N,"data":[…]}`: the body of Get appointments for the benchmark week.
pub fn appointments_body() -> Vec<u8> {
    let data: Vec<Value> = (0..APPOINTMENTS).map(appointment).collect();
    to_bytes(&json!({"status": "success", "count": APPOINTMENTS, "data": data}))
}

/// One page of the patient list: `{"links":{…},"total":N,"offset":O,"limit":L,"results":[…]}`.
///
/// `page_url` makes the absolute URLs of `links` (the vendor's `links.next` is followed as is); `links.next`
/// is left out on the last page, as clients of the real API stop when it is missing.
pub fn patients_page(total: u64, offset: u64, limit: u64, page_url: impl Fn(u64) -> String) -> Vec<u8> {
    let end = total.min(offset.saturating_add(limit));
    let results: Vec<Value> = (offset..end).map(patient).collect();
    let mut links = serde_json::Map::new();
    links.insert("self".to_owned(), json!(page_url(offset)));
    if end < total {
        links.insert("next".to_owned(), json!(page_url(end)));
    }
    to_bytes(&json!({"links": links, "total": total, "offset": offset, "limit": limit, "results": results}))
}

fn to_bytes(value: &Value) -> Vec<u8> {
    // Serialising a `Value` to a Vec cannot fail: its map keys are strings and there is no I/O.
    serde_json::to_vec(value).unwrap_or_default()
}
