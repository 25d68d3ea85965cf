//! # partner-rules
//!
//! The rules cloud partners meet when they develop customers — pre-registration, invitations,
//! association and its failure causes, association type switches, disassociation, account
//! managers, export masking — as a pure library. It does no I/O and reads no clock: `now` is
//! always an input, and the host keeps its own storage.
//!
//! Two layers:
//! - a typed Rust API: [`preregistration::check`], [`invitation::send`], … taking a [`Policy`]
//!   and fact structs ([`Partner`], [`Customer`], …). It knows nothing of JSON: input it cannot
//!   decide on is an [`InputError`] that says where (a [`Location`]) and what is wrong;
//! - one JSON contract over it, [`evaluate_json`] / [`evaluate`] (or an [`Engine`] holding a
//!   parsed policy or a [`PolicyTimeline`]), which the Python and WebAssembly bindings expose
//!   unchanged, described in `docs/contract.md` and by the JSON Schemas in `schema/`. A host
//!   can take the typed answer instead of text ([`Sink`], [`Engine::evaluate_json_into`]) or
//!   have the text written into its own string form ([`write_json`] into a [`JsonOut`]): the
//!   WebAssembly binding writes UTF-16, JavaScript's.
//!
//! Module graph, top to bottom: the JSON layer (`json`: reading, dispatch, writing) uses the
//! rules (`preregistration`, `invitation`, `association`, …), which use the facts, policy,
//! calendar and reasons, which use the leaves (`error`, `input_error`, `timefmt`). Nothing
//! below the JSON layer imports it.
//!
//! Every decision returns **all** the reasons that apply, each with a stable code, English and
//! Chinese text, a suggested operation and, when it lapses by itself, `available_from`.
//!
//! ```
//! use partner_rules::{preregistration, Customer, Partner, Policy, parse_timestamp};
//! use partner_rules::preregistration::Outcome;
//!
//! let policy = Policy::default(); // the `intl-2024` preset
//! let partner = Partner { has_reserved_contact: true, ..Partner::new("p-1") };
//! let customer = Customer { has_huawei_contract: true, ..Customer::default() };
//! let now = parse_timestamp("2026-11-21T10:00:00+08:00").unwrap();
//!
//! let decision = preregistration::check(&policy, &partner, &customer, now);
//! assert_eq!(decision.outcome, Outcome::Blocked);
//! let reason = &decision.reasons[0];
//! assert_eq!(reason.code_str(), "customer_has_huawei_contract");
//! assert_eq!(reason.code.message().zh, "该客户已与华为云签署合同。");
//! ```
#![forbid(unsafe_code)]

pub mod association;
pub mod budget;
mod calendar;
pub mod catalog;
pub mod disassociation;
mod error;
pub mod error_codes;
pub mod facts;
pub mod freezing;
pub mod funds;
mod input_error;
pub mod invitation;
mod json;
mod lookup;
pub mod managers;
pub mod masking;
mod policy;
pub mod preregistration;
pub mod quota;
mod reason;
pub mod remitters;
pub mod schema;
mod strict;
mod timefmt;
mod timeline;
pub mod verification;

pub use calendar::{Calendar, CalendarSpec, OffsetText, WeekdayName};
pub use catalog::Cause;
pub use error::{Error, ErrorCode};
pub use facts::{Customer, HistoryEntry, Invitation, Partner};
pub use input_error::{InputError, Location, Step};
pub use json::{
    evaluate, evaluate_json, limits, read_json, write_json, Engine, JsonOut, Sink, OPS,
};
pub use policy::{Policy, PolicyOverrides, Preset};
pub use reason::{ItemResult, Operation, Reason, ReasonCode, Rule, Ruling, Text, Verdict};
pub use timefmt::parse_timestamp;
pub use timeline::{Dated, PolicyTimeline};

/// The crate README's examples, compiled and run as doctests so that they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
