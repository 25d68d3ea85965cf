//! Batch jobs at a host's scale, with the typed API on facts already loaded (as a nightly job
//! holds them): one partner checked against a million customers, and a million consumption
//! records attributed to account managers.

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
use partner_rules::{managers, preregistration, Policy};
use partner_rules_benches::{attribution_population, customers, partner};

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

/// 1,000,000 records over 100,000 assignments (25,000 customers), both in random order.
fn attribution(c: &mut Criterion) {
    let (assignments, consumption) = attribution_population(25_000, 1_000_000);
    let mut group = c.benchmark_group("batch");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("typed/manager.attribution/1M_records", |b| {
        b.iter(|| managers::attribute(black_box(&assignments), black_box(&consumption)))
    });
    group.finish();
}

criterion_group!(benches, preregistration_batch, attribution);
criterion_main!(benches);
