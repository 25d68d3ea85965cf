//! Invariants of the foundation rules, checked on generated inputs.

// Test code: a failed expectation should stop the test loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use partner_rules::facts::{PreregistrationFact, RegisteredSite};
use partner_rules::preregistration::{self, Outcome};
use partner_rules::{Calendar, Customer, Partner, Policy, PolicyOverrides, Reason};
use proptest::prelude::*;
use time::{Date, Duration, OffsetDateTime, UtcOffset, Weekday};

const BLOCKING: [&str; 10] = [
    "partner_contact_missing",
    "preregistration_quota_reached",
    "customer_associated_with_partner",
    "customer_already_preregistered",
    "customer_preregistered_by_other_partner",
    "customer_has_huawei_contract",
    "customer_registered",
    "customer_cash_expenditure_not_followed_up",
    "customer_consumer_cloud_user",
    "customer_unified_accounting_member",
];

fn offset() -> impl Strategy<Value = UtcOffset> {
    (-48i32..=56).prop_map(|quarters| {
        UtcOffset::from_whole_seconds(quarters * 15 * 60).expect("offset in range")
    })
}

/// Instants between 2000 and 2100, in a random offset.
fn instant() -> impl Strategy<Value = OffsetDateTime> {
    (946_684_800i64..4_102_444_800, offset()).prop_map(|(secs, off)| {
        OffsetDateTime::from_unix_timestamp(secs)
            .expect("in range")
            .to_offset(off)
    })
}

fn partner() -> impl Strategy<Value = Partner> {
    (any::<bool>(), 0u32..200, proptest::option::of("[A-C]{2}")).prop_map(
        |(contact, active, country)| Partner {
            has_reserved_contact: contact,
            active_preregistrations: active,
            registration_country: country,
            ..Partner::new("p-1")
        },
    )
}

fn customer() -> impl Strategy<Value = Customer> {
    (
        proptest::array::uniform8(any::<bool>()),
        proptest::option::of(instant()),
        proptest::option::of("[A-C]{2}"),
    )
        .prop_map(|(flags, registered_at, country)| Customer {
            associated_partner_id: flags[0].then(|| "p-9".to_owned()),
            has_huawei_contract: flags[1],
            registered_site: flags[2].then_some(RegisteredSite::International),
            registered_at: registered_at.filter(|_| flags[2]),
            has_cash_expenditure: flags[3],
            followed_up_by_direct_sales: flags[4],
            consumer_cloud_user: flags[5],
            unified_accounting_member: flags[6],
            online_sales_team: flags[7],
            registration_country: country,
            ..Customer::default()
        })
}

fn codes(reasons: &[Reason]) -> Vec<&'static str> {
    reasons.iter().map(Reason::code_str).collect()
}

proptest! {
    #[test]
    fn another_partners_reservation_blocks_exactly_until_expiry(
        partner in partner(), mut customer in customer(), expires_at in instant(), now in instant(),
    ) {
        customer.preregistration = Some(PreregistrationFact { partner_id: "p-2".into(), expires_at });
        let decision = preregistration::check(&Policy::default(), &partner, &customer, now);
        let held = decision.reasons.iter().find(|r| r.code_str() == "customer_preregistered_by_other_partner");
        if now < expires_at {
            prop_assert_eq!(decision.outcome, Outcome::Blocked);
            let held = held.expect("a valid reservation of another partner blocks");
            prop_assert_eq!(held.available_from, Some(expires_at));
            // Echoed in the policy's offset.
            prop_assert_eq!(held.available_from.map(|t| t.offset()), Some(Policy::default().calendar().utc_offset()));
        } else {
            prop_assert!(held.is_none());
        }
    }

    #[test]
    fn quota_blocks_exactly_at_the_policy_maximum(
        partner in partner(), customer in customer(), now in instant(), max in 1u32..150,
    ) {
        let policy = Policy::from_overrides(PolicyOverrides {
            max_active_preregistrations: Some(max),
            ..PolicyOverrides::default()
        }).expect("valid policy");
        let decision = preregistration::check(&policy, &partner, &customer, now);
        let blocked_by_quota = codes(&decision.reasons).contains(&"preregistration_quota_reached");
        prop_assert_eq!(blocked_by_quota, partner.active_preregistrations >= max);
    }

    #[test]
    fn outcome_follows_the_reasons(partner in partner(), customer in customer(), now in instant()) {
        let policy = Policy::default();
        let decision = preregistration::check(&policy, &partner, &customer, now);
        let reasons = codes(&decision.reasons);
        let blocking = reasons.iter().filter(|c| BLOCKING.contains(c)).count();
        match decision.outcome {
            Outcome::Allowed => {
                prop_assert!(reasons.is_empty());
                prop_assert_eq!(decision.expires_at, Some(now + Duration::days(15)));
                prop_assert_eq!(decision.review_due_by, None);
            }
            Outcome::ManualReview => {
                prop_assert_eq!(blocking, 0);
                prop_assert!(!reasons.is_empty());
                prop_assert!(decision.review_due_by.is_some_and(|due| due > now));
                prop_assert_eq!(decision.expires_at, None);
            }
            Outcome::Blocked => {
                prop_assert!(blocking > 0);
                // Blocking reasons come first.
                prop_assert!(reasons[..blocking].iter().all(|c| BLOCKING.contains(c)));
                prop_assert_eq!(decision.expires_at, None);
                prop_assert_eq!(decision.review_due_by, None);
            }
        }
    }
}

fn calendar() -> impl Strategy<Value = Calendar> {
    let weekend = proptest::sample::subsequence(
        vec![
            Weekday::Monday,
            Weekday::Tuesday,
            Weekday::Wednesday,
            Weekday::Thursday,
            Weekday::Friday,
            Weekday::Saturday,
            Weekday::Sunday,
        ],
        1..=6,
    );
    let day = (0i64..120).prop_map(|n| {
        Date::from_calendar_date(2026, time::Month::November, 1).expect("date") + Duration::days(n)
    });
    (
        offset(),
        weekend,
        proptest::collection::vec(day.clone(), 0..40),
        proptest::collection::vec(day, 0..10),
    )
        .prop_map(|(off, weekend, holidays, extra)| {
            let extra: Vec<Date> = extra
                .into_iter()
                .filter(|d| !holidays.contains(d))
                .collect();
            Calendar::new(off, weekend, holidays, extra).expect("valid calendar")
        })
}

proptest! {
    #[test]
    fn deadline_falls_after_exactly_n_working_days(
        calendar in calendar(),
        secs in 1_793_491_200i64..1_798_761_600, // Nov 2026 – Jan 2027
        n in 1u32..10,
    ) {
        let submitted = OffsetDateTime::from_unix_timestamp(secs).expect("in range");
        let due = calendar.working_day_deadline(submitted, n);
        prop_assert_eq!(due.offset(), calendar.utc_offset());
        prop_assert_eq!(due.time(), time::Time::MIDNIGHT);
        let first = calendar.local_date(submitted);
        let end = due.date();
        let mut working = 0;
        let mut day = first.next_day().expect("date");
        while day < end {
            if calendar.is_working_day(day) {
                working += 1;
            }
            day = day.next_day().expect("date");
        }
        prop_assert_eq!(working, n);
        prop_assert!(calendar.is_working_day(end.previous_day().expect("date")));
    }

    #[test]
    fn month_addition_clamps_to_month_end_and_keeps_the_time(t in instant(), months in -1200i32..1200) {
        let calendar = Calendar::default();
        let local = calendar.localize(t);
        let moved = calendar.add_months(t, months);
        prop_assert_eq!(moved.offset(), calendar.utc_offset());
        prop_assert_eq!(moved.time(), local.time());
        let month_index = |d: Date| i64::from(d.year()) * 12 + i64::from(u8::from(d.month()));
        prop_assert_eq!(month_index(moved.date()) - month_index(local.date()), i64::from(months));
        let last_day = time::util::days_in_month(moved.month(), moved.year());
        prop_assert_eq!(moved.day(), local.day().min(last_day));
    }

    /// Monotonic in the local date always, and in the instant unless the clamp to the month's
    /// last day moved one of them: keeping the local time while clamping the day (the
    /// contract's rule) puts 30 December 15:28 + 4 months (30 April 15:28) after 31 December
    /// 00:00 + 4 months (30 April 00:00).
    #[test]
    fn month_addition_is_monotonic(a in instant(), b in instant(), m in -48i32..48, k in 0i32..48) {
        let calendar = Calendar::default();
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        let (moved_early, moved_late) = (calendar.add_months(early, m), calendar.add_months(late, m));
        prop_assert!(moved_early.date() <= moved_late.date());
        let clamped = |from: OffsetDateTime, to: OffsetDateTime| calendar.localize(from).day() != to.day();
        if !clamped(early, moved_early) && !clamped(late, moved_late) {
            prop_assert!(moved_early <= moved_late);
        }
        prop_assert!(moved_early <= calendar.add_months(early, m + k));
    }
}

/// The case that showed month addition is not monotonic in the instant (see
/// `month_addition_is_monotonic`), in the default +08:00 calendar: the later instant is
/// clamped from the 31st to the 30th at its own, earlier, local time.
#[test]
fn a_clamped_day_keeps_its_own_time() -> Result<(), time::error::Parse> {
    let at =
        |text: &str| OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339);
    let calendar = Calendar::default();
    let (early, late) = (at("2050-12-30T07:28:30Z")?, at("2050-12-30T16:00:00Z")?);
    assert_eq!(
        calendar.add_months(early, -32),
        at("2048-04-30T15:28:30+08:00")?
    );
    assert_eq!(
        calendar.add_months(late, -32),
        at("2048-04-30T00:00:00+08:00")?
    );
    Ok(())
}
