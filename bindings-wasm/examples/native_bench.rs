//! The native side of `bench.mjs`: microseconds per pre-registration check through the Rust
//! JSON path (`evaluate_json`, text in and out), on the same request the Node benchmark uses.
//! Run with `cargo run --release -p partner-rules-wasm --features fast-path --example native_bench`
//! (the fast path the Node module is built with; without it the core reads every request with
//! paths tracked, as the web module does).

use std::time::Instant;

const REQUEST: &str = include_str!("../bench/preregistration_check.json");
const BATCH: u32 = 2_000;
const BATCHES: usize = 15;

fn main() -> Result<(), partner_rules::Error> {
    // The answer is checked once so that the loop measures a real decision.
    let first = partner_rules::evaluate_json(REQUEST)?;
    println!("response: {first}");
    for _ in 0..BATCH {
        std::hint::black_box(partner_rules::evaluate_json(std::hint::black_box(REQUEST))?);
    }
    let mut per_call = Vec::with_capacity(BATCHES);
    for _ in 0..BATCHES {
        let start = Instant::now();
        for _ in 0..BATCH {
            std::hint::black_box(partner_rules::evaluate_json(std::hint::black_box(REQUEST))?);
        }
        per_call.push(start.elapsed().as_secs_f64() * 1e6 / f64::from(BATCH));
    }
    per_call.sort_by(f64::total_cmp);
    let median = per_call.get(BATCHES / 2).copied().unwrap_or(f64::NAN);
    println!("native evaluate_json: {median:.2} µs per pre-registration check (median of {BATCHES} batches of {BATCH})");
    Ok(())
}
