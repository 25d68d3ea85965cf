//! Differential tests: the engine against the reference model (`partner_rules_conformance::
//! reference`), on requests built from random facts, at the JSON level only: the engine is
//! reached through `evaluate_json`, as any host reaches it.

// Test code: a failed expectation should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use partner_rules_conformance::reference::{self, Expected};
use proptest::prelude::*;
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

const NOW: &str = "2026-11-21T10:00:00+08:00";

fn now() -> OffsetDateTime {
    OffsetDateTime::parse(NOW, &Rfc3339).unwrap()
}

/// An instant near `now`: whole days and hours around the pre-registration, review and
/// invitation periods, exactly on them as often as not, written in one of a few offsets.
fn instant() -> impl Strategy<Value = String> {
    let days = prop_oneof![
        3 => prop::sample::select(vec![-30i64, -15, -8, -7, -1, 0, 1, 7, 8, 15]),
        1 => -400i64..400,
    ];
    let seconds = prop_oneof![3 => Just(0i64), 1 => -86_400i64..86_400];
    let offset = prop::sample::select(vec!["+08:00", "Z", "-05:00", "+05:45"]);
    (days, seconds, offset).prop_map(|(days, seconds, offset)| {
        let t = now() + Duration::days(days) + Duration::seconds(seconds);
        let offset = match offset {
            "Z" => time::UtcOffset::UTC,
            "-05:00" => time::UtcOffset::from_hms(-5, 0, 0).unwrap(),
            "+05:45" => time::UtcOffset::from_hms(5, 45, 0).unwrap(),
            _ => time::UtcOffset::from_hms(8, 0, 0).unwrap(),
        };
        t.to_offset(offset).format(&Rfc3339).unwrap()
    })
}

/// A fact that is usually absent: present with probability `p`.
fn sometimes<T: std::fmt::Debug + Clone>(
    p: f64,
    value: impl Strategy<Value = T>,
) -> impl Strategy<Value = Option<T>> {
    prop::option::weighted(p, value)
}

/// Booleans, each set with probability `p`; a false one is sometimes written out and sometimes
/// left absent, which must mean the same.
fn flags(names: &'static [&'static str], p: f64) -> impl Strategy<Value = Map<String, Value>> {
    prop::collection::vec((prop::bool::weighted(p), any::<bool>()), names.len()).prop_map(
        move |draws| {
            let mut object = Map::new();
            for (name, (set, explicit)) in names.iter().zip(draws) {
                if set || explicit {
                    object.insert((*name).to_owned(), Value::Bool(set));
                }
            }
            object
        },
    )
}

const PARTNER_FLAGS: &[&str] = &[
    "is_admin",
    "has_customer_development_permission",
    "frozen",
    "verification_code_enabled",
    "referral_restricted_by_agreement",
    "referral_restricted_by_country",
];

const CUSTOMER_FLAGS: &[&str] = &[
    "has_independent_accounting_members",
    "has_huawei_contract",
    "has_cash_expenditure",
    "followed_up_by_direct_sales",
    "online_sales_team",
    "consumer_cloud_user",
    "unified_accounting_member",
    "is_or_applying_partner",
    "special_contract",
    "internal_account",
    "has_consumption_record",
    "topup_balance_invoice_over_limit",
    "registration_over_limit",
    "overdue_payment",
    "credit_bill_run_overdue",
    "manually_frozen",
    "in_arrears",
];

fn country() -> impl Strategy<Value = Value> {
    prop::sample::select(vec!["SG", "sg", " SG ", "MY", "CN"]).prop_map(Value::from)
}

fn partner_id() -> impl Strategy<Value = Value> {
    prop::sample::select(vec!["p-1", "p-2"]).prop_map(Value::from)
}

fn partner() -> impl Strategy<Value = Value> {
    (
        flags(PARTNER_FLAGS, 0.15),
        prop::bool::weighted(0.85),
        sometimes(0.5, country()),
        sometimes(0.3, prop::sample::select(vec!["prepaid", "postpaid"])),
        sometimes(0.4, prop_oneof![95u32..105, any::<u32>()]),
    )
        .prop_map(|(mut partner, contact, country, billing, active)| {
            partner.insert("id".into(), json!("p-1"));
            partner.insert("has_reserved_contact".into(), json!(contact));
            if let Some(country) = country {
                partner.insert("registration_country".into(), country);
            }
            if let Some(billing) = billing {
                partner.insert("billing_mode".into(), json!(billing));
            }
            if let Some(active) = active {
                partner.insert("active_preregistrations".into(), json!(active));
            }
            Value::Object(partner)
        })
}

fn customer() -> impl Strategy<Value = Value> {
    (
        flags(CUSTOMER_FLAGS, 0.1),
        sometimes(0.5, country()),
        sometimes(
            0.25,
            prop::sample::select(vec!["international", "chinese_mainland"]),
        ),
        sometimes(0.3, instant()),
        sometimes(0.15, partner_id()),
        sometimes(0.3, (partner_id(), instant())),
        sometimes(
            0.4,
            prop::sample::select(vec!["individual", "enterprise_master", "enterprise_member"]),
        ),
    )
        .prop_map(
            |(mut customer, country, site, registered_at, associated, held, account)| {
                customer.insert("id".into(), json!("c-1"));
                if let Some(country) = country {
                    customer.insert("registration_country".into(), country);
                }
                if let Some(site) = site {
                    customer.insert("registered_site".into(), json!(site));
                }
                if let Some(at) = registered_at {
                    customer.insert("registered_at".into(), json!(at));
                }
                if let Some(partner) = associated {
                    customer.insert("associated_partner_id".into(), partner);
                }
                if let Some((holder, expires_at)) = held {
                    customer.insert(
                        "preregistration".into(),
                        json!({"partner_id": holder, "expires_at": expires_at}),
                    );
                }
                if let Some(account) = account {
                    customer.insert("account_type".into(), json!(account));
                }
                Value::Object(customer)
            },
        )
}

fn invitation() -> impl Strategy<Value = Option<Value>> {
    sometimes(
        0.85,
        (
            sometimes(0.5, instant()),
            prop::bool::weighted(0.1),
            prop::bool::weighted(0.1),
            prop::sample::select(vec!["email", "link", "qr_code"]),
        )
            .prop_map(|(expires_at, code_used, link_used, method)| {
                let mut invitation =
                    json!({"method": method, "code_used": code_used, "link_used": link_used});
                if let Some(at) = expires_at {
                    invitation["expires_at"] = json!(at);
                }
                invitation
            }),
    )
}

/// A policy the reference reads: absent, a preset name, or the numbers of docs/contract.md, "Pre-registration" overridden.
fn policy() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        2 => Just(None),
        1 => prop::sample::select(vec!["intl-2024", "intl-2025", "cn"]).prop_map(|p| Some(json!(p))),
        1 => (1u32..200, 0u32..30, 1u32..60).prop_map(|(max, after, validity)| Some(json!({
            "max_active_preregistrations": max,
            "registered_review_after_days": after,
            "preregistration_validity_days": validity,
        }))),
    ]
}

fn evaluate(request: &Value) -> Value {
    let text = request.to_string();
    let answer = partner_rules::evaluate_json(&text)
        .unwrap_or_else(|err| panic!("{text}\nwas refused: {err}"));
    serde_json::from_str(&answer).unwrap()
}

fn codes(answer: &Value) -> Vec<String> {
    answer["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

fn same(expected: &Expected, answer: &Value, request: &Value) {
    assert_eq!(
        (expected.outcome, expected.codes.clone()),
        (
            answer["outcome"].as_str().unwrap(),
            codes(answer).iter().map(String::as_str).collect::<Vec<_>>()
        ),
        "request: {request}"
    );
}

/// `association.check` answers with `primary` and `frozen_after`; each model of
/// `association.models` with its outcome and reasons only.
fn same_association(expected: &reference::Association, answer: &Value, request: &Value) {
    same(&expected.expected, answer, request);
    if request["op"] == "association.check" {
        assert_eq!(answer["primary"], json!(expected.primary), "{request}");
        assert_eq!(
            answer["frozen_after"],
            json!(expected.frozen_after),
            "{request}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn preregistration_check_matches_the_reference(
        partner in partner(),
        customer in sometimes(0.9, customer()),
        policy in policy(),
    ) {
        let mut request = json!({"op": "preregistration.check", "now": NOW, "partner": partner});
        if let Some(customer) = customer {
            request["customer"] = customer;
        }
        if let Some(policy) = policy {
            request["policy"] = policy;
        }
        let answer = evaluate(&request);
        let expected = reference::preregistration_check(&request).unwrap();
        same(&expected, &answer, &request);
        if expected.outcome == "allowed" {
            let expires_at = OffsetDateTime::parse(answer["expires_at"].as_str().unwrap(), &Rfc3339).unwrap();
            prop_assert_eq!(Some(expires_at), reference::preregistration_expiry(&request));
        }
    }

    #[test]
    fn association_check_matches_the_reference(
        partner in partner(),
        customer in sometimes(0.9, customer()),
        invitation in invitation(),
        reseller in any::<bool>(),
    ) {
        let model = if reseller { "reseller" } else { "referral" };
        let mut request = json!({"op": "association.check", "now": NOW, "partner": partner, "model": model});
        if let Some(customer) = customer {
            request["customer"] = customer;
        }
        if let Some(invitation) = invitation {
            request["invitation"] = invitation;
        }
        let answer = evaluate(&request);
        same_association(&reference::association_check(&request).unwrap(), &answer, &request);
    }

    #[test]
    fn association_models_matches_the_reference(
        partner in partner(),
        customer in sometimes(0.9, customer()),
        invitation in invitation(),
    ) {
        let mut request = json!({"op": "association.models", "now": NOW, "partner": partner});
        if let Some(customer) = customer {
            request["customer"] = customer;
        }
        if let Some(invitation) = invitation {
            request["invitation"] = invitation;
        }
        let answer = evaluate(&request);
        let (reseller, referral, recommended) = reference::association_models(&request).unwrap();
        same_association(&reseller, &answer["reseller"], &request);
        same_association(&referral, &answer["referral"], &request);
        prop_assert_eq!(&answer["recommended"], &json!(recommended), "{}", request);
    }
}

/// The random facts reach every outcome and most reasons: otherwise the comparison above would
/// prove little.
#[test]
fn the_random_facts_cover_the_rules() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeSet;

    let mut runner = TestRunner::deterministic();
    let mut seen = BTreeSet::new();
    let strategy = (partner(), customer(), invitation(), any::<bool>());
    for _ in 0..3000 {
        let (partner, customer, invitation, reseller) =
            strategy.new_tree(&mut runner).unwrap().current();
        let request = json!({"now": NOW, "partner": partner, "customer": customer,
            "invitation": invitation, "model": if reseller { "reseller" } else { "referral" }});
        let prereg = reference::preregistration_check(&request).unwrap();
        seen.insert(prereg.outcome);
        seen.extend(prereg.codes);
        let association = reference::association_check(&request).unwrap();
        seen.insert(association.expected.outcome);
        seen.extend(association.expected.codes);
    }
    for code in [
        "allowed",
        "manual_review",
        "blocked",
        "associable",
        "failed",
        "customer_already_preregistered",
        "customer_preregistered_by_other_partner",
        "customer_registered",
        "customer_registered_followed_up",
        "customer_cash_expenditure_followed_up",
        "registration_country_differs",
        "preregistration_quota_reached",
        "invitation_link_not_found",
        "invitation_link_expired",
        "prepaid_partner_reseller_model",
        "customer_registered_by_another_partner",
        "customer_associated_with_another_partner",
        "reseller_enterprise_member_account",
        "referral_restricted_by_country",
        "reseller_credit_bill_run_overdue",
    ] {
        assert!(seen.contains(code), "never produced {code}");
    }
}
