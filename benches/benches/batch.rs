//! Batch jobs at a host's scale: one partner checked against a million customers with the typed
//! API (facts already loaded, as a nightly job holds them).

// Benchmark harness, not a library path: a broken fixture should stop the run loudly.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use partner_rules::{preregistration, Policy};
use partner_rules_benches::{customers, partner};

const CUSTOMERS: usize = 1_000_000;

fn preregistration_batch(c: &mut Criterion) {
    let now = partner_rules::parse_timestamp("2026-11-21T10:00:00+08:00")
        .unwrap_or_else(|e| panic!("{e}"));
    let policy = Policy::default();
    let partner = partner();
    let population = customers(CUSTOMERS, now);
    let mut group = c.benchmark_group("batch");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("typed/preregistration.check/1M_customers", |b| {
        b.iter(|| {
            for customer in black_box(&population) {
                black_box(preregistration::check(&policy, &partner, customer, now));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, preregistration_batch);
criterion_main!(benches);
