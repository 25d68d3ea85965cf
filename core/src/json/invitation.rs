//! Wire types of the invitation ops.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{request, Context, ItemResult, ItemResults, Op, WithPolicy};
use crate::error::{index_path, Error};
use crate::facts::{Customer, InvitationMethod, Partner};
use crate::invitation::{self, SendDecision, Status};
use crate::reason::Reason;
use crate::timefmt::{quote, rfc3339_option};

request! {
    pub(crate) struct SendRequest {
        #[serde(deserialize_with = "crate::json::shape::object")]
        partner: Partner,
        #[serde(default, deserialize_with = "crate::json::shape::object")]
        customer: Customer,
        method: InvitationMethod,
        #[serde(default)]
        operator_account_name: Option<String>,
    }
}

impl Op for SendRequest {
    type Response = WithPolicy<SendDecision>;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let now = ctx.now()?;
        Ok(WithPolicy {
            policy: ctx.policy.preset_name(),
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
#[serde(deny_unknown_fields)]
pub(crate) struct ResendItem {
    id: String,
    status: Status,
    #[serde(default, with = "rfc3339_option")]
    expires_at: Option<OffsetDateTime>,
}

request! {
    pub(crate) struct AcceptRequest {
        accepted_id: String,
        #[serde(deserialize_with = "crate::json::shape::objects")]
        items: Vec<AcceptItem>,
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AcceptItem {
    id: String,
    status: Status,
}

#[derive(Debug, Serialize)]
pub(crate) struct Invalidated {
    invalidated: Vec<String>,
}

impl Op for AcceptRequest {
    type Response = Invalidated;

    fn run(self, _ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let accepted = self.items.iter().find(|item| item.id == self.accepted_id);
        match accepted.map(|item| item.status) {
            Some(Status::Pending) => {}
            Some(other) => {
                return Err(Error::invalid_input(
                    "$.accepted_id",
                    format!(
                        "expected the id of a pending invitation, but {} is `{}`",
                        quote(&self.accepted_id),
                        serde_json::to_value(other)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            .unwrap_or_default()
                    ),
                ))
            }
            None => {
                return Err(Error::invalid_input(
                    "$.accepted_id",
                    format!(
                        "expected the id of one of `items`, got {}",
                        quote(&self.accepted_id)
                    ),
                ))
            }
        }
        let pairs: Vec<(&str, Status)> = self
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.status))
            .collect();
        let invalidated = invitation::invalidated_by_acceptance(&pairs, &self.accepted_id)
            .into_iter()
            .map(str::to_owned)
            .collect();
        Ok(Invalidated { invalidated })
    }
}

request! {
    pub(crate) struct ResendRequest {
        #[serde(deserialize_with = "crate::json::shape::objects")]
        items: Vec<ResendItem>,
    }
}

impl Op for ResendRequest {
    type Response = ItemResults;

    fn run(self, ctx: &Context<'_>) -> Result<Self::Response, Error> {
        let calendar = ctx.policy.calendar();
        let mut results = Vec::with_capacity(self.items.len());
        for (index, item) in self.items.into_iter().enumerate() {
            // Only a pending invitation with a known expiry needs the clock; the request may
            // then not leave `now` out, or the answer would silently trust a stale status.
            let now = match (item.status, item.expires_at) {
                (Status::Pending, Some(_)) => Some(ctx.now().map_err(|e| {
                    Error::invalid_input(
                        e.path(),
                        format!(
                            "{} (item {} is pending with a known expiry)",
                            e.message(),
                            index_path("$.items", index)
                        ),
                    )
                })?),
                _ => None,
            };
            let reasons: Vec<Reason> =
                invitation::resend_refusal(item.status, item.expires_at, now)
                    .map(|r| r.localized(calendar))
                    .into_iter()
                    .collect();
            results.push(ItemResult::new(item.id, reasons));
        }
        Ok(ItemResults { results })
    }
}
