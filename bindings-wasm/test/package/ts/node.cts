// CommonJS TypeScript: `require` resolution gets the Node build's declarations. The
// `@ts-expect-error` lines prove the types are real: were they `any`, the directives would be
// unused and tsc would fail.
import rules = require("partner-rules");
import type { PreregistrationCheckRequest, Reason } from "partner-rules";

const request: PreregistrationCheckRequest = {
  op: "preregistration.check",
  now: "2026-11-21T10:00:00+08:00",
  partner: { id: "p-1", has_reserved_contact: true },
  customer: { has_huawei_contract: true },
};
const outcome: "allowed" | "manual_review" | "blocked" = rules.evaluate(request).outcome;
const reasons: Reason[] = new rules.Engine("cn").evaluate(request).reasons;
// @ts-expect-error: an unknown op is no request.
rules.evaluate({ op: "preregistration.chek" });
// @ts-expect-error: require() gets the Node build, which has no `initSync`.
rules.initSync();

export = { outcome, reasons };
