//! Every op, through the typed API and through `evaluate_json`, on the shared fixtures.
//!
//! `typed/<op>/<case>` times the rule itself on facts already in their typed form;
//! `json/<op>/<case>` times the whole JSON contract (parsing, RFC 3339 timestamps, the rule, and
//! the answer with every reason's en/zh text written out); `baseline/...` times only parsing
//! the request into a `serde_json::Value` and writing the answer back out, the floor any JSON
//! API pays.

// Benchmark harness, not a library path: a broken fixture should stop the run loudly.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use partner_rules::facts::InvitationMethod;
use partner_rules::{invitation, preregistration, Customer, Engine, Partner, Policy};
use partner_rules_benches::{fixture, fixtures, Fixture};
use serde::Deserialize;
use serde_json::Value;

fn must<T>(result: Result<T, String>) -> T {
    result.unwrap_or_else(|e| panic!("benchmark fixture: {e}"))
}

fn typed_preregistration(c: &mut Criterion, policy: &Policy) {
    for case in ["allowed", "manual_review", "all_reasons"] {
        let f = must(fixture(&format!("preregistration.check/{case}")));
        let partner: Partner = must(f.field("partner"));
        let customer: Customer = must(f.field("customer"));
        let now = must(f.instant("now"));
        c.bench_function(&format!("typed/{}", f.name), |b| {
            b.iter(|| {
                preregistration::check(policy, black_box(&partner), black_box(&customer), now)
            })
        });
    }

    #[derive(Deserialize)]
    struct DeleteItem {
        id: String,
        status: preregistration::Status,
    }
    let f = must(fixture("preregistration.delete/10_items"));
    let items: Vec<DeleteItem> = must(f.field("items"));
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            black_box(&items)
                .iter()
                .map(|item| {
                    (
                        item.id.as_str(),
                        preregistration::delete_refusal(item.status),
                    )
                })
                .collect::<Vec<_>>()
        })
    });

    let f = must(fixture("preregistration.review_due"));
    let submitted_at = must(f.instant("submitted_at"));
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| preregistration::review_due(policy, black_box(submitted_at)))
    });
}

fn typed_invitation(c: &mut Criterion, policy: &Policy) {
    for case in ["email_allowed", "all_reasons"] {
        let f = must(fixture(&format!("invitation.send/{case}")));
        let partner: Partner = must(f.field("partner"));
        let customer: Customer = must(f.field("customer"));
        let method: InvitationMethod = must(f.field("method"));
        let now = must(f.instant("now"));
        c.bench_function(&format!("typed/{}", f.name), |b| {
            b.iter(|| {
                invitation::send(
                    policy,
                    black_box(&partner),
                    black_box(&customer),
                    method,
                    None,
                    now,
                )
            })
        });
    }

    let f = must(fixture("invitation.resend/10_items"));
    let now = must(f.instant("now"));
    let items: Vec<(String, invitation::Status, Option<time::OffsetDateTime>)> = f.request["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| {
                    let status = must(
                        serde_json::from_value(item["status"].clone()).map_err(|e| e.to_string()),
                    );
                    let expires_at = item["expires_at"]
                        .as_str()
                        .map(|t| must(partner_rules::parse_timestamp(t)));
                    (
                        item["id"].as_str().unwrap_or_default().to_owned(),
                        status,
                        expires_at,
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            black_box(&items)
                .iter()
                .map(|(id, status, expires_at)| {
                    (
                        id.as_str(),
                        invitation::resend_refusal(*status, *expires_at, now),
                    )
                })
                .collect::<Vec<_>>()
        })
    });
}

fn typed(c: &mut Criterion) {
    let policy = Policy::default();
    typed_preregistration(c, &policy);
    typed_invitation(c, &policy);
}

fn json(c: &mut Criterion) {
    let engine = Engine::default();
    for f in must(fixtures()) {
        let text = f.text();
        c.bench_function(&format!("json/{}", f.name), |b| {
            b.iter(|| engine.evaluate_json(black_box(&text)))
        });
    }
}

fn baseline(c: &mut Criterion) {
    let f: Fixture = must(fixture("preregistration.check/all_reasons"));
    let text = f.text();
    let answer: Value = must(
        partner_rules::evaluate_json(&text)
            .map_err(|e| e.to_string())
            .and_then(|a| serde_json::from_str(&a).map_err(|e| e.to_string())),
    );
    c.bench_function(&format!("baseline/serde_json_round_trip/{}", f.name), |b| {
        b.iter(|| {
            let request: Value = serde_json::from_str(black_box(&text)).unwrap_or_default();
            black_box(request);
            serde_json::to_string(black_box(&answer)).unwrap_or_default()
        })
    });
}

criterion_group!(benches, typed, json, baseline);
criterion_main!(benches);
