//! The Rust baseline of `bench.py`: `partner_rules::evaluate_json` (text in, text out) on the
//! request in `bench_request.json`, through an `Engine` as the Python binding calls it.
//!
//! `cargo run --release -p partner-rules-python --example json_path` prints nanoseconds per call
//! (the best of several rounds) on one line, for `bench.py` to read.

use std::hint::black_box;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/bench_request.json");
    let request = std::fs::read_to_string(path)?;
    let engine = partner_rules::Engine::default();
    engine.evaluate_json(&request)?;
    // Many short rounds, the best kept: as bench.py measures the Python side.
    let calls = 2_000u32;
    let mut best = f64::INFINITY;
    for _ in 0..300 {
        let start = Instant::now();
        for _ in 0..calls {
            black_box(engine.evaluate_json(black_box(&request))?);
        }
        best = best.min(start.elapsed().as_nanos() as f64 / f64::from(calls));
    }
    println!("{best:.0}");
    Ok(())
}
