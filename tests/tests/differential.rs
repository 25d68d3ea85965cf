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

/// A partner as the ops after association read it.
fn account_partner() -> impl Strategy<Value = Value> {
    (
        flags(
            &[
                "frozen",
                "verification_code_enabled",
                "resource_freeze_authorized",
            ],
            0.3,
        ),
        sometimes(
            0.6,
            prop::sample::select(vec!["direct", "distributor", "reseller"]),
        ),
        sometimes(
            0.5,
            prop_oneof![Just(Value::Null), (-10i64..300_000).prop_map(Value::from)],
        ),
    )
        .prop_map(|(mut partner, tier, quota)| {
            partner.insert("id".into(), json!("p-1"));
            if let Some(tier) = tier {
                partner.insert("tier".into(), json!(tier));
            }
            if let Some(quota) = quota {
                partner.insert("budget_quota_minor".into(), quota);
            }
            Value::Object(partner)
        })
}

/// A customer as the ops after association read it: its model, how it is frozen and since when
/// (around the 15-day release, exactly on it as often as not).
fn account_customer() -> impl Strategy<Value = Value> {
    let frozen_at = prop_oneof![
        2 => prop::sample::select(vec![-16i64, -15, -14, 0]).prop_map(|days| now() + Duration::days(days)),
        1 => (-20 * 86_400i64..86_400).prop_map(|s| now() + Duration::seconds(s)),
    ]
    .prop_map(|t| t.format(&Rfc3339).unwrap());
    (
        0u32..1000,
        sometimes(
            0.85,
            prop::sample::select(vec!["reseller", "reseller", "referral"]),
        ),
        sometimes(
            0.6,
            prop::sample::select(vec!["account", "account_and_resource"]),
        ),
        sometimes(0.7, frozen_at),
    )
        .prop_map(|(id, model, frozen, at)| {
            let mut customer = json!({"id": format!("c-{id}")});
            if let Some(model) = model {
                customer["current_model"] = json!(model);
            }
            if let Some(frozen) = frozen {
                customer["frozen"] = json!(frozen);
            }
            if let Some(at) = at {
                customer["frozen_at"] = json!(at);
            }
            customer
        })
}

/// A freeze reason: absent, blank, or of a length around the limit, in ASCII or Chinese.
fn freeze_reason() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        1 => Just(None),
        1 => prop::sample::select(vec!["", "  ", "\u{3000}\t"]).prop_map(|r| Some(json!(r))),
        4 => (prop::sample::select(vec![1usize, 100, 255, 256, 257, 300]), any::<bool>())
            .prop_map(|(n, chinese)| Some(json!(if chinese { "冻".repeat(n) } else { "x".repeat(n) }))),
    ]
}

/// A policy for these ops: absent, a preset, or their numbers overridden.
fn account_policy() -> impl Strategy<Value = Option<Value>> {
    prop_oneof![
        2 => Just(None),
        1 => prop::sample::select(vec!["intl-2024", "intl-2025", "cn"]).prop_map(|p| Some(json!(p))),
        1 => (1u32..12, 1u32..300, 1u32..30, 1i64..300_000, prop::sample::select(vec!["+08:00", "-05:00", "+05:45", "+00:00"]))
            .prop_map(|(max, chars, days, budget, offset)| Some(json!({
                "max_customers_per_freeze": max,
                "freeze_reason_max_chars": chars,
                "resource_release_days": days,
                "budget_max_minor": budget,
                "budget_alert_percents": [10, 50, 99],
                "max_active_remitter_names": max,
                "calendar": {"utc_offset": offset},
            }))),
    ]
}

fn with_policy(mut request: Value, policy: Option<Value>) -> Value {
    if let Some(policy) = policy {
        request["policy"] = policy;
    }
    request
}

fn same_items(expected: &[reference::Item], answer: &Value, request: &Value) {
    let results = answer["results"].as_array().unwrap();
    assert_eq!(results.len(), expected.len(), "{request}");
    for (item, result) in expected.iter().zip(results) {
        same(&item.expected, result, request);
        if let Some(release_at) = result.get("release_at") {
            let answered = release_at
                .as_str()
                .map(|t| OffsetDateTime::parse(t, &Rfc3339).unwrap());
            assert_eq!(answered, item.release_at, "{request}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn customer_freeze_matches_the_reference(
        partner in account_partner(),
        customers in prop::collection::vec(account_customer(), 0..13),
        freeze_type in sometimes(0.8, prop::sample::select(vec!["account", "account_and_resource"])),
        reason in freeze_reason(),
        verified in any::<bool>(),
        policy in account_policy(),
    ) {
        let mut request = json!({"op": "customer.freeze", "now": NOW, "partner": partner,
            "customers": customers, "verification_code_verified": verified});
        if let Some(freeze_type) = freeze_type {
            request["freeze_type"] = json!(freeze_type);
        }
        if let Some(reason) = reason {
            request["reason"] = reason;
        }
        let request = with_policy(request, policy);
        let answer = evaluate(&request);
        same_items(&reference::customer_freeze(&request).unwrap(), &answer, &request);
    }

    #[test]
    fn customer_unfreeze_matches_the_reference(
        partner in account_partner(),
        customers in prop::collection::vec(account_customer(), 0..13),
        unfreeze_type in prop::sample::select(vec!["account", "account_and_resource"]),
        verified in any::<bool>(),
        policy in account_policy(),
    ) {
        let request = json!({"op": "customer.unfreeze", "now": NOW, "partner": partner,
            "customers": customers, "unfreeze_type": unfreeze_type,
            "verification_code_verified": verified});
        let request = with_policy(request, policy);
        let answer = evaluate(&request);
        same_items(&reference::customer_unfreeze(&request).unwrap(), &answer, &request);
    }

    #[test]
    fn budget_set_matches_the_reference(
        partner in account_partner(),
        customer in account_customer(),
        amount in prop_oneof![
            2 => prop::sample::select(vec![-1i64, 0, 1, 333, 100_000, 214_748_364_700, 214_748_364_701]),
            1 => any::<i64>(),
            1 => -10i64..400_000,
        ],
        budget_type in sometimes(0.7, prop::sample::select(vec!["monthly", "package"])),
        cancel in any::<bool>(),
        now in instant(),
        policy in account_policy(),
    ) {
        let mut request = json!({"op": "budget.set", "now": now, "partner": partner,
            "customer": customer, "amount_minor": amount, "cancel_partner_frozen": cancel});
        if let Some(budget_type) = budget_type {
            request["budget_type"] = json!(budget_type);
        }
        let request = with_policy(request, policy);
        let answer = evaluate(&request);
        let expected = reference::budget_set(&request).unwrap();
        same(&expected.expected, &answer, &request);
        let resets_at = answer["resets_at"]
            .as_str()
            .map(|t| OffsetDateTime::parse(t, &Rfc3339).unwrap());
        prop_assert_eq!(resets_at, expected.resets_at, "{}", request);
        prop_assert_eq!(&answer["alerts_minor"], &json!(expected.alerts_minor), "{}", request);
        prop_assert_eq!(&answer["unfreezes"], &json!(expected.unfreezes), "{}", request);
    }

    #[test]
    fn funds_recover_matches_the_reference(
        partner in sometimes(0.7, account_partner()),
        customers in prop::collection::vec(
            (prop_oneof![Just(0i64), Just(1), -100i64..100_000, any::<i64>()],
             sometimes(0.7, prop_oneof![Just(0i64), -100i64..100_000, any::<i64>()])),
            0..12,
        ),
        verified in any::<bool>(),
    ) {
        let customers: Vec<Value> = customers.into_iter().enumerate().map(|(i, (quota, amount))| {
            let mut customer = json!({"id": format!("c-{i}"), "available_quota_minor": quota});
            if let Some(amount) = amount {
                customer["amount_minor"] = json!(amount);
            }
            customer
        }).collect();
        let mut request = json!({"op": "funds.recover", "customers": customers,
            "verification_code_verified": verified});
        if let Some(partner) = partner {
            request["partner"] = partner;
        }
        let answer = evaluate(&request);
        same_items(&reference::funds_recover(&request).unwrap(), &answer, &request);
    }

    #[test]
    fn remitter_check_matches_the_reference(
        active in prop_oneof![0u32..12, any::<u32>()],
        action in prop::sample::select(vec!["add", "update"]),
        policy in account_policy(),
    ) {
        let request = with_policy(
            json!({"op": "remitter.check", "active_remitter_names": active, "action": action}),
            policy,
        );
        let answer = evaluate(&request);
        same(&reference::remitter_check(&request).unwrap(), &answer, &request);
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

/// The random requests of the ops after association reach every one of their reasons.
#[test]
fn the_random_requests_after_association_cover_their_rules() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    use std::collections::BTreeSet;

    let mut runner = TestRunner::deterministic();
    let mut seen = BTreeSet::new();
    let strategy = (
        account_partner(),
        prop::collection::vec(account_customer(), 0..13),
        freeze_reason(),
        prop::sample::select(vec!["account", "account_and_resource"]),
        -10i64..400_000,
        account_policy(),
    );
    for _ in 0..3000 {
        let (partner, customers, reason, kind, amount, policy) =
            strategy.new_tree(&mut runner).unwrap().current();
        let request = with_policy(
            json!({"now": NOW, "partner": partner, "customers": customers, "reason": reason,
                "freeze_type": kind, "unfreeze_type": kind, "customer": customers.first(),
                "amount_minor": amount}),
            policy,
        );
        for item in reference::customer_freeze(&request).unwrap() {
            seen.extend(item.expected.codes);
        }
        for item in reference::customer_unfreeze(&request).unwrap() {
            seen.extend(item.expected.codes);
        }
        seen.extend(reference::budget_set(&request).unwrap().expected.codes);
    }
    for code in [
        "too_many_customers",
        "freeze_reason_required",
        "freeze_reason_too_long",
        "resource_freeze_not_authorized",
        "verification_code_required",
        "customer_not_resale",
        "customer_already_frozen",
        "partner_frozen_cannot_unfreeze_resources",
        "customer_not_frozen",
        "unfreeze_type_mismatch",
        "resources_released",
        "budget_amount_out_of_range",
        "budget_exceeds_distributor_quota",
    ] {
        assert!(seen.contains(code), "never produced {code}");
    }
}
