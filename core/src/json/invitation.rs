//! Wire types of the invitation ops.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::answer::{ItemResults, WithPolicy};
use super::{request, Context, Op};
use crate::error::Error;
use crate::facts::{Customer, InvitationMethod, Partner};
use crate::invitation::{self, SendDecision, Status};
use crate::reason::ItemResult;
use crate::timefmt::rfc3339_option;

request! {
    pub(crate) struct SendRequest {
        /// The partner asking.
        #[serde(deserialize_with = "super::shape::object")]
        partner: Partner,
        /// The customer.
        #[serde(default, deserialize_with = "super::shape::object")]
        customer: Customer,
        /// How the invitation reaches the customer.
        method: InvitationMethod,
        /// The account name of whoever generates a link or QR code: its custom tag.
        #[serde(default)]
        operator_account_name: Option<String>,
    }
}

impl Op for SendRequest {
    type Response = WithPolicy<SendDecision>;

    const NEEDS_NOW: bool = true;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_kind(),
            body: invitation::send(
                ctx.policy,
                &self.partner,
                &self.customer,
                self.method,
                self.operator_account_name.as_deref(),
                now,
            ),
        })
    }
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct InvitationItem {
    /// The invitation.
    id: String,
    /// Its status as the host stores it.
    status: Status,
    #[serde(default, with = "rfc3339_option")]
    #[cfg_attr(
        feature = "schema",
        schemars(with = "Option<crate::timefmt::Timestamp>")
    )]
    expires_at: Option<OffsetDateTime>,
}

request! {
    pub(crate) struct AcceptRequest {
        /// The id of the invitation accepted (one of `items`, pending).
        accepted_id: String,
        /// The member's invitations, the accepted one among them.
        #[serde(deserialize_with = "super::shape::objects")]
        items: Vec<InvitationStatusItem>,
    }
}

#[derive(Debug, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(crate) struct InvitationStatusItem {
    /// The invitation.
    id: String,
    /// Its status as the host stores it.
    status: Status,
}

#[derive(Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct Invalidated {
    /// The other invitations still pending, which acceptance makes invalid, in the order given.
    invalidated: Vec<String>,
}

impl Op for AcceptRequest {
    type Response = Invalidated;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let pairs: Vec<(&str, Status)> = self
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.status))
            .collect();
        let invalidated = invitation::accept(&pairs, &self.accepted_id)?
            .into_iter()
            .map(str::to_owned)
            .collect();
        Ok(Invalidated { invalidated })
    }
}

request! {
    pub(crate) struct ResendRequest {
        /// The invitations to resend.
        #[serde(deserialize_with = "super::shape::objects")]
        items: Vec<InvitationItem>,
    }
}

impl Op for ResendRequest {
    type Response = ItemResults;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let calendar = ctx.policy.calendar();
        let mut results = Vec::with_capacity(self.items.len());
        for item in self.items {
            let refusal =
                invitation::resend_refusal(item.status, item.expires_at, ctx.now_if_given())?;
            let reasons = refusal.map(|r| r.localized(calendar)).into_iter().collect();
            results.push(ItemResult::new(item.id, reasons));
        }
        Ok(ItemResults { results })
    }
}
