//! `cargo xtask bench [--runs N] [--out FILE]`: measures the generator and the client against what users would
//! pick instead, and writes `BENCHMARKS.md`.
//!
//! One run measures everything, so that every ratio compares figures taken on the same machine at the same time:
//! 1. generation time of ours, progenitor and openapi-generator on the repaired document (and what the peers
//!    make of the vendor's document as published), 2. the size of what each wrote, 3. the compile time of each
//!    crate (and of the runtime beside it), then, through the `alfadocs-bench` programs, 4. request overhead,
//!    5. decode throughput, 6. peak memory of streaming, 7. the command line's CSV export and 8. the fake's
//!    serving. Tools and scratch files live under `target/bench/`; the peers are installed there on first use
//!    and reused after. Not part of CI: the figures are reported, never asserted.

mod compile;
mod files;
mod machine;
mod peers;
mod process;
mod programs;
mod report;
mod size;

use std::fs;
use std::path::PathBuf;
use std::process::{Command, ExitCode};
use std::time::Instant;

use alfadocs_codegen::Error;

use crate::repo_root;
use compile::Member;
use peers::{Generator, Verdict};
use report::{GeneratorResult, Results};

/// Options of `cargo xtask bench`.
#[derive(clap::Args)]
pub struct Args {
    /// Runs behind each median (decoding takes three times as many, being short).
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=50))]
    runs: u16,
    /// Where the report goes (default: BENCHMARKS.md at the repository root).
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
}

/// Runs every measurement and writes the report.
pub fn run(args: &Args) -> Result<ExitCode, Error> {
    let started = Instant::now();
    let root = repo_root();
    let runs = usize::from(args.runs);
    let bench = root.join("target").join("bench");
    let gen_dir = bench.join("gen");
    let spec_dir = bench.join("spec");
    for dir in [&gen_dir, &spec_dir] {
        fs::create_dir_all(dir).map_err(|error| files::io(dir, &error))?;
    }
    let started_at = machine::first_line(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]));
    let load_start = load_average();
    let facts = machine::facts(&root);

    eprintln!("bench: building xtask (release): the generator is timed as a release binary");
    let executables = process::build_executables(&root, &["--release", "--package", "xtask"])?;
    let xtask = process::executable(&executables, "xtask")?;

    // The document every generator reads: the vendor's, with our overlay and repairs, as --emit-spec writes it.
    let spec = spec_dir.join("alfadocs-openapi.repaired.json");
    let from_vendor = Generator::ours_from_vendor(&xtask);
    let mut emit = from_vendor.command(&spec, &gen_dir.join(from_vendor.slug));
    emit.arg("--emit-spec").arg(&spec);
    process::run_ok(&mut emit)?;
    let spec_command = process::show(&emit, Some(&root));

    let progenitor = peers::progenitor(&bench.join("tools"))?;
    let progenitor_builder = progenitor.variant(
        "progenitor (builder, tags)",
        "progenitor-builder",
        &["--interface", "builder", "--tags", "separate"],
    );
    let openapi_generator = peers::openapi_generator(&bench.join("venv"))?;
    let generators = [Generator::ours(&xtask), from_vendor, progenitor, progenitor_builder, openapi_generator];

    let mut results: Vec<GeneratorResult> = generators
        .iter()
        .map(|generator| GeneratorResult {
            name: generator.name,
            version: generator.version.clone(),
            install: generator.install.clone(),
            command: process::show(&generator.command(&spec, &gen_dir.join(generator.slug)), Some(&root)),
            seconds: Ok(Vec::new()),
            size: None,
            compile: None,
            vendor: Vec::new(),
        })
        .collect();

    // 1. Generation time: the generators in turn within each run, so a slow spell of the machine hits all.
    for run in 0..runs {
        for (generator, result) in generators.iter().zip(&mut results) {
            let Ok(times) = &mut result.seconds else { continue };
            let out = gen_dir.join(generator.slug);
            files::remove_dir(&out)?;
            let output = process::run(&mut generator.command(&spec, &out))?;
            if output.status.success() {
                eprintln!("bench: generate: {} run {}: {:.2} s", generator.name, run + 1, output.seconds);
                times.push(output.seconds);
            } else {
                result.seconds = Err(output.tail(3).replace('\n', " / "));
            }
        }
    }

    // 2. Size of what each wrote on its last run.
    for (generator, result) in generators.iter().zip(&mut results) {
        if result.seconds.is_ok() {
            result.size = Some(size::measure(&gen_dir.join(generator.slug))?);
        }
    }
    let same_output = files::same(&gen_dir.join(generators[0].slug), &gen_dir.join(generators[1].slug))?;

    // What each makes of the vendor's document as published, without our overlay.
    let vendor_spec = root.join(alfadocs_codegen::DEFAULT_SPEC);
    let vendor_dir = bench.join("vendor");
    for (generator, result) in generators.iter().zip(&mut results) {
        match generator.slug {
            // Ours reads the vendor's document with --no-overlay: the repair rules alone.
            "alfadocs" | "progenitor" => {
                let label = if generator.slug == "alfadocs" { "`--no-overlay`" } else { "defaults" };
                let verdict = peers::try_document(generator, &vendor_spec, &vendor_dir.join(generator.slug))?;
                result.vendor.push((label.to_owned(), verdict));
            }
            "openapi-generator" => {
                let verdict = peers::try_document(generator, &vendor_spec, &vendor_dir.join(generator.slug))?;
                let failed = !verdict.succeeded;
                result.vendor.push(("defaults".to_owned(), verdict));
                if failed {
                    // Its validator refuses the document; users then switch validation off, so see what follows.
                    let lax = generator.variant(generator.name, generator.slug, &["--skip-validate-spec"]);
                    let verdict: Verdict =
                        peers::try_document(&lax, &vendor_spec, &vendor_dir.join("openapi-generator-lax"))?;
                    result.vendor.push(("`--skip-validate-spec`".to_owned(), verdict));
                }
            }
            _ => {}
        }
    }

    // 3. Compile time of the crate we ship (the vendor-document flow's output) and of each peer's.
    let compiled: Vec<usize> = (1..generators.len()).filter(|&index| results[index].seconds.is_ok()).collect();
    let members: Vec<Member> = compiled
        .iter()
        .map(|&index| Member {
            tool: if generators[index].slug == "alfadocs-from-vendor" { "alfadocs" } else { generators[index].slug },
            source: gen_dir.join(generators[index].slug),
        })
        .collect();
    let measured = compile::measure(&root, &bench.join("compile"), &members, runs)?;
    for (index, outcome) in compiled.into_iter().zip(measured.outcomes) {
        // The shipped crate's figures stand on the first row, with the generator's "alfadocs" name.
        let row = if generators[index].slug == "alfadocs-from-vendor" { 0 } else { index };
        results[row].compile = Some(outcome);
    }

    // 4–6. The measured programs.
    let mut programs = programs::Programs::build(&root)?;
    let requests = programs.requests(runs)?;
    let decode = programs.decode(runs)?;
    let memory = programs.memory(runs)?;
    // 7–8. The command line and the fake, each against the least program that does the same.
    let export = programs.export(runs)?;
    let serving = programs.serving(runs)?;

    let findings_path = root.join("bench").join("FINDINGS.md");
    let findings = fs::read_to_string(&findings_path).ok();
    let report = Results {
        started: started_at,
        minutes: started.elapsed().as_secs_f64() / 60.0,
        machine: facts,
        load: (load_start, load_average()),
        runs,
        spec_command,
        generators: results,
        same_output,
        compile_commands: measured.commands,
        runtime_compile: measured.runtime,
        requests: requests.requests,
        appointments: requests.appointments,
        chunk: requests.chunk,
        decode,
        memory,
        export,
        serving,
        program_commands: programs.commands,
        findings,
    };
    let out = args.out.clone().unwrap_or_else(|| root.join("BENCHMARKS.md"));
    fs::write(&out, report::render(&report)).map_err(|error| files::io(&out, &error))?;
    eprintln!("bench: wrote {} ({:.1} minutes)", out.display(), started.elapsed().as_secs_f64() / 60.0);
    Ok(ExitCode::SUCCESS)
}

/// The first three fields of `/proc/loadavg`: how busy the machine was besides us.
fn load_average() -> String {
    let text = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let fields: Vec<&str> = text.split_whitespace().take(3).collect();
    if fields.is_empty() { "unknown".to_owned() } else { fields.join(", ") }
}
