//! Wire types of the pre-registration ops.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::answer::{ItemResults, WithPolicy};
use super::{request, Context, Op};
use crate::error::Error;
use crate::facts::{Customer, Partner};
use crate::preregistration::{self, Decision, Status};
use crate::reason::ItemResult;
use crate::reason::Reason;
use crate::timefmt::rfc3339;

request! {
    pub(crate) struct CheckRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer.
        #[serde(default, deserialize_with = "super::shape::object")]
        customer: Customer,
    }
}

impl Op for CheckRequest {
    type Response = WithPolicy<Decision>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: preregistration::check(ctx.policy, &self.partner, &self.customer, now),
        })
    }
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct PreregistrationItem {
    /// The pre-registration.
    id: String,
    /// Its status as the host stores it.
    status: Status,
}

request! {
    pub(crate) struct DeleteRequest {
        /// The pre-registrations to delete.
        #[serde(deserialize_with = "super::shape::objects")]
        items: Vec<PreregistrationItem>,
    }
}

impl Op for DeleteRequest {
    type Response = ItemResults;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let results = self
            .items
            .into_iter()
            .map(|item| {
                let reasons = preregistration::delete_refusal(item.status)
                    .map(Reason::new)
                    .into_iter()
                    .collect();
                ItemResult::new(item.id, reasons)
            })
            .collect();
        Ok(ItemResults { results })
    }
}

request! {
    /// The review approved the pre-registration at `now`.
    pub(crate) struct ApproveRequest {}
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct Approved {
    /// When the pre-registration approved at `now` expires.
    #[serde(with = "rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
    expires_at: OffsetDateTime,
}

impl Op for ApproveRequest {
    type Response = WithPolicy<Approved>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: Approved {
                expires_at: preregistration::expires_at(ctx.policy, ctx.now()?),
            },
        })
    }
}

request! {
    pub(crate) struct ReviewDueRequest {
        /// When the manual review request was submitted.
        #[serde(with = "rfc3339")]
        #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
        submitted_at: OffsetDateTime,
    }
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct ReviewDue {
    /// The end (local midnight) of the last working day of the review.
    #[serde(with = "rfc3339")]
    #[cfg_attr(feature = "schema", schemars(with = "crate::timefmt::Timestamp"))]
    due_by: OffsetDateTime,
}

impl Op for ReviewDueRequest {
    type Response = WithPolicy<ReviewDue>;

    const INSTANT_FIELD: &'static str = "submitted_at";

    fn instant(&self, _now: Option<OffsetDateTime>) -> Option<OffsetDateTime> {
        Some(self.submitted_at)
    }

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: ReviewDue {
                due_by: preregistration::review_due(ctx.policy, self.submitted_at),
            },
        })
    }
}
