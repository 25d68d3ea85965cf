//! Platform error codes (docs/contract.md, "Verification codes"): the CBC codes the partner APIs answer with, their
//! HTTP status and what they mean, for hosts that must explain a platform answer.

use serde::Serialize;

use crate::reason::Text;

/// One platform error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PlatformError {
    /// The code as the platform writes it (`CBC.0100`).
    pub code: &'static str,
    /// The HTTP status the platform answers with. Some business errors come with 200.
    pub http_status: u16,
    /// What it means, in English and Chinese.
    pub message: Text,
}

/// Every known code, in the order of the contract.
pub const PLATFORM_ERRORS: [PlatformError; 10] = [
    PlatformError {
        code: "CBC.0100",
        http_status: 400,
        message: Text {
            en: "Parameter error.",
            zh: "参数错误。",
        },
    },
    PlatformError {
        code: "CBC.0150",
        http_status: 403,
        message: Text {
            en: "Access denied: the customer does not belong to this site.",
            zh: "访问拒绝，该客户不属于本站点。",
        },
    },
    PlatformError {
        code: "CBC.0151",
        http_status: 403,
        message: Text {
            en: "Access denied.",
            zh: "访问拒绝。",
        },
    },
    PlatformError {
        code: "CBC.0999",
        http_status: 500,
        message: Text {
            en: "Other error.",
            zh: "其他错误。",
        },
    },
    PlatformError {
        code: "CBC.5001",
        http_status: 200,
        message: Text {
            en: "Not a partner.",
            zh: "非合作伙伴。",
        },
    },
    PlatformError {
        code: "CBC.5003",
        http_status: 200,
        message: Text {
            en: "Insufficient balance.",
            zh: "余额不足。",
        },
    },
    PlatformError {
        code: "CBC.18000016",
        http_status: 400,
        message: Text {
            en: "Insufficient permissions.",
            zh: "权限不足。",
        },
    },
    PlatformError {
        code: "CBC.18000048",
        http_status: 400,
        message: Text {
            en: "Too many independent-accounting member accounts: specify a member account.",
            zh: "财务独立的企业子账号数量过多，请指定企业子账号。",
        },
    },
    PlatformError {
        code: "CBC.99000027",
        http_status: 400,
        message: Text {
            en: "The verification code has expired.",
            zh: "验证码已过期。",
        },
    },
    PlatformError {
        code: "CBC.99000037",
        http_status: 400,
        message: Text {
            en: "You have no permission to operate this reseller.",
            zh: "您没有操作该云经销商的权限。",
        },
    },
];

/// Looks a code up. Surrounding white space and ASCII case are ignored (`cbc.0100` finds
/// `CBC.0100`); an unknown code is `None`, not an error.
///
/// ```
/// use partner_rules::error_codes;
/// let found = error_codes::lookup(" cbc.5003 ").unwrap();
/// assert_eq!((found.code, found.http_status), ("CBC.5003", 200));
/// assert_eq!(found.message.zh, "余额不足。");
/// assert!(error_codes::lookup("CBC.0000").is_none());
/// ```
pub fn lookup(code: &str) -> Option<&'static PlatformError> {
    let code = code.trim();
    PLATFORM_ERRORS
        .iter()
        .find(|known| known.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_table_is_complete_and_unique() {
        let codes: HashSet<_> = PLATFORM_ERRORS.iter().map(|e| e.code).collect();
        assert_eq!(codes.len(), PLATFORM_ERRORS.len());
        for error in &PLATFORM_ERRORS {
            assert!(error.code.starts_with("CBC."));
            assert!([200, 400, 403, 500].contains(&error.http_status));
            assert!(!error.message.en.is_empty() && !error.message.zh.is_empty());
            assert_eq!(lookup(error.code), Some(error));
            assert_eq!(lookup(&error.code.to_lowercase()), Some(error));
        }
    }
}
