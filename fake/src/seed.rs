//! Synthetic data, deterministic from a seed and laid out around "today": a practice and its archive,
//! operators, chairs, colors, booking reasons, hundreds of patients with Italian names and the placeholders
//! real archives hold (fiscal codes `NON DISPONIBILE` and all zeros, PHP zero birth dates `-0001-11-30`,
//! empty strings), custom `_fields`, phone numbers, appointments over past and future weeks, care plans with
//! `schemeCodes` as a map and empty, their entries, bills, liabilities, transactions and documents.
//!
//! No real person's data: names and places are common ones, combined at random; fiscal codes are made of
//! random letters and digits in the right shape.
//!
//! Records are filed under the description's collection names; a collection the description does not have
//! is not seeded.

use alfadocs_runtime::description::ApiDescription;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde_json::{Value, json};

use crate::app::World;
use crate::dialect::DATE;
use crate::store::{Record, Store};

/// How many patients an archive holds.
const PATIENTS: usize = 320;

const FIRST_NAMES_F: &[&str] = &[
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Martina",
    "Valentina",
    "Alessia",
    "Elena",
    "Federica",
    "Silvia",
    "Giorgia",
    "Laura",
    "Paola",
    "Anna",
    "Maria",
    "Beatrice",
    "Alice",
    "Camilla",
    "Rosa",
    "Lucia",
];
const FIRST_NAMES_M: &[&str] = &[
    "Marco",
    "Luca",
    "Giuseppe",
    "Alessandro",
    "Andrea",
    "Matteo",
    "Lorenzo",
    "Francesco",
    "Davide",
    "Simone",
    "Stefano",
    "Paolo",
    "Giovanni",
    "Antonio",
    "Riccardo",
    "Federico",
    "Tommaso",
    "Pietro",
    "Salvatore",
    "Enrico",
];
const LAST_NAMES: &[&str] = &[
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Bruno",
    "Gallo",
    "Conti",
    "De Luca",
    "Mancini",
    "Costa",
    "Giordano",
    "Rizzo",
    "Lombardi",
    "Moretti",
    "Barbieri",
    "Fontana",
    "Santoro",
    "Mariani",
    "Rinaldi",
    "Caruso",
    "Ferrara",
    "Galli",
    "Martini",
    "Leone",
    "D'Angelo",
    "Longo",
    "Gentile",
    "Martinelli",
    "Vitale",
    "Serra",
    "Coppola",
    "De Santis",
    "Marchetti",
    "Villa",
];
/// City, province, postcode.
const CITIES: &[(&str, &str, &str)] = &[
    ("Milano", "MI", "20121"),
    ("Roma", "RM", "00184"),
    ("Torino", "TO", "10121"),
    ("Bologna", "BO", "40121"),
    ("Firenze", "FI", "50122"),
    ("Napoli", "NA", "80133"),
    ("Verona", "VR", "37121"),
    ("Padova", "PD", "35122"),
    ("Bergamo", "BG", "24121"),
    ("Brescia", "BS", "25121"),
    ("Genova", "GE", "16121"),
    ("Monza", "MB", "20900"),
];
const STREETS: &[&str] = &[
    "Via Roma",
    "Via Garibaldi",
    "Via Mazzini",
    "Corso Italia",
    "Via Dante",
    "Via Verdi",
    "Viale Europa",
    "Via Cavour",
    "Via Marconi",
    "Piazza della Repubblica",
    "Via dei Mille",
    "Via XX Settembre",
];
/// Booking reason durations, in minutes.
const DURATIONS: [i64; 3] = [30, 45, 60];
const JOBS: &[&str] =
    &["Impiegato", "Insegnante", "Studente", "Pensionato", "Libero professionista", "Commerciante", ""];
const TREATMENTS: &[(&str, f64)] = &[
    ("Visita di controllo", 60.0),
    ("Igiene orale professionale", 90.0),
    ("Otturazione in composito", 120.0),
    ("Devitalizzazione", 250.0),
    ("Estrazione semplice", 100.0),
    ("Corona in ceramica", 650.0),
    ("Impianto osteointegrato", 1200.0),
    ("Sbiancamento", 300.0),
];

/// A small, fast, well-mixed generator (SplitMix64): the same seed gives the same data on every machine and
/// in every version, which a general-purpose generator does not promise.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// A number in `low..=high`.
    fn range(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % ((high - low + 1).max(1) as u64)) as i64
    }

    /// One of the fixed tables' entries (never empty).
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// One of `ids`, or `null` when the description has no such collection.
    fn id(&mut self, ids: &[i64]) -> Value {
        if ids.is_empty() { Value::Null } else { Value::from(ids[self.below(ids.len())]) }
    }

    /// True with probability `percent` in 100.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

/// The world `seed` grows around `today`.
pub fn world(api: &ApiDescription, seed: u64, today: NaiveDate) -> World {
    let mut rng = Rng(seed);
    let practice_id = rng.range(1000, 9999);
    let archive_id = rng.range(1000, 9999);
    let mut seeder = Seeder { api, store: Store::new(api), rng, today };
    seeder.all(practice_id);
    World { store: seeder.store, today, seed, practice_id, archive_id }
}

struct Seeder<'a> {
    api: &'a ApiDescription,
    store: Store,
    rng: Rng,
    today: NaiveDate,
}

fn record(value: Value) -> Record {
    match value {
        Value::Object(record) => record,
        _ => Record::new(),
    }
}

impl Seeder<'_> {
    /// Files `value` in `collection` if the description has it; its id.
    fn add(&mut self, collection: &str, value: Value) -> Option<i64> {
        let known = self
            .api
            .operations()
            .any(|(_, operation)| operation.shape.collection().is_some_and(|c| c.name == collection));
        known.then(|| self.store.table(collection).insert(record(value)))
    }

    fn ids(&mut self, collection: &str, values: Vec<Value>) -> Vec<i64> {
        values.into_iter().filter_map(|value| self.add(collection, value)).collect()
    }

    fn day(&self, offset: i64) -> NaiveDate {
        let days = Days::new(offset.unsigned_abs());
        let day = if offset < 0 { self.today.checked_sub_days(days) } else { self.today.checked_add_days(days) };
        day.unwrap_or(self.today)
    }

    /// A day from `low` to `high` days before today.
    fn day_back(&mut self, low: i64, high: i64) -> NaiveDate {
        let back = self.rng.range(low, high);
        self.day(-back)
    }

    /// A moment from `low` to `high` days before today.
    fn stamp_back(&mut self, low: i64, high: i64) -> String {
        let back = self.rng.range(low, high);
        self.stamp(-back)
    }

    fn stamp(&mut self, offset_days: i64) -> String {
        let hour = self.rng.range(8, 19);
        let minute = self.rng.range(0, 59);
        let second = self.rng.range(0, 59);
        format!("{} {hour:02}:{minute:02}:{second:02}", self.day(offset_days).format(DATE))
    }

    fn all(&mut self, practice_id: i64) {
        let user_id = self.rng.range(100, 999);
        // The context's practice and archive are the world's; the behaviour writes them.
        self.store.set_single(
            crate::behaviours::CONTEXT,
            record(json!({"userId": user_id, "userEmail": "segreteria@studio-esempio.test"})),
        );
        self.store.set_single("Practice", record(json!({"id": practice_id, "name": "Studio Dentistico Esempio"})));

        let operators = self.operators();
        let chairs = self.ids("chairs", (1..=4).map(|n| json!({"name": format!("Poltrona {n}")})).collect());
        let colors = self.ids(
            "colors",
            ["Blu", "Verde", "Rosso", "Arancione", "Viola", "Grigio"]
                .iter()
                .map(|name| json!({"name": name}))
                .collect(),
        );
        let specialties = self.ids(
            "specialties",
            ["Odontoiatria generale", "Igiene dentale", "Ortodonzia", "Implantologia", "Endodonzia"]
                .iter()
                .map(|name| json!({"name": name}))
                .collect(),
        );
        self.booking_reasons(&specialties, &operators);
        let accounts = self.ids(
            "accounts",
            vec![
                json!({"name": "Cassa", "deleted": false}),
                json!({"name": "Banca", "deleted": false}),
                json!({"name": "Conto vecchio", "deleted": true}),
            ],
        );
        let payment_types = self.ids(
            "payment-types",
            ["Contanti", "Bancomat", "Carta di credito", "Bonifico"].iter().map(|name| json!({"name": name})).collect(),
        );
        self.ids(
            "custom-object-fields",
            vec![
                json!({"objectType": "patient", "label": "Allergie", "technicalName": "_allergie", "type": "text", "choices": []}),
                json!({"objectType": "patient", "label": "Fonte", "technicalName": "_fonte", "type": "choice",
                       "choices": ["Passaparola", "Sito web", "Convenzione"]}),
            ],
        );
        let patients = self.patients();
        let plans = self.care_plans(&patients, &operators);
        let appointments = self.appointments(&patients, &operators, &chairs, &colors, &plans);
        self.care_plan_entries(&plans, &appointments);
        let bills = self.bills(&plans);
        self.transactions(&bills, &accounts, &payment_types);
        self.documents(&patients);
    }

    fn operators(&mut self) -> Vec<i64> {
        let mut values = Vec::new();
        for n in 0..8 {
            let female = self.rng.chance(50);
            let first = *self.rng.pick(if female { FIRST_NAMES_F } else { FIRST_NAMES_M });
            let last = *self.rng.pick(LAST_NAMES);
            let title = if n < 5 { "Dott." } else { "Ig." };
            let fiscal = self.fiscal_code(first, last);
            values.push(json!({
                "name": format!("{title} {first} {last}"),
                "firstName": first,
                "lastName": last,
                "italianFiscalCode": fiscal,
                "deleted": n == 7,
            }));
        }
        self.ids("operators", values)
    }

    fn booking_reasons(&mut self, specialties: &[i64], operators: &[i64]) {
        let mut values = Vec::new();
        for (n, (description, price)) in TREATMENTS.iter().enumerate() {
            let specialty = specialties.get(n % specialties.len().max(1)).copied();
            let mut offering: Vec<i64> = operators.iter().copied().filter(|_| self.rng.chance(50)).collect();
            if offering.is_empty() {
                offering.extend(operators.first());
            }
            let created = self.stamp(-400 - n as i64 * 10);
            values.push(json!({
                "specialtyId": specialty,
                "description": description,
                "duration": DURATIONS[n % DURATIONS.len()],
                "sequenceNumber": n + 1,
                "createdAt": created,
                "deleted": n == TREATMENTS.len() - 1,
                "operatorIds": offering,
                "price": price + 0.12,
            }));
        }
        self.ids("appointment-booking-reasons", values);
    }

    /// A fiscal code of the right shape (6 letters from the names, 2 digits, a letter, 2 digits, a letter,
    /// 3 digits, a letter), with random parts: no real person's.
    fn fiscal_code(&mut self, first: &str, last: &str) -> String {
        let consonants = |name: &str| -> String {
            let mut letters: Vec<char> =
                name.to_uppercase().chars().filter(|c| c.is_ascii_alphabetic() && !"AEIOU".contains(*c)).collect();
            letters.extend(name.to_uppercase().chars().filter(|c| "AEIOU".contains(*c)));
            letters.resize(3, 'X');
            letters.into_iter().take(3).collect()
        };
        let letter = |rng: &mut Rng| (b'A' + rng.below(26) as u8) as char;
        format!(
            "{}{}{:02}{}{:02}{}{:03}{}",
            consonants(last),
            consonants(first),
            self.rng.range(40, 99),
            letter(&mut self.rng),
            self.rng.range(1, 28),
            letter(&mut self.rng),
            self.rng.range(100, 999),
            letter(&mut self.rng),
        )
    }

    fn patients(&mut self) -> Vec<i64> {
        let mut ids = Vec::new();
        for n in 0..PATIENTS {
            let female = self.rng.chance(52);
            let first = *self.rng.pick(if female { FIRST_NAMES_F } else { FIRST_NAMES_M });
            let last = *self.rng.pick(LAST_NAMES);
            let (city, province, postcode) = *self.rng.pick(CITIES);
            let fiscal = match self.rng.below(20) {
                0 => "NON DISPONIBILE".to_owned(),
                1 => "0000000000000000".to_owned(),
                2 => String::new(),
                _ => self.fiscal_code(first, last),
            };
            let birth = match self.rng.below(25) {
                0 => Value::from("-0001-11-30"),
                1 => Value::Null,
                _ => {
                    let year = self.rng.range(1935, 2020);
                    let month = self.rng.range(1, 12);
                    let day = self.rng.range(1, 28);
                    Value::from(format!("{year}-{month:02}-{day:02}"))
                }
            };
            let email = if self.rng.chance(80) {
                Value::from(format!(
                    "{}.{}{}@example.test",
                    first.to_lowercase(),
                    last.to_lowercase().replace([' ', '\''], ""),
                    n
                ))
            } else {
                Value::from("")
            };
            let created = self.stamp_back(30, 2000);
            let modified = self.stamp_back(0, 29);
            let street = format!("{} {}", self.rng.pick(STREETS), self.rng.range(1, 120));
            let allergies = *self.rng.pick(&["", "Penicillina", "Lattice", "Nessuna"]);
            let source = *self.rng.pick(&["Passaparola", "Sito web", "Convenzione"]);
            let value = json!({
                "firstName": first,
                "lastName": last,
                "email": email,
                "emailEnabled": self.rng.chance(70),
                "emailValid": self.rng.chance(90),
                "gender": if female { "f" } else { "m" },
                "street": street,
                "city": city,
                "postcode": postcode,
                "province": province,
                "placeOfBirth": self.rng.pick(CITIES).0,
                "italianFiscalCode": fiscal,
                "job": self.rng.pick(JOBS),
                "yearlyNumberingYear": (self.today.year() - self.rng.range(0, 5) as i32).to_string(),
                "yearlyNumberingNumber": n + 1,
                "defaultDiscount": if self.rng.chance(10) { Value::from(7.5) } else { Value::Null },
                "sourceId": Value::Null,
                "priceListId": 1,
                "emailReminderPossible": self.rng.chance(70),
                "smsReminderPossible": self.rng.chance(80),
                "createdAt": created,
                "documentSignatureEmailPossible": self.rng.chance(50),
                "lastModifiedAt": modified,
                "dateBirth": birth,
                "_allergie": allergies,
                "_fonte": source,
            });
            let Some(id) = self.add("patients", value) else { return ids };
            ids.push(id);
            let phones = if self.rng.chance(85) { 1 } else { 2 };
            for phone in 0..phones {
                let number = format!("3{}{:07}", self.rng.range(20, 49), self.rng.range(0, 9_999_999));
                self.add(
                    "phone-numbers",
                    json!({
                        "patientId": id,
                        "prefix": "+39",
                        "number": number,
                        "label": if phone == 0 { "Cellulare" } else { "Casa" },
                        "smsEnabled": phone == 0,
                    }),
                );
            }
        }
        ids
    }

    fn care_plans(&mut self, patients: &[i64], operators: &[i64]) -> Vec<i64> {
        let mut values = Vec::new();
        for n in 0..60 {
            let patient = self.rng.id(patients);
            let operator = self.rng.id(operators);
            let price = (self.rng.range(1, 40) * 50) as f64;
            // A third of the plans have no codes yet: PHP writes the empty map as [].
            let scheme_codes = if n % 3 == 0 {
                json!({})
            } else {
                let tooth = self.rng.range(11, 48).to_string();
                let mut codes = serde_json::Map::new();
                codes.insert(
                    tooth,
                    json!([{"code": "OTT", "entryId": n * 10 + 1, "elementId": 1, "classes": "mesial", "done": self.rng.chance(50)}]),
                );
                codes.insert(
                    "general".to_owned(),
                    json!([{"code": "IGI", "entryId": n * 10 + 2, "elementId": 0, "classes": "", "done": true}]),
                );
                Value::Object(codes)
            };
            let accepted = self.stamp_back(10, 300);
            let created = self.stamp_back(301, 400);
            values.push(json!({
                "patientId": patient,
                "branch": "Sede principale",
                "name": format!("Piano di cura {}", n + 1),
                "state": *self.rng.pick(&["accepted", "proposed", "completed", "rejected"]),
                "dateAccepted": if self.rng.chance(70) { Value::from(accepted) } else { Value::Null },
                "operatorId": operator,
                "createdAt": created,
                "text": "",
                "background": false,
                "createdThroughAppointment": self.rng.chance(20),
                "isSigned": self.rng.chance(40),
                "discountPercentage": 0.0,
                "entriesCount": 2,
                "price": price,
                "discountedPrice": price,
                "grossPrice": price,
                "doneAmount": 0.0,
                "billedAmount": 0.0,
                "dentition": "permanent",
                "schemeCodes": scheme_codes,
            }));
        }
        self.ids("care-plans", values)
    }

    fn appointments(
        &mut self,
        patients: &[i64],
        operators: &[i64],
        chairs: &[i64],
        colors: &[i64],
        plans: &[i64],
    ) -> Vec<i64> {
        let active: Vec<i64> = operators.iter().copied().take(operators.len().saturating_sub(1)).collect();
        let mut values = Vec::new();
        for offset in -56..=42 {
            let day = self.day(offset);
            if matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
                continue;
            }
            for _ in 0..self.rng.range(2, 6) {
                let hour = *self.rng.pick(&[9, 10, 11, 12, 14, 15, 16, 17]);
                let minute = *self.rng.pick(&[0, 30]);
                let past = offset < 0;
                let state = if past {
                    Value::from(*self.rng.pick(&["done", "done", "done", "absent", "cancelled", "rescheduled"]))
                } else if self.rng.chance(20) {
                    Value::from("confirmed")
                } else {
                    Value::Null
                };
                let kind = match self.rng.below(20) {
                    0 => "telehealth",
                    1 => "videoCall",
                    _ => "inPractice",
                };
                values.push(json!({
                    "date": format!("{} {hour:02}:{minute:02}:00", day.format(DATE)),
                    "patientId": self.rng.id(patients),
                    "carePlanId": if self.rng.chance(25) { self.rng.id(plans) } else { Value::Null },
                    "emailReminder": self.rng.chance(50),
                    "smsReminder": self.rng.chance(70),
                    "description": *self.rng.pick(&["Controllo", "Igiene", "Otturazione", "Prima visita", ""]),
                    "allDay": false,
                    "type": kind,
                    "state": state,
                    "duration": *self.rng.pick(&[30, 30, 45, 60]),
                    "colorId": self.rng.id(colors),
                    "frequency": Value::Null,
                    "recurrenceCount": Value::Null,
                    "chairId": self.rng.id(chairs),
                    "operatorId": self.rng.id(&active),
                    "createdThroughBooking": self.rng.chance(15),
                    "createdThroughApi": false,
                    "firstVisit": *self.rng.pick(&["yes", "no", "no", "unknown"]),
                }));
            }
        }
        self.ids("appointments", values)
    }

    fn care_plan_entries(&mut self, plans: &[i64], appointments: &[i64]) {
        for (n, plan) in plans.iter().enumerate() {
            for step in 0..self.rng.range(1, 4) {
                let (label, price) = *self.rng.pick(TREATMENTS);
                let done = self.rng.chance(50);
                let created = self.stamp(-200);
                let done_at = self.stamp_back(1, 100);
                self.add(
                    "care-plan-entries",
                    json!({
                        "carePlanId": plan,
                        "appointmentId": appointments.get((n * 7 + step as usize) % appointments.len().max(1)),
                        "entryId": n as i64 * 10 + step,
                        "label": label,
                        "price": price,
                        "discountedPrice": price,
                        "discountPercentage": 0.0,
                        "createdAt": created,
                        "done": done,
                        "dateDone": if done { Value::from(done_at) } else { Value::Null },
                        "deleted": false,
                        "sequenceNumber": step + 1,
                        "numberOfExecutions": 1,
                        "vatPercentage": 0.0,
                    }),
                );
            }
        }
    }

    fn bills(&mut self, plans: &[i64]) -> Vec<i64> {
        let mut ids = Vec::new();
        for _ in 0..90 {
            let date = self.day_back(0, 120).format(DATE).to_string();
            let value = json!({
                "date": date,
                "type": *self.rng.pick(&["full", "full", "partial", "credit", "proforma"]),
                "direction": *self.rng.pick(&["outgoing", "outgoing", "incoming"]),
                "carePlanId": if self.rng.chance(60) { self.rng.id(plans) } else { Value::Null },
            });
            let Some(id) = self.add("bills", value) else { return ids };
            ids.push(id);
            for _ in 0..self.rng.range(0, 2) {
                self.add("liabilities", json!({"billId": id}));
            }
        }
        ids
    }

    fn transactions(&mut self, bills: &[i64], accounts: &[i64], payment_types: &[i64]) {
        let mut values = Vec::new();
        for _ in 0..140 {
            let date = self.day_back(0, 120).format(DATE).to_string();
            values.push(json!({
                "amount": (self.rng.range(20, 1500) as f64) + 0.5,
                "date": date,
                "direction": *self.rng.pick(&["incoming", "incoming", "outgoing"]),
                "billId": if self.rng.chance(70) { self.rng.id(bills) } else { Value::Null },
                "accountId": self.rng.id(accounts),
                "paymentTypeId": self.rng.id(payment_types),
                "relatedToInsurance": self.rng.chance(10),
                "sistemaTsExpenseType": *self.rng.pick(&["sp", "sp", "tk", "ad"]),
            }));
        }
        self.ids("transactions", values);
    }

    fn documents(&mut self, patients: &[i64]) {
        for (n, patient) in patients.iter().enumerate().filter(|(n, _)| n % 8 == 0) {
            let text = format!("Documento di esempio {n} (dati sintetici).\n");
            let created = self.stamp_back(1, 300);
            let kind = *self.rng.pick(&["text", "xray", "image", "identification", "other"]);
            self.add(
                "documents",
                json!({
                    "patientId": patient,
                    "name": format!("documento-{n}.txt"),
                    "type": kind,
                    "folderName": "Documenti",
                    "createdAt": created,
                    "base64Data": STANDARD.encode(text.as_bytes()),
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use alfadocs::description::API;

    use super::*;

    #[test]
    fn the_same_seed_grows_the_same_world() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let one = world(&API, 7, today);
        let again = world(&API, 7, today);
        let other = world(&API, 8, today);
        assert_eq!(one.store.counts(), again.store.counts());
        let first = |world: &World| world.store.existing("patients").and_then(|t| t.get(1)).cloned();
        assert_eq!(first(&one), first(&again));
        assert_ne!(first(&one), first(&other));
        assert!(one.store.counts().get("patients").is_some_and(|n| *n >= 300));
    }

    #[test]
    fn the_data_holds_the_placeholders_real_archives_hold() {
        let world = world(&API, 7, NaiveDate::from_ymd_opt(2026, 3, 4).unwrap());
        let patients: Vec<&Record> = world.store.existing("patients").unwrap().iter().collect();
        let has = |field: &str, value: &str| patients.iter().any(|p| p.get(field) == Some(&Value::from(value)));
        assert!(has("italianFiscalCode", "NON DISPONIBILE"));
        assert!(has("italianFiscalCode", "0000000000000000"));
        assert!(has("dateBirth", "-0001-11-30"));
        assert!(patients.iter().all(|p| p.contains_key("_allergie")));
        let plans: Vec<&Record> = world.store.existing("care-plans").unwrap().iter().collect();
        assert!(plans.iter().any(|plan| plan.get("schemeCodes") == Some(&json!({}))));
        assert!(
            plans.iter().any(|plan| plan.get("schemeCodes").and_then(Value::as_object).is_some_and(|m| !m.is_empty()))
        );
    }
}
