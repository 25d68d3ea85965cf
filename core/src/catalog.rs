//! The association failure-cause catalog (SPEC section 6): twenty causes, in order, each with the
//! platform's own message (recognition data, kept exactly), our explanation, and a suggested
//! operation.

use crate::reason::{Operation, Text};

/// Declares the catalog once: number, variant, code, operation, the platform's English message,
/// and our explanation in English and Chinese.
macro_rules! catalog {
    ($( $number:literal $variant:ident = $code:literal => $op:ident,
        platform: $platform_en:literal,
        explanation: $en:literal, $zh:literal; )*) => {
        /// An association failure cause. Numbers and codes are the contract of SPEC section 6.
        ///
        /// ```
        /// use partner_rules::{Cause, Operation};
        /// let cause = Cause::InvitationLinkExpired;
        /// assert_eq!(cause.number(), 3);
        /// assert_eq!(cause.code(), "invitation_link_expired");
        /// assert_eq!(cause.suggested_operation(), Operation::ResendInvitation);
        /// assert_eq!(cause.platform_message_en(), "The invitation link has expired.");
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

            /// Our own explanation of the cause, in English and Chinese.
            pub const fn explanation(self) -> Text {
                match self { $(Cause::$variant => Text { en: $en, zh: $zh }),* }
            }

            /// Looks a cause up by its stable code.
            ///
            /// ```
            /// use partner_rules::Cause;
            /// assert_eq!(Cause::from_code("system_busy"), Some(Cause::SystemBusy));
            /// assert_eq!(Cause::from_code("busy"), None);
            /// ```
            pub fn from_code(code: &str) -> Option<Cause> {
                match code {
                    $($code => Some(Cause::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

catalog! {
    1 SystemBusy = "system_busy" => ContactCustomerService,
        platform: "The system is busy. Try later.",
        explanation: "The platform could not process the association at that moment; nothing is wrong with the customer or the invitation.",
            "平台当时无法处理该关联请求，客户和邀请本身没有问题。";
    2 InvitationLinkNotFound = "invitation_link_not_found" => ResendInvitation,
        platform: "The invitation link does not exist.",
        explanation: "The customer opened an invitation that does not exist (it was never sent, or has been withdrawn).",
            "客户打开的邀请不存在（从未发送或已被撤回）。";
    3 InvitationLinkExpired = "invitation_link_expired" => ResendInvitation,
        platform: "The invitation link has expired.",
        explanation: "The invitation was accepted after its validity period ended.",
            "客户在邀请有效期结束后才接受邀请。";
    4 InvitationCodeUsed = "invitation_code_used" => ResendInvitation,
        platform: "The invitation code has been used.",
        explanation: "The invitation code was already used by an earlier association attempt.",
            "该邀请码已在之前的关联尝试中使用过。";
    5 InvitationLinkUsed = "invitation_link_used" => ResendInvitation,
        platform: "The invitation link has been used.",
        explanation: "The invitation link was already used by an earlier association attempt.",
            "该邀请链接已在之前的关联尝试中使用过。";
    6 PrepaidPartnerResellerModel = "prepaid_partner_reseller_model" => ResendInvitation,
        platform: "Prepaid partners cannot develop customers in reseller model.",
        explanation: "A prepaid partner invited the customer under the reseller model, which prepaid partners cannot use; invite again under the referral model.",
            "预付费伙伴以经销商模式邀请了客户，而预付费伙伴不能使用该模式；请以推荐模式重新邀请。";
    7 CustomerRegisteredByAnotherPartner = "customer_registered_by_another_partner" => NotAssociable,
        platform: "Failed to associate with the partner because the customer has been registered by another partner.",
        explanation: "Another partner holds a valid pre-registration of this customer.",
            "其他伙伴持有该客户的有效报备。";
    8 CustomerIsOrApplyingPartner = "customer_is_or_applying_partner" => NotAssociable,
        platform: "Failed to set the customer to a partner's customer because the customer is already a partner or is applying for becoming a partner.",
        explanation: "The customer is itself a partner, or is applying to become one.",
            "该客户本身是伙伴，或正在申请成为伙伴。";
    9 CustomerAssociatedWithAnotherPartner = "customer_associated_with_another_partner" => NotAssociable,
        platform: "Failed to associate with the partner because the customer already associates with another partner.",
        explanation: "The customer is already associated with another partner.",
            "该客户已与其他伙伴关联。";
    10 CustomerSpecialContract = "customer_special_contract" => NotAssociable,
        platform: "Failed to associate with the partner because the customer has a special contract.",
        explanation: "The customer has a special contract with Huawei Cloud.",
            "该客户与华为云签有特殊合同。";
    11 CustomerInternalAccount = "customer_internal_account" => NotAssociable,
        platform: "Failed to associate with the partner because the customer uses a Huawei internal account.",
        explanation: "The customer account is a Huawei internal account.",
            "该客户账号为华为内部账号。";
    12 ResellerIndependentAccountingMaster = "reseller_independent_accounting_master" => NotAssociableReseller,
        platform: "Failed to associate with the partner in the reseller model because the customer has associated with an independent accounting member account as the enterprise master account.",
        explanation: "Under the reseller model, an enterprise master account with independent-accounting member accounts cannot be associated.",
            "经销商模式下，关联了独立记账成员账号的企业主账号无法关联。";
    13 ResellerEnterpriseMemberAccount = "reseller_enterprise_member_account" => NotAssociableReseller,
        platform: "Failed to associate with the partner in the reseller model because the customer was using an enterprise member account to do so.",
        explanation: "Under the reseller model, an enterprise member account cannot be associated.",
            "经销商模式下，企业成员账号无法关联。";
    14 ReferralRestrictedByAgreement = "referral_restricted_by_agreement" => AssociateByReseller,
        platform: "According to your signed relationship with Huawei, some of the customers cannot be associated by referral model. It is recommended that you associate them by reseller model.",
        explanation: "Your agreement with Huawei does not let you associate this customer under the referral model.",
            "根据您与华为签署的协议，您无法以推荐模式关联该客户。";
    15 ReferralRestrictedByCountry = "referral_restricted_by_country" => AssociateByReseller,
        platform: "According to your registration country, some of the customers cannot be associated by referral model. It is recommended that you associate them by reseller model.",
        explanation: "Your registration country does not let you associate this customer under the referral model.",
            "根据您的注册国家，您无法以推荐模式关联该客户。";
    16 CustomerHasConsumptionRecord = "customer_has_consumption_record" => SubmitServiceTicket,
        platform: "Failed to associate with the partner because the customer has a consumption record.",
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
        platform: "Failed to associate with the partner by reseller model because the bill run of the customer's credit account is created and the account has overdue payment.",
        explanation: "Under the reseller model, the customer's credit account has a bill run and overdue payments.",
            "经销商模式下，该客户的信用账户已出账且存在欠款。";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_is_numbered_in_order() {
        assert_eq!(Cause::ALL.len(), 20);
        for (i, cause) in Cause::ALL.iter().enumerate() {
            assert_eq!(usize::from(cause.number()), i + 1);
            assert_eq!(Cause::from_code(cause.code()), Some(*cause));
        }
    }
}
