//! What every fuzz target checks, and the structured requests the `structured_request` target
//! builds from fuzzer bytes.
//!
//! The invariants hold for any input, so a target can assert them bluntly: a failed assertion is
//! a crash that libFuzzer records, minimizes and reports.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Map, Value};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime, UtcOffset};

use partner_rules::limits::{MAX_MESSAGE_BYTES, MAX_NESTING, QUOTED_INPUT_CHARS};

/// A message is capped near `MAX_MESSAGE_BYTES`; the cap may cut a character and add `…`.
const MESSAGE_SLACK: usize = 8;

/// A path has at most one segment per level, and a key is shortened to `QUOTED_INPUT_CHARS`
/// characters, each at most a six-byte JSON escape, plus brackets and quotes.
const MAX_PATH_BYTES: usize = 1 + MAX_NESTING * (QUOTED_INPUT_CHARS * 6 + 8);

/// An error is one of the two codes, at a JSON path, with a bounded message for a person.
pub fn check_error(err: &partner_rules::Error) {
    assert!(
        matches!(err.code(), "invalid_input" | "unknown_op"),
        "unexpected error code {}",
        err.code()
    );
    assert!(err.path().starts_with('$'), "path {:?}", err.path());
    assert!(!err.message().is_empty(), "empty message at {}", err.path());
    assert!(
        err.message().len() <= MAX_MESSAGE_BYTES + MESSAGE_SLACK,
        "message of {} bytes at {}",
        err.message().len(),
        err.path()
    );
    assert!(
        err.path().len() <= MAX_PATH_BYTES,
        "path of {} bytes",
        err.path().len()
    );
    let json = err.to_json();
    assert_eq!(json["code"], err.code());
}

/// A response is a JSON object that survives a parse → serialize → parse round trip unchanged.
pub fn check_response_text(text: &str) -> Value {
    let value: Value = serde_json::from_str(text).expect("a response is valid JSON");
    assert!(value.is_object(), "a response is an object: {text}");
    let again = serde_json::to_string(&value).expect("a parsed response re-serializes");
    let reparsed: Value = serde_json::from_str(&again).expect("a re-serialized response parses");
    assert_eq!(reparsed, value);
    value
}

/// Evaluates text through `evaluate_json`, and, when the text is JSON, through `evaluate` too:
/// whatever the text entry point answers, the tree entry point answers the same.
pub fn evaluate_both(text: &str) -> Result<Value, partner_rules::Error> {
    let from_text = partner_rules::evaluate_json(text);
    let from_tree = serde_json::from_str::<Value>(text)
        .ok()
        .map(partner_rules::evaluate);
    match (&from_text, from_tree) {
        (Ok(response), tree) => {
            let response = check_response_text(response);
            let tree = tree.expect("text the engine accepted is JSON");
            assert_eq!(
                tree.as_ref().ok(),
                Some(&response),
                "evaluate and evaluate_json disagree on {text}"
            );
            Ok(response)
        }
        (Err(err), tree) => {
            check_error(err);
            if let Some(Err(tree_err)) = &tree {
                check_error(tree_err);
            }
            // Duplicate keys make text invalid that a parsed tree (last key wins) accepts, so
            // the two entry points can only be compared where the text is accepted.
            if err.code() == "unknown_op" {
                let tree = tree.expect("an op name was read, so the text is JSON");
                assert_eq!(tree.err().map(|e| e.code()), Some("unknown_op"));
            }
            Err(err.clone())
        }
    }
}

/// Codes in the order SPEC section 4 lists them: blocking, then review.
pub const PREREGISTRATION_BLOCKING: &[&str] = &[
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

/// Review reasons of SPEC section 4, in order.
pub const PREREGISTRATION_REVIEW: &[&str] = &[
    "customer_registered_followed_up",
    "customer_cash_expenditure_followed_up",
    "registration_country_differs",
    "online_sales_team_customer",
];

/// The reason codes of a response's `reasons`, checking each reason's shape on the way.
pub fn reason_codes(reasons: &Value) -> Vec<String> {
    let reasons = reasons.as_array().expect("reasons is an array");
    reasons
        .iter()
        .map(|reason| {
            let code = reason["code"].as_str().expect("a reason has a code");
            let message = &reason["message"];
            assert!(
                message["en"].as_str().is_some_and(|t| !t.is_empty())
                    && message["zh"].as_str().is_some_and(|t| !t.is_empty()),
                "reason {code} needs en and zh text"
            );
            let op = &reason["suggested_operation"];
            assert!(
                op.is_null() || op["code"].is_string(),
                "reason {code}: suggested_operation is null or has a code"
            );
            assert!(
                reason["available_from"].is_null() || reason["available_from"].is_string(),
                "reason {code}: available_from"
            );
            code.to_owned()
        })
        .collect()
}

/// `codes` appear in `order` without repetition and in that order.
pub fn assert_in_order(codes: &[String], order: &[&str]) {
    let positions: Vec<usize> = codes
        .iter()
        .map(|code| {
            order
                .iter()
                .position(|known| known == code)
                .unwrap_or_else(|| panic!("unexpected reason {code}, expected one of {order:?}"))
        })
        .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "reasons out of order or repeated: {codes:?}"
    );
}

/// The checks a pre-registration answer must pass whatever the facts: the outcome follows from
/// the reasons, and only the instant that belongs to the outcome is set.
pub fn check_preregistration_response(response: &Value) {
    let codes = reason_codes(&response["reasons"]);
    let order: Vec<&str> = PREREGISTRATION_BLOCKING
        .iter()
        .chain(PREREGISTRATION_REVIEW)
        .copied()
        .collect();
    assert_in_order(&codes, &order);
    let blocking = codes
        .iter()
        .any(|c| PREREGISTRATION_BLOCKING.contains(&c.as_str()));
    let outcome = response["outcome"].as_str().expect("outcome");
    let expected = if blocking {
        "blocked"
    } else if codes.is_empty() {
        "allowed"
    } else {
        "manual_review"
    };
    assert_eq!(outcome, expected, "outcome for {codes:?}");
    assert_eq!(response["expires_at"].is_string(), outcome == "allowed");
    assert_eq!(
        response["review_due_by"].is_string(),
        outcome == "manual_review"
    );
}

/// Allowed/blocked answers: allowed exactly when there is no reason.
pub fn check_verdict(answer: &Value) -> Vec<String> {
    let codes = reason_codes(&answer["reasons"]);
    let outcome = answer["outcome"].as_str().expect("outcome");
    assert_eq!(
        outcome,
        if codes.is_empty() {
            "allowed"
        } else {
            "blocked"
        },
        "an allowed answer never carries a reason: {codes:?}"
    );
    codes
}

// ---------------------------------------------------------------------------------------------
// Structured requests.

/// A point in time near a fixed `now`, so that expiries and review periods land on both sides
/// of (and exactly on) their boundaries; sometimes at the ends of the supported range.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Instant {
    anchor: u8,
    days: i16,
    seconds: i32,
    offset: OffsetChoice,
}

#[derive(Debug, Clone, Copy, Arbitrary)]
/// The UTC offset an instant is written in.
pub enum OffsetChoice {
    Beijing,
    Utc,
    NewYork,
    Kathmandu,
    Kiribati,
    BakerIsland,
}

impl OffsetChoice {
    fn offset(self) -> UtcOffset {
        let (h, m) = match self {
            OffsetChoice::Beijing => (8, 0),
            OffsetChoice::Utc => (0, 0),
            OffsetChoice::NewYork => (-5, 0),
            OffsetChoice::Kathmandu => (5, 45),
            OffsetChoice::Kiribati => (14, 0),
            OffsetChoice::BakerIsland => (-12, 0),
        };
        UtcOffset::from_hms(h, m, 0).unwrap_or(UtcOffset::UTC)
    }
}

/// The `now` every structured request is evaluated at: a Saturday in `+08:00`.
pub fn base_now() -> OffsetDateTime {
    OffsetDateTime::parse("2026-11-21T10:00:00+08:00", &Rfc3339).expect("a valid timestamp")
}

impl Instant {
    /// The instant as RFC 3339 text, or `None` when it cannot be written (beyond year 9999).
    pub fn text(self) -> Option<String> {
        // Mostly near `now`; a few at the ends of the supported range.
        let anchor = match self.anchor {
            254 => time::PrimitiveDateTime::MAX.assume_utc(),
            255 => time::PrimitiveDateTime::MIN.assume_utc(),
            _ => base_now(),
        };
        // Whole days and exact seconds hit boundaries; the remainder keeps within a day.
        let delta = Duration::days(i64::from(self.days) % 400)
            + Duration::seconds(i64::from(self.seconds % 86_400));
        let t = anchor
            .checked_add(delta)?
            .checked_to_offset(self.offset.offset())?;
        t.format(&Rfc3339).ok()
    }
}

/// Partner facts, drawn from small sets so that ids and countries collide often.
#[derive(Debug, Clone, Arbitrary)]
pub struct PartnerFacts {
    id: PartnerId,
    registration_country: Option<Country>,
    prepaid: Option<bool>,
    active_preregistrations: Rare<ActiveCount>,
    flags: Flags<7>,
}

const PARTNER_FLAGS: [&str; 7] = [
    "has_reserved_contact",
    "is_admin",
    "has_customer_development_permission",
    "frozen",
    "verification_code_enabled",
    "referral_restricted_by_agreement",
    "referral_restricted_by_country",
];

#[derive(Debug, Clone, Copy, Arbitrary)]
enum PartnerId {
    Asking,
    Other,
}

impl PartnerId {
    fn text(self) -> &'static str {
        match self {
            PartnerId::Asking => "p-1",
            PartnerId::Other => "p-2",
        }
    }
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum ActiveCount {
    NearQuota(u8),
    Any(u32),
}

#[derive(Debug, Clone, Copy, Arbitrary)]
enum Country {
    Cn,
    CnLowerPadded,
    Sg,
    My,
    Empty,
}

impl Country {
    fn text(self) -> &'static str {
        match self {
            Country::Cn => "CN",
            Country::CnLowerPadded => " cn ",
            Country::Sg => "SG",
            Country::My => "MY",
            Country::Empty => "",
        }
    }
}

/// Customer facts: every boolean of SPEC section 12 and the optional values.
#[derive(Debug, Clone, Arbitrary)]
pub struct CustomerFacts {
    registration_country: Option<Country>,
    registered_site: Rare<bool>,
    registered_at: Rare<Instant>,
    associated_partner_id: Rare<PartnerId>,
    preregistration: Rare<(PartnerId, Instant)>,
    current_model: Option<bool>,
    account_type: Option<u8>,
    flags: Flags<21>,
}

const CUSTOMER_FLAGS: [&str; 21] = [
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
    "valid_reserved_instances",
    "support_plan_active",
    "in_arrears",
    "no_currency_set",
    "orders_awaiting_partner_payment",
];

/// An optional fact that is present one time in four: most of them block on their own.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Rare<T> {
    presence: u8,
    value: T,
}

impl<T: Copy> Rare<T> {
    fn get(&self) -> Option<T> {
        (self.presence >= 192).then_some(self.value)
    }
}

/// Boolean facts. `density` sets how many are "unusual" (a missing permission, a blocking
/// fact), so that sparse requests (the ones that reach `allowed` and `manual_review`) are as
/// common as crowded ones. An unusual-free flag is sometimes written as an explicit default and
/// sometimes left out: the two must mean the same.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Flags<const N: usize> {
    density: u8,
    bytes: [u8; N],
}

impl<const N: usize> Flags<N> {
    fn insert(&self, object: &mut Map<String, Value>, names: &[&str; N], usual_true: &[&str]) {
        // Cubed, the density is low more often than not: a third of requests have almost no
        // unusual fact.
        let d = u32::from(self.density);
        let threshold = d * d * d / (255 * 255);
        for (name, byte) in names.iter().zip(self.bytes) {
            let unusual = u32::from(byte >> 1) * 2 < threshold;
            let usual = usual_true.contains(name);
            if unusual || byte & 1 == 1 {
                object.insert((*name).into(), json!(usual != unusual));
            } else if usual {
                object.insert((*name).into(), json!(true));
            }
        }
    }
}

impl PartnerFacts {
    /// The `partner` object.
    pub fn json(&self) -> Value {
        let mut partner = Map::new();
        partner.insert("id".into(), json!(self.id.text()));
        if let Some(country) = self.registration_country {
            partner.insert("registration_country".into(), json!(country.text()));
        }
        if let Some(prepaid) = self.prepaid {
            let mode = if prepaid { "prepaid" } else { "postpaid" };
            partner.insert("billing_mode".into(), json!(mode));
        }
        self.flags.insert(
            &mut partner,
            &PARTNER_FLAGS,
            &[
                "has_reserved_contact",
                "is_admin",
                "has_customer_development_permission",
            ],
        );
        match self.active_preregistrations.get() {
            Some(ActiveCount::NearQuota(n)) => {
                partner.insert(
                    "active_preregistrations".into(),
                    json!(95 + u32::from(n % 10)),
                );
            }
            Some(ActiveCount::Any(n)) => {
                partner.insert("active_preregistrations".into(), json!(n));
            }
            None => {}
        }
        Value::Object(partner)
    }
}

impl CustomerFacts {
    /// The `customer` object.
    pub fn json(&self) -> Value {
        let mut customer = Map::new();
        customer.insert("id".into(), json!("c-1"));
        if let Some(country) = self.registration_country {
            customer.insert("registration_country".into(), json!(country.text()));
        }
        if let Some(mainland) = self.registered_site.get() {
            let site = if mainland {
                "chinese_mainland"
            } else {
                "international"
            };
            customer.insert("registered_site".into(), json!(site));
        }
        if let Some(at) = self.registered_at.get().and_then(Instant::text) {
            customer.insert("registered_at".into(), json!(at));
        }
        if let Some(id) = self.associated_partner_id.get() {
            customer.insert("associated_partner_id".into(), json!(id.text()));
        }
        if let Some((holder, expiry)) = self.preregistration.get() {
            if let Some(expires_at) = expiry.text() {
                customer.insert(
                    "preregistration".into(),
                    json!({"partner_id": holder.text(), "expires_at": expires_at}),
                );
            }
        }
        if let Some(reseller) = self.current_model {
            let model = if reseller { "reseller" } else { "referral" };
            customer.insert("current_model".into(), json!(model));
        }
        if let Some(kind) = self.account_type {
            let kind = ["individual", "enterprise_master", "enterprise_member"]
                .get(usize::from(kind % 3))
                .copied()
                .unwrap_or("individual");
            customer.insert("account_type".into(), json!(kind));
        }
        self.flags.insert(&mut customer, &CUSTOMER_FLAGS, &[]);
        Value::Object(customer)
    }
}

/// A policy as a request may carry it.
#[derive(Debug, Clone, Arbitrary)]
pub enum PolicyChoice {
    /// A preset by name (index into the three presets; out of range gives an unknown name).
    Named(u8),
    /// A preset with overrides, some of them out of range.
    Overrides {
        preset: Option<u8>,
        preregistration_validity_days: Option<u16>,
        max_active_preregistrations: Option<u16>,
        registered_review_after_days: Option<u16>,
        review_working_days: Option<u16>,
        email_invitation_validity_days: Option<u16>,
        link_invitation_validity_days: Option<Option<u16>>,
        utc_offset: Option<OffsetChoice>,
        weekend: Option<Vec<u8>>,
        holidays: Option<Vec<i16>>,
    },
}

const PRESETS: [&str; 4] = ["intl-2024", "intl-2025", "cn", "intl"];
const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

impl PolicyChoice {
    /// The `policy` value.
    pub fn json(&self) -> Value {
        match self {
            PolicyChoice::Named(i) => json!(PRESETS.get(usize::from(*i % 4)).copied()),
            PolicyChoice::Overrides {
                preset,
                preregistration_validity_days,
                max_active_preregistrations,
                registered_review_after_days,
                review_working_days,
                email_invitation_validity_days,
                link_invitation_validity_days,
                utc_offset,
                weekend,
                holidays,
            } => {
                let mut policy = Map::new();
                if let Some(i) = preset {
                    policy.insert("preset".into(), json!(PRESETS.get(usize::from(*i % 3))));
                }
                for (name, value) in [
                    (
                        "preregistration_validity_days",
                        preregistration_validity_days,
                    ),
                    ("max_active_preregistrations", max_active_preregistrations),
                    ("registered_review_after_days", registered_review_after_days),
                    ("review_working_days", review_working_days),
                    (
                        "email_invitation_validity_days",
                        email_invitation_validity_days,
                    ),
                ] {
                    if let Some(v) = value {
                        policy.insert(name.into(), json!(v % 400));
                    }
                }
                if let Some(link) = link_invitation_validity_days {
                    policy.insert(
                        "link_invitation_validity_days".into(),
                        json!(link.map(|d| d % 400)),
                    );
                }
                let mut calendar = Map::new();
                if let Some(offset) = utc_offset {
                    let (h, m, _) = offset.offset().as_hms();
                    let sign = if offset.offset().is_negative() {
                        '-'
                    } else {
                        '+'
                    };
                    let text = format!("{sign}{:02}:{:02}", h.unsigned_abs(), m.unsigned_abs());
                    calendar.insert("utc_offset".into(), json!(text));
                }
                if let Some(days) = weekend.as_ref().filter(|d| !d.is_empty()) {
                    let names: Vec<&str> = days
                        .iter()
                        .take(8)
                        .filter_map(|d| WEEKDAYS.get(usize::from(d % 7)).copied())
                        .collect();
                    calendar.insert("weekend".into(), json!(names));
                }
                if let Some(days) = holidays {
                    let base = base_now().date();
                    let dates: Vec<String> = days
                        .iter()
                        .take(64)
                        .filter_map(|d| base.checked_add(Duration::days(i64::from(d % 60))))
                        .map(|d| d.to_string())
                        .collect();
                    calendar.insert("holidays".into(), json!(dates));
                }
                if !calendar.is_empty() {
                    policy.insert("calendar".into(), Value::Object(calendar));
                }
                Value::Object(policy)
            }
        }
    }
}

/// A status index, mapped onto the statuses an op knows plus one it does not.
#[derive(Debug, Clone, Copy, Arbitrary)]
pub struct Item {
    status: u8,
    expires_at: Option<Instant>,
}

/// One request of the ops the core answers, built from structured facts.
#[derive(Debug, Clone, Arbitrary)]
pub enum Request {
    /// `preregistration.check`.
    PreregistrationCheck {
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
    },
    /// `preregistration.delete`.
    PreregistrationDelete { items: Vec<Item> },
    /// `preregistration.review_due`.
    ReviewDue { submitted_at: Instant },
    /// `invitation.send`.
    InvitationSend {
        partner: PartnerFacts,
        customer: Option<CustomerFacts>,
        method: u8,
        operator: Option<bool>,
    },
    /// `invitation.resend`.
    InvitationResend { items: Vec<Item> },
}

/// The request with its envelope.
#[derive(Debug, Clone, Arbitrary)]
pub struct Envelope {
    /// The op and its fields.
    pub request: Request,
    /// `now` (most ops need it).
    pub now: Instant,
    /// Leaves `now` out when 255.
    pub now_omitted: u8,
    /// The policy, if the request carries one.
    pub policy: Option<PolicyChoice>,
}

const DELETE_STATUSES: [&str; 6] = [
    "pending_review",
    "preregistered",
    "expired",
    "rejected",
    "associated",
    "unknown",
];
const INVITATION_STATUSES: [&str; 5] = ["pending", "accepted", "expired", "failed", "unknown"];
const METHODS: [&str; 3] = ["email", "link", "qr_code"];

fn items_json(items: &[Item], statuses: &[&str], with_expiry: bool) -> Value {
    let items: Vec<Value> = items
        .iter()
        .take(32)
        .enumerate()
        .map(|(i, item)| {
            // The last status is unknown to the op: rare, since it fails the whole batch.
            let known = statuses.len() - 1;
            let index = match item.status {
                255 => known,
                n => usize::from(n) % known,
            };
            let status = statuses.get(index).copied().unwrap_or("unknown");
            let mut object = json!({"id": format!("i-{i}"), "status": status});
            if let (true, Some(at)) = (with_expiry, item.expires_at.and_then(Instant::text)) {
                object["expires_at"] = json!(at);
            }
            object
        })
        .collect();
    Value::Array(items)
}

impl Envelope {
    /// Builds an envelope from raw fuzzer bytes.
    pub fn from_bytes(data: &[u8]) -> arbitrary::Result<Envelope> {
        Envelope::arbitrary(&mut Unstructured::new(data))
    }

    /// The op name.
    pub fn op(&self) -> &'static str {
        match self.request {
            Request::PreregistrationCheck { .. } => "preregistration.check",
            Request::PreregistrationDelete { .. } => "preregistration.delete",
            Request::ReviewDue { .. } => "preregistration.review_due",
            Request::InvitationSend { .. } => "invitation.send",
            Request::InvitationResend { .. } => "invitation.resend",
        }
    }

    /// The JSON request.
    pub fn json(&self) -> Value {
        let mut request = Map::new();
        request.insert("op".into(), json!(self.op()));
        let now = (self.now_omitted != 255).then_some(self.now);
        if let Some(now) = now.and_then(Instant::text) {
            request.insert("now".into(), json!(now));
        }
        if let Some(policy) = &self.policy {
            request.insert("policy".into(), policy.json());
        }
        match &self.request {
            Request::PreregistrationCheck { partner, customer } => {
                request.insert("partner".into(), partner.json());
                if let Some(customer) = customer {
                    request.insert("customer".into(), customer.json());
                }
            }
            Request::PreregistrationDelete { items } => {
                request.insert("items".into(), items_json(items, &DELETE_STATUSES, false));
            }
            Request::ReviewDue { submitted_at } => {
                if let Some(at) = submitted_at.text() {
                    request.insert("submitted_at".into(), json!(at));
                }
            }
            Request::InvitationSend {
                partner,
                customer,
                method,
                operator,
            } => {
                request.insert("partner".into(), partner.json());
                if let Some(customer) = customer {
                    request.insert("customer".into(), customer.json());
                }
                let method = METHODS
                    .get(usize::from(*method % 3))
                    .copied()
                    .unwrap_or("link");
                request.insert("method".into(), json!(method));
                if let Some(named) = operator {
                    let name = if *named {
                        json!("ops-anna")
                    } else {
                        Value::Null
                    };
                    request.insert("operator_account_name".into(), name);
                }
            }
            Request::InvitationResend { items } => {
                request.insert(
                    "items".into(),
                    items_json(items, &INVITATION_STATUSES, true),
                );
            }
        }
        Value::Object(request)
    }
}
