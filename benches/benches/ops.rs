//! Every op, through the typed API and through `evaluate_json`, on the shared fixtures.
//!
//! `typed/<op>/<case>` times the rule itself on facts already in their typed form;
//! `json/<op>/<case>` times the whole JSON contract (parsing, RFC 3339 timestamps, the rule, and
//! the answer with every reason's en/zh text written out); `baseline/...` times only parsing
//! the request into a `serde_json::Value` and writing the answer back out, the floor any JSON
//! API pays; `lookup/...` times failure-cause look-up by message text.

// Benchmark harness, not a library path: a broken fixture should stop the run loudly.
#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used
)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use partner_rules::disassociation::{self, Action, RequestStatus};
use partner_rules::facts::{HistoryEntry, Initiator, InvitationMethod, Model};
use partner_rules::managers::{self, Assignment, Consumption};
use partner_rules::masking::Fields;
use partner_rules::verification::{self, Api, Requested};
use partner_rules::{
    association, budget, error_codes, freezing, funds, invitation, preregistration, remitters,
    Cause, Customer, Engine, Invitation, Partner, Policy,
};
use partner_rules_benches::{fixture, fixtures, Fixture};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// The fixture named `name`, with typed access to its fields.
fn load(name: &str) -> Fixture {
    fixture(name).unwrap()
}

fn field<T: DeserializeOwned>(f: &Fixture, name: &str) -> T {
    f.field(name).unwrap()
}

/// `(id, status)` items of a batch fixture.
fn items<S: DeserializeOwned>(f: &Fixture, list: &str) -> Vec<(String, S)> {
    f.request[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["id"].as_str().unwrap().to_owned(),
                serde_json::from_value(item["status"].clone()).unwrap(),
            )
        })
        .collect()
}

fn typed_preregistration(c: &mut Criterion, policy: &Policy) {
    for case in ["allowed", "manual_review", "all_reasons"] {
        let f = load(&format!("preregistration.check/{case}"));
        let partner: Partner = field(&f, "partner");
        let customer: Customer = field(&f, "customer");
        let now = f.instant("now").unwrap();
        c.bench_function(&format!("typed/{}", f.name), |b| {
            b.iter(|| {
                preregistration::check(policy, black_box(&partner), black_box(&customer), now)
            })
        });
    }

    let f = load("preregistration.delete/10_items");
    let batch: Vec<(String, preregistration::Status)> = items(&f, "items");
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            black_box(&batch)
                .iter()
                .map(|(id, status)| (id.as_str(), preregistration::delete_refusal(*status)))
                .collect::<Vec<_>>()
        })
    });

    let f = load("preregistration.review_due");
    let submitted_at = f.instant("submitted_at").unwrap();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| preregistration::review_due(policy, black_box(submitted_at)))
    });

    let f = load("preregistration.approve");
    let now = f.instant("now").unwrap();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| preregistration::expires_at(policy, black_box(now)))
    });
}

fn typed_invitation(c: &mut Criterion, policy: &Policy) {
    for case in ["email_allowed", "all_reasons"] {
        let f = load(&format!("invitation.send/{case}"));
        let partner: Partner = field(&f, "partner");
        let customer: Customer = field(&f, "customer");
        let method: InvitationMethod = field(&f, "method");
        let now = f.instant("now").unwrap();
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

    let f = load("invitation.resend/10_items");
    let now = f.instant("now").unwrap();
    let batch: Vec<(String, invitation::Status, Option<time::OffsetDateTime>)> = f.request["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| {
            (
                item["id"].as_str().unwrap().to_owned(),
                serde_json::from_value(item["status"].clone()).unwrap(),
                item["expires_at"]
                    .as_str()
                    .map(|t| partner_rules::parse_timestamp(t).unwrap()),
            )
        })
        .collect();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            black_box(&batch)
                .iter()
                .map(|(id, status, expires_at)| {
                    let refusal = invitation::resend_refusal(*status, *expires_at, Some(now));
                    (id.as_str(), refusal)
                })
                .collect::<Vec<_>>()
        })
    });

    let f = load("invitation.accept/10_items");
    let batch: Vec<(String, invitation::Status)> = items(&f, "items");
    let accepted = f.request["accepted_id"].as_str().unwrap().to_owned();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            let pairs: Vec<(&str, invitation::Status)> = black_box(&batch)
                .iter()
                .map(|(id, status)| (id.as_str(), *status))
                .collect();
            invitation::accept(&pairs, &accepted).map(|others| others.len())
        })
    });
}

fn typed_association(c: &mut Criterion, policy: &Policy) {
    for case in ["associable", "all_causes"] {
        let f = load(&format!("association.check/{case}"));
        let partner: Partner = field(&f, "partner");
        let customer: Customer = field(&f, "customer");
        let model: Model = field(&f, "model");
        let invitation: Option<Invitation> = field(&f, "invitation");
        let now = f.instant("now").unwrap();
        c.bench_function(&format!("typed/{}", f.name), |b| {
            b.iter(|| {
                association::check(
                    policy,
                    black_box(&partner),
                    black_box(&customer),
                    model,
                    invitation.as_ref(),
                    now,
                )
            })
        });
    }

    let f = load("association.models");
    let partner: Partner = field(&f, "partner");
    let customer: Customer = field(&f, "customer");
    let invitation: Option<Invitation> = field(&f, "invitation");
    let now = f.instant("now").unwrap();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            association::models(
                policy,
                black_box(&partner),
                black_box(&customer),
                invitation.as_ref(),
                now,
            )
        })
    });

    let f = load("failure_cause.lookup/by_code");
    let code = f.request["code"].as_str().unwrap().to_owned();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| Cause::from_code(black_box(&code)))
    });
    let f = load("failure_cause.lookup/by_message");
    let message = f.request["message"].as_str().unwrap().to_owned();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| Cause::from_message(black_box(&message)))
    });
    c.bench_function("typed/failure_cause.catalog", |b| {
        b.iter(|| {
            black_box(Cause::ALL)
                .iter()
                .map(|cause| (cause.code(), cause.message(), cause.suggested_operation()))
                .collect::<Vec<_>>()
        })
    });

    let f = load("association_type.switch");
    let switch_policy = Policy::from_value(&f.request["policy"]).unwrap();
    let partner: Partner = field(&f, "partner");
    let customer: Customer = field(&f, "customer");
    let to: Model = field(&f, "to");
    let history: Vec<HistoryEntry> = field(&f, "history");
    let now = f.instant("now").unwrap();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            association::switch(
                &switch_policy,
                black_box(&partner),
                black_box(&customer),
                to,
                &history,
                now,
            )
        })
    });
}

fn typed_relationship(c: &mut Criterion, policy: &Policy) {
    let f = load("disassociation.check/all_reasons");
    let initiator: Initiator = field(&f, "initiator");
    let partner: Partner = field(&f, "partner");
    let customer: Customer = field(&f, "customer");
    let history: Vec<HistoryEntry> = field(&f, "history");
    let now = f.instant("now").unwrap();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            disassociation::check(
                policy,
                initiator,
                black_box(&partner),
                black_box(&customer),
                false,
                &history,
                now,
            )
        })
    });

    let f = load("disassociation.respond");
    let partner: Partner = field(&f, "partner");
    let status: RequestStatus =
        serde_json::from_value(f.request["request"]["status"].clone()).expect("a request status");
    let action: Action = field(&f, "action");
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| disassociation::respond(black_box(&partner), status, action, false))
    });

    let f = load("manager.attribution/100_records");
    let assignments: Vec<Assignment> = field(&f, "assignments");
    let consumption: Vec<Consumption> = field(&f, "consumption");
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| managers::attribute(black_box(&assignments), black_box(&consumption)))
    });

    let f = load("export.mask/10_records");
    let records: Vec<Map<String, Value>> = field(&f, "records");
    let fields = Fields::default();
    // The typed API masks texts; the record walk is the JSON layer's, done here the same way.
    let kinds = fields.kinds().unwrap();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| {
            let mut copy = black_box(&records).clone();
            for record in &mut copy {
                for (key, value) in record.iter_mut() {
                    if let (Some(kind), Value::String(text)) =
                        (kinds.get(key.as_str()), &mut *value)
                    {
                        *text = kind.mask(policy, text);
                    }
                }
            }
            copy
        })
    });

    let f = load("verification_code.timeout");
    let requested = f.request["timeout_minutes"]
        .as_i64()
        .map_or(Requested::Absent, Requested::Minutes);
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| verification::effective_timeout(policy, Api::Legacy, black_box(requested)))
    });
    let f = load("verification_code.check_mobile");
    let mobile = f.request["mobile"].as_str().unwrap().to_owned();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| verification::check_mobile(policy, black_box(&mobile)))
    });
    let f = load("error_code.lookup");
    let code = f.request["code"].as_str().unwrap().to_owned();
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| error_codes::lookup(black_box(&code)))
    });
    for name in ["funds.recover/10_items", "funds.recover/10_amounts"] {
        let f = load(name);
        let customers: Vec<funds::Selection> = field(&f, "customers");
        let partner: Option<Partner> = field(&f, "partner");
        let verified = f.field("verification_code_verified").unwrap_or(false);
        c.bench_function(&format!("typed/{}", f.name), |b| {
            b.iter(|| funds::recover(partner.as_ref(), verified, black_box(&customers)))
        });
    }
    let f = load("remitter.check");
    let active: u32 = field(&f, "active_remitter_names");
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| remitters::check(policy, black_box(active)))
    });
}

fn typed_account(c: &mut Criterion, policy: &Policy) {
    let f = load("customer.freeze/10_items");
    let partner: Partner = field(&f, "partner");
    let customers: Vec<Customer> = field(&f, "customers");
    let reason: String = field(&f, "reason");
    let now = f.instant("now").unwrap();
    let request = freezing::Freeze {
        freeze_type: field(&f, "freeze_type"),
        reason: Some(&reason),
        verification_code_verified: field(&f, "verification_code_verified"),
    };
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| freezing::freeze(policy, &partner, black_box(&customers), request, now))
    });
    let f = load("customer.unfreeze/10_items");
    let partner: Partner = field(&f, "partner");
    let customers: Vec<Customer> = field(&f, "customers");
    let now = f.instant("now").unwrap();
    let request = freezing::Unfreeze {
        unfreeze_type: field(&f, "unfreeze_type"),
        verification_code_verified: false,
    };
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| freezing::unfreeze(policy, &partner, black_box(&customers), request, now))
    });
    let f = load("budget.set/monthly_unfreeze");
    let partner: Partner = field(&f, "partner");
    let customer: Customer = field(&f, "customer");
    let now = f.instant("now").unwrap();
    let request = budget::Budget {
        amount_minor: field(&f, "amount_minor"),
        budget_type: field(&f, "budget_type"),
        cancel_partner_frozen: field(&f, "cancel_partner_frozen"),
    };
    c.bench_function(&format!("typed/{}", f.name), |b| {
        b.iter(|| budget::set(policy, &partner, black_box(&customer), request, now))
    });
}

fn typed(c: &mut Criterion) {
    let policy = Policy::default();
    typed_preregistration(c, &policy);
    typed_invitation(c, &policy);
    typed_association(c, &policy);
    typed_relationship(c, &policy);
    typed_account(c, &policy);
}

fn json(c: &mut Criterion) {
    let engine = Engine::default();
    for f in fixtures().unwrap() {
        let text = f.text();
        c.bench_function(&format!("json/{}", f.name), |b| {
            b.iter(|| engine.evaluate_json(black_box(&text)))
        });
    }
    // Where `op` is not the first key the engine reads the text once more to find it.
    let f = load("preregistration.check/all_reasons");
    let text = f.text_op_last();
    c.bench_function(&format!("json/{}/op_last", f.name), |b| {
        b.iter(|| engine.evaluate_json(black_box(&text)))
    });
    // The already-parsed entry point, as a binding holding a `Value` calls it.
    let request = f.request.clone();
    c.bench_function(&format!("json_value/{}", f.name), |b| {
        b.iter(|| engine.evaluate(black_box(&request)))
    });
}

fn baseline(c: &mut Criterion) {
    let f = load("preregistration.check/all_reasons");
    let text = f.text();
    let answer: Value =
        serde_json::from_str(&partner_rules::evaluate_json(&text).unwrap()).unwrap();
    c.bench_function(&format!("baseline/serde_json_round_trip/{}", f.name), |b| {
        b.iter(|| {
            let request: Value = serde_json::from_str(black_box(&text)).unwrap();
            black_box(request);
            serde_json::to_string(black_box(&answer)).unwrap()
        })
    });
}

/// Failure-cause look-up by message text: what a host does with the message the platform
/// showed. Every catalog text, varied, and texts that match nothing.
fn lookup(c: &mut Criterion) {
    let platform = Cause::ReferralRestrictedByCountry.platform_message_en();
    let cases = [
        ("platform_en_exact", platform.to_owned()),
        (
            "platform_en_copied",
            format!("  {}  ", platform.to_uppercase().replace(". ", ".  ")),
        ),
        (
            "explanation_zh",
            Cause::CustomerOverduePayment.message().zh.to_owned(),
        ),
        ("miss_short", "Something else went wrong.".to_owned()),
        ("miss_long", "x".repeat(4096)),
    ];
    for (name, text) in cases {
        c.bench_function(&format!("lookup/failure_cause_by_text/{name}"), |b| {
            b.iter(|| Cause::from_message(black_box(&text)))
        });
    }
}

criterion_group!(benches, typed, json, baseline, lookup);
criterion_main!(benches);
