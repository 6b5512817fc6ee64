//! Load: 16 clients at once doing mixed reads and writes for a bounded number of rounds lose no write and
//! get no 5xx. (Nothing here is timed: the bound is the work, not the clock.)

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use alfadocs::models::{CreatePatientBody, CreatePatientPhoneNumberBody, UpdatePatientBody};
use alfadocs_fake::FakeAlfaDocs;

const CLIENTS: usize = 16;
const ROUNDS: usize = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_clients_lose_no_write() {
    let fake = FakeAlfaDocs::start().await.unwrap();
    let seeded = fake.counts().get("patients").copied().unwrap_or_default();
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let archive = fake.archive().unwrap();
        tasks.push(tokio::spawn(async move {
            let mut mine = Vec::new();
            for round in 0..ROUNDS {
                let name = format!("Carico{client}x{round}");
                let patients = archive.patients();
                let id = patients
                    .create_patient(CreatePatientBody::new(name.clone(), "Test"))
                    .send()
                    .await?
                    .id
                    .unwrap_or_default();
                let mut phone = CreatePatientPhoneNumberBody::default();
                phone.number = Some(format!("34{client:02}{round:06}"));
                archive.phone_numbers().create_patient_phone_number(id, phone).send().await?;
                let mut change = UpdatePatientBody::new(name.clone(), "Test");
                change.city = Some(format!("Città {client}"));
                patients.update_patient(id, change).send().await?;
                patients.get_patients().offset((round * 25) as i64).limit(25).send().await?;
                archive.chairs().get_chairs().send().await?;
                patients.get_patient(1 + (client * ROUNDS + round) as i64 % 300).send().await?;
                mine.push((id, name, client));
            }
            Ok::<_, alfadocs::Error>(mine)
        }));
    }
    let mut created = Vec::new();
    for task in tasks {
        created.extend(task.await.unwrap().unwrap());
    }
    assert_eq!(created.len(), CLIENTS * ROUNDS);
    let ids: std::collections::BTreeSet<i64> = created.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(ids.len(), created.len(), "every create got its own id");
    assert_eq!(fake.counts().get("patients").copied(), Some(seeded + created.len()));
    let archive = fake.archive().unwrap();
    for (id, name, client) in &created {
        let patient = archive.patients().get_patient(*id).send().await.unwrap();
        assert_eq!(patient.first_name.as_deref(), Some(name.as_str()));
        assert_eq!(patient.city, Some(format!("Città {client}")));
        assert_eq!(patient.phone_numbers.map(|phones| phones.len()), Some(1));
    }
    let journal = fake.journal();
    assert!(journal.len() >= CLIENTS * ROUNDS * 6);
    assert!(journal.iter().all(|entry| entry.status < 500), "a 5xx under load");
}
