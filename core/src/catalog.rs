//! The association failure-cause catalog (docs/contract.md, "Association"): twenty causes, in order, each with the
//! platform's own message (recognition data, kept exactly), our explanation, a suggested
//! operation, and the association model it is specific to, if any.
//!
//! The catalog is data compiled into the crate: [`Cause::ALL`] lists it; [`Cause::from_code`]
//! and [`Cause::from_message`] look a cause up in tables sorted at compile time (a binary
//! search, no allocation).
//!
//! The platform's messages are kept as the sources give them: in English for all twenty (the
//! user guide), and in Chinese for the eight causes whose text the Chinese mainland site's help
//! pages show (1–4, 8–10, 16). Those Chinese texts are recognition data, like the English ones:
//! a console may punctuate them differently, which the look-up forgives.

use serde::{Serialize, Serializer};

use crate::facts::Model;
use crate::lookup::{self, Key};
use crate::reason::{Operation, Text};

/// Declares the catalog once: number, variant, code, operation, the model the cause is specific
/// to (if any), the platform's message (English, and Chinese where a source gives it), and our
/// explanation in English and Chinese.
macro_rules! catalog {
    ($( $number:literal $variant:ident = $code:literal => $op:ident,
        $(only: $model:ident,)?
        platform: $platform_en:literal $(, zh: $platform_zh:literal)?,
        explanation: $en:literal, $zh:literal; )*) => {
        /// An association failure cause. Numbers and codes are the contract of docs/contract.md, "Association".
        ///
        /// A cause serializes as its code.
        ///
        /// ```
        /// use partner_rules::{Cause, Operation};
        /// let cause = Cause::InvitationLinkExpired;
        /// assert_eq!(cause.number(), 3);
        /// assert_eq!(cause.code(), "invitation_link_expired");
        /// assert_eq!(cause.suggested_operation(), Operation::ResendInvitation);
        /// assert_eq!(cause.platform_message_en(), "The invitation link has expired.");
        /// assert_eq!(serde_json::to_value(cause).unwrap(), "invitation_link_expired");
        /// ```
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Cause {
            $( #[doc = concat!(stringify!($number), ". `", $code, "`: ", $platform_en)] $variant, )*
        }

        impl Cause {
            /// All twenty causes in catalog order.
            pub const ALL: &'static [Cause] = &[$(Cause::$variant),*];

            /// The cause's number in the catalog, from 1.
            pub const fn number(self) -> u8 {
                match self { $(Cause::$variant => $number),* }
            }

            /// The stable snake_case code.
            pub const fn code(self) -> &'static str {
                match self { $(Cause::$variant => $code),* }
            }

            /// The operation suggested for this cause.
            pub const fn suggested_operation(self) -> Operation {
                match self { $(Cause::$variant => Operation::$op),* }
            }

            /// The message the platform shows, in English, exactly as the user guide gives it.
            pub const fn platform_message_en(self) -> &'static str {
                match self { $(Cause::$variant => $platform_en),* }
            }

            /// The message the platform shows in Chinese, where a source gives it: the Chinese
            /// mainland site's help pages, for causes 1–4, 8–10 and 16; `None` for the others.
            pub const fn platform_message_zh(self) -> Option<&'static str> {
                match self { $(Cause::$variant => catalog!(@option $($platform_zh)?)),* }
            }

            /// Our own explanation of the cause, in English and Chinese: the `message` of a
            /// reason with this cause.
            pub const fn message(self) -> Text {
                match self { $(Cause::$variant => Text { en: $en, zh: $zh }),* }
            }

            /// The association model this cause is specific to: `Reseller` for causes 6, 12, 13
            /// and 20, `Referral` for 14 and 15, `None` for causes that hold under either.
            ///
            /// ```
            /// use partner_rules::Cause;
            /// use partner_rules::facts::Model;
            /// assert_eq!(Cause::ReferralRestrictedByCountry.model(), Some(Model::Referral));
            /// assert_eq!(Cause::CustomerOverduePayment.model(), None);
            /// ```
            pub const fn model(self) -> Option<Model> {
                match self { $(Cause::$variant => catalog!(@option $(Model::$model)?)),* }
            }
        }

        static CODES: [Key<Cause>; Cause::ALL.len()] =
            lookup::table([$(Key::exact($code, Cause::$variant)),*]);

        static MESSAGES: &[Key<Cause>] = &lookup::table([$(
            Key::loose($platform_en, Cause::$variant),
            $(Key::loose($platform_zh, Cause::$variant),)?
            Key::loose($en, Cause::$variant),
            Key::loose($zh, Cause::$variant),
        )*]);
    };
    (@option) => { None };
    (@option $value:expr) => { Some($value) };
}

impl Cause {
    /// Whether the cause can hold under `model`: it is specific to no model, or to this one.
    pub fn applies_under(self, model: Model) -> bool {
        self.model().is_none_or(|only| only == model)
    }

    /// Looks a cause up by its stable code, exactly (codes are identifiers, not prose).
    ///
    /// ```
    /// use partner_rules::Cause;
    /// assert_eq!(Cause::from_code("system_busy"), Some(Cause::SystemBusy));
    /// assert_eq!(Cause::from_code("busy"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Cause> {
        lookup::find_exact(&CODES, code)
    }

    /// Looks a cause up by a message a person was shown: the platform's message (English, or
    /// Chinese where known), or our explanation in English or Chinese. `None` when nothing
    /// matches.
    ///
    /// Matching forgives the ways a copied message varies and nothing else. Both texts are
    /// normalized, then compared exactly:
    /// 1. white space and punctuation at either end are dropped (a missing or extra final
    ///    period `.` or `。`, quotes, brackets, `!`, `！`);
    /// 2. each run of white space inside becomes one space (tabs, line breaks, non-breaking and
    ///    ideographic spaces included);
    /// 3. full-width and half-width forms are folded as Unicode compatibility normalization
    ///    (NFKC) folds them (`，` matches `,`, `！` matches `!`, `｡` matches `。`);
    /// 4. letters are compared without regard to case.
    ///
    /// Words, and punctuation inside the text, must match. The look-up hashes the query once,
    /// binary-searches a table sorted at compile time and compares one candidate: it allocates
    /// nothing.
    ///
    /// ```
    /// use partner_rules::Cause;
    /// let shown = "  failed to associate with the partner because the customer has OVERDUE payment ";
    /// assert_eq!(Cause::from_message(shown), Some(Cause::CustomerOverduePayment));
    /// assert_eq!(Cause::from_message("该客户存在欠款"), Some(Cause::CustomerOverduePayment));
    /// // The Chinese site's own message, with ASCII punctuation instead of full-width.
    /// assert_eq!(Cause::from_message("系统繁忙,请稍后重试!"), Some(Cause::SystemBusy));
    /// assert_eq!(Cause::from_message("Something else went wrong."), None);
    /// ```
    pub fn from_message(text: &str) -> Option<Cause> {
        lookup::find_loose(MESSAGES, text)
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Cause {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CauseCode".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let codes: Vec<&str> = Cause::ALL.iter().map(|cause| cause.code()).collect();
        schemars::json_schema!({ "type": "string", "enum": codes })
    }
}

impl Serialize for Cause {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

catalog! {
    1 SystemBusy = "system_busy" => ContactCustomerService,
        platform: "The system is busy. Try later.",
            zh: "系统繁忙，请稍后重试！",
        explanation: "The platform could not process the association at that moment; nothing is wrong with the customer or the invitation.",
            "平台当时无法处理该关联请求，客户和邀请本身没有问题。";
    2 InvitationLinkNotFound = "invitation_link_not_found" => ResendInvitation,
        platform: "The invitation link does not exist.",
            zh: "邀请链接不存在",
        explanation: "The customer opened an invitation that does not exist (it was never sent, or has been withdrawn).",
            "客户打开的邀请不存在（从未发送或已被撤回）。";
    3 InvitationLinkExpired = "invitation_link_expired" => ResendInvitation,
        platform: "The invitation link has expired.",
            zh: "邀请链接已失效",
        explanation: "The invitation was accepted after its validity period ended.",
            "客户在邀请有效期结束后才接受邀请。";
    4 InvitationCodeUsed = "invitation_code_used" => ResendInvitation,
        platform: "The invitation code has been used.",
            zh: "邀请码已被使用",
        explanation: "The invitation code was already used by an earlier association attempt.",
            "该邀请码已在之前的关联尝试中使用过。";
    5 InvitationLinkUsed = "invitation_link_used" => ResendInvitation,
        platform: "The invitation link has been used.",
        explanation: "The invitation link was already used by an earlier association attempt.",
            "该邀请链接已在之前的关联尝试中使用过。";
    6 PrepaidPartnerResellerModel = "prepaid_partner_reseller_model" => ResendInvitation,
        only: Reseller,
        platform: "Prepaid partners cannot develop customers in reseller model.",
        explanation: "A prepaid partner invited the customer under the reseller model, which prepaid partners cannot use; invite again under the referral model.",
            "预付费伙伴以经销商模式邀请了客户，而预付费伙伴不能使用该模式；请以推荐模式重新邀请。";
    7 CustomerRegisteredByAnotherPartner = "customer_registered_by_another_partner" => NotAssociable,
        platform: "Failed to associate with the partner because the customer has been registered by another partner.",
        explanation: "Another partner holds a valid pre-registration of this customer.",
            "其他伙伴持有该客户的有效报备。";
    8 CustomerIsOrApplyingPartner = "customer_is_or_applying_partner" => NotAssociable,
        platform: "Failed to set the customer to a partner's customer because the customer is already a partner or is applying for becoming a partner.",
            zh: "客户已是合作伙伴或者正在申请成为合作伙伴，无法成为伙伴子客户",
        explanation: "The customer is itself a partner, or is applying to become one.",
            "该客户本身是伙伴，或正在申请成为伙伴。";
    9 CustomerAssociatedWithAnotherPartner = "customer_associated_with_another_partner" => NotAssociable,
        platform: "Failed to associate with the partner because the customer already associates with another partner.",
            zh: "客户已关联其他伙伴，无法再次关联",
        explanation: "The customer is already associated with another partner.",
            "该客户已与其他伙伴关联。";
    10 CustomerSpecialContract = "customer_special_contract" => NotAssociable,
        platform: "Failed to associate with the partner because the customer has a special contract.",
            zh: "客户有特殊合同，无法关联伙伴",
        explanation: "The customer has a special contract with Huawei Cloud.",
            "该客户与华为云签有特殊合同。";
    11 CustomerInternalAccount = "customer_internal_account" => NotAssociable,
        platform: "Failed to associate with the partner because the customer uses a Huawei internal account.",
        explanation: "The customer account is a Huawei internal account.",
            "该客户账号为华为内部账号。";
    12 ResellerIndependentAccountingMaster = "reseller_independent_accounting_master" => NotAssociableReseller,
        only: Reseller,
        platform: "Failed to associate with the partner in the reseller model because the customer has associated with an independent accounting member account as the enterprise master account.",
        explanation: "Under the reseller model, an enterprise master account with independent-accounting member accounts cannot be associated.",
            "经销商模式下，关联了独立记账成员账号的企业主账号无法关联。";
    13 ResellerEnterpriseMemberAccount = "reseller_enterprise_member_account" => NotAssociableReseller,
        only: Reseller,
        platform: "Failed to associate with the partner in the reseller model because the customer was using an enterprise member account to do so.",
        explanation: "Under the reseller model, an enterprise member account cannot be associated.",
            "经销商模式下，企业成员账号无法关联。";
    14 ReferralRestrictedByAgreement = "referral_restricted_by_agreement" => AssociateByReseller,
        only: Referral,
        platform: "According to your signed relationship with Huawei, some of the customers cannot be associated by referral model. It is recommended that you associate them by reseller model.",
        explanation: "Your agreement with Huawei does not let you associate this customer under the referral model.",
            "根据您与华为签署的协议，您无法以推荐模式关联该客户。";
    15 ReferralRestrictedByCountry = "referral_restricted_by_country" => AssociateByReseller,
        only: Referral,
        platform: "According to your registration country, some of the customers cannot be associated by referral model. It is recommended that you associate them by reseller model.",
        explanation: "Your registration country does not let you associate this customer under the referral model.",
            "根据您的注册国家，您无法以推荐模式关联该客户。";
    16 CustomerHasConsumptionRecord = "customer_has_consumption_record" => SubmitServiceTicket,
        platform: "Failed to associate with the partner because the customer has a consumption record.",
            zh: "客户有消费记录，无法关联伙伴",
        explanation: "The customer already has consumption records, so the association must be handled by customer service.",
            "该客户已有消费记录，需由客服处理关联。";
    17 TopupBalanceInvoiceOverLimit = "topup_balance_invoice_over_limit" => SubmitServiceTicket,
        platform: "Failed to associate with the partner because the top-up account has a balance and the outstanding invoice amount is greater than the limit.",
        explanation: "The customer's top-up account has a balance and its outstanding invoice amount is above the limit.",
            "该客户的充值账户有余额，且未开票金额超过上限。";
    18 CustomerRegistrationTooOld = "customer_registration_too_old" => SubmitServiceTicket,
        platform: "Failed to associate with the partner because the customer registration time exceeds the limit.",
        explanation: "The customer registered longer ago than the association allows.",
            "该客户的注册时间超过了允许关联的期限。";
    19 CustomerOverduePayment = "customer_overdue_payment" => RepayOverdueThenServiceTicket,
        platform: "Failed to associate with the partner because the customer has overdue payment.",
        explanation: "The customer has overdue payments.",
            "该客户存在欠款。";
    20 ResellerCreditBillRunOverdue = "reseller_credit_bill_run_overdue" => RepayAllOverdueThenServiceTicket,
        only: Reseller,
        platform: "Failed to associate with the partner by reseller model because the bill run of the customer's credit account is created and the account has overdue payment.",
        explanation: "Under the reseller model, the customer's credit account has a bill run and overdue payments.",
            "经销商模式下，该客户的信用账户已出账且存在欠款。";
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn catalog_is_numbered_in_order() {
        assert_eq!(Cause::ALL.len(), 20);
        for (i, cause) in Cause::ALL.iter().enumerate() {
            assert_eq!(usize::from(cause.number()), i + 1);
            assert_eq!(Cause::from_code(cause.code()), Some(*cause));
        }
        assert_eq!(Cause::from_code(""), None);
        assert_eq!(Cause::from_code("System_Busy"), None);
    }

    /// Every text a cause answers to: the platform's message and our explanation.
    fn texts(cause: Cause) -> Vec<&'static str> {
        let explanation = cause.message();
        let mut texts = vec![cause.platform_message_en(), explanation.en, explanation.zh];
        texts.extend(cause.platform_message_zh());
        texts
    }

    #[test]
    fn every_message_finds_its_cause() {
        for &cause in Cause::ALL {
            for text in texts(cause) {
                assert_eq!(Cause::from_message(text), Some(cause), "{text}");
                let without_period = text.trim_end_matches(['.', '。']);
                assert_eq!(Cause::from_message(without_period), Some(cause), "{text}");
                assert_eq!(
                    Cause::from_message(&format!("\n  “{}”  ", text.to_uppercase())),
                    Some(cause),
                    "{text}"
                );
            }
        }
    }

    #[test]
    fn near_misses_find_nothing() {
        for text in [
            "",
            ".",
            "The system is busy",
            "The system is busy.Try later.",
            "The invitation link has expired yesterday.",
            "Failed to associate with the partner because the customer",
            "该客户存在",
            "The invitation code has been used. The invitation link has been used.",
        ] {
            assert_eq!(Cause::from_message(text), None, "{text}");
        }
    }

    #[test]
    fn chinese_messages_forgive_width_and_final_punctuation() {
        assert_eq!(
            Cause::from_message("客户打开的邀请不存在(从未发送或已被撤回)"),
            Some(Cause::InvitationLinkNotFound)
        );
        assert_eq!(
            Cause::from_message("　该客户本身是伙伴,或正在申请成为伙伴！"),
            Some(Cause::CustomerIsOrApplyingPartner)
        );
    }

    #[test]
    fn model_specific_causes_are_the_contracts() {
        let only = |model: Model| -> Vec<u8> {
            Cause::ALL
                .iter()
                .filter(|cause| cause.model() == Some(model))
                .map(|cause| cause.number())
                .collect()
        };
        assert_eq!(only(Model::Reseller), [6, 12, 13, 20]);
        assert_eq!(only(Model::Referral), [14, 15]);
    }

    /// Adds the noise a copied message picks up: letters in random case, each space turned into
    /// a run of white space, white space and punctuation around it, a final period dropped.
    fn noisy(text: &str, noise: &[u8]) -> String {
        const SPACES: [&str; 5] = [" ", "  ", "\t", "\n ", "\u{3000}"];
        const EDGES: [&str; 6] = ["", " ", "\"", "“", "(", "\u{a0}"];
        let mut noise = noise.iter().copied().cycle();
        let mut pick = move |n: usize| usize::from(noise.next().unwrap_or(0)) % n;
        let mut out = String::from(EDGES[pick(EDGES.len())]);
        let body = if pick(2) == 0 {
            text.trim_end_matches(['.', '。'])
        } else {
            text
        };
        for c in body.chars() {
            match c {
                ' ' => out.push_str(SPACES[pick(SPACES.len())]),
                c if pick(2) == 0 => out.extend(c.to_uppercase()),
                c => out.push(c),
            }
        }
        out.push_str(EDGES[pick(EDGES.len())]);
        out
    }

    proptest! {
        #[test]
        fn any_catalog_message_with_case_and_space_noise_finds_its_cause(
            index in 0..Cause::ALL.len(),
            which in 0usize..3,
            noise in proptest::collection::vec(any::<u8>(), 1..64),
        ) {
            let cause = Cause::ALL[index];
            let text = texts(cause)[which];
            let shown = noisy(text, &noise);
            prop_assert_eq!(Cause::from_message(&shown), Some(cause), "{:?}", shown);
        }

        #[test]
        fn a_changed_word_finds_nothing(
            index in 0..Cause::ALL.len(),
            which in 0usize..3,
            extra in "[a-z]{1,3}",
        ) {
            let text = texts(Cause::ALL[index])[which];
            prop_assert_eq!(Cause::from_message(&format!("{extra} {text}")), None);
        }
    }
}
