//! The programs `cargo xtask bench` measures, and what they share: the quirky response bodies, the hand-written
//! serde baseline, the loopback server and medians. The binary (`src/main.rs`) runs one measurement per
//! subcommand and prints its figures as one JSON object for the xtask to put in `BENCHMARKS.md`.

pub mod fixtures;
pub mod plain;
pub mod server;
pub mod stats;
