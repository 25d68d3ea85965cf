// The JavaScript surface beyond the vectors: thrown errors, plain-object responses, the Engine
// class and the conversion of JavaScript values that JSON text cannot express.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const { evaluate, evaluateJson, Engine, ops } = createRequire(import.meta.url)(
  "../pkg/node/partner_rules.js",
);

const NOW = "2026-11-21T10:00:00+08:00";
const check = (customer = {}, partner = { id: "p-1", has_reserved_contact: true }) => ({
  op: "preregistration.check",
  now: NOW,
  partner,
  customer,
});

/** Asserts that `call` throws a PartnerRulesError with this code and path. */
function throwsRulesError(call, code, path) {
  assert.throws(call, (err) => {
    assert.ok(err instanceof Error, "an Error instance");
    assert.equal(err.name, "PartnerRulesError");
    assert.equal(err.code, code, err.message);
    assert.equal(err.path, path, err.message);
    assert.ok(err.message.length > 0);
    assert.ok(err.stack.includes("PartnerRulesError"), "a stack trace naming the error");
    return true;
  });
}

test("responses are plain objects that JSON round-trips to the evaluateJson answer", () => {
  const request = check({ registration_country: "MY", has_huawei_contract: true });
  const response = evaluate(request);
  assert.equal(Object.getPrototypeOf(response), Object.prototype);
  assert.ok(Array.isArray(response.reasons));
  assert.equal(Object.getPrototypeOf(response.reasons[0].message), Object.prototype);
  assert.equal(response.outcome, "blocked");
  assert.equal(response.reasons[0].code, "customer_has_huawei_contract");
  assert.equal(response.expires_at, null, "absent values are null, never missing");
  assert.deepStrictEqual(JSON.parse(JSON.stringify(response)), JSON.parse(evaluateJson(JSON.stringify(request))));
});

test("a request that is not an object is invalid input at $", () => {
  for (const request of [[], "preregistration.check", 42, null, true]) {
    throwsRulesError(() => evaluate(request), "invalid_input", "$");
  }
  throwsRulesError(() => evaluate(), "invalid_input", "$");
});

test("a missing or misspelled op", () => {
  throwsRulesError(() => evaluate({}), "invalid_input", "$.op");
  throwsRulesError(() => evaluate({ op: 7 }), "invalid_input", "$.op");
  throwsRulesError(() => evaluate({ op: "preregistration.chek" }), "unknown_op", "$.op");
  assert.throws(() => evaluate({ op: "preregistration.chek" }), /`preregistration\.check`/);
});

test("wrong facts are errors at their JSON path, not decisions", () => {
  throwsRulesError(() => evaluate(check({ has_huawei_contrakt: true })), "invalid_input", "$.customer.has_huawei_contrakt");
  throwsRulesError(() => evaluate(check({}, { id: 7 })), "invalid_input", "$.partner.id");
  throwsRulesError(() => evaluate(check({}, { id: "p", active_preregistrations: 1.5 })), "invalid_input", "$.partner.active_preregistrations");
  throwsRulesError(() => evaluate(check({ registered_at: "yesterday" })), "invalid_input", "$.customer.registered_at");
  throwsRulesError(() => evaluate({ ...check(), now: undefined }), "invalid_input", "$.now");
  throwsRulesError(() => evaluate({ ...check(), policy: { review_working_days: 0 } }), "invalid_input", "$.policy.review_working_days");
});

test("JavaScript values read as JSON.stringify reads them", () => {
  // An undefined property is absent, as in JSON text: the customer defaults to no facts.
  assert.equal(evaluate({ ...check(), customer: undefined }).outcome, "allowed");
  // A Date is its RFC 3339 text; answers come in the policy's offset.
  const at = new Date("2026-11-21T02:00:00Z");
  assert.equal(evaluate({ ...check(), now: at }).expires_at, "2026-12-06T10:00:00+08:00");
});

test("JavaScript values that are not JSON data are invalid input", () => {
  // Functions and symbols are no JSON: the property is absent, so the required partner is missing.
  throwsRulesError(() => evaluate({ ...check(), partner: () => "p-1" }), "invalid_input", "$.partner");
  throwsRulesError(() => evaluate({ ...check(), partner: Symbol("p") }), "invalid_input", "$.partner");
  throwsRulesError(() => evaluate(check({}, { id: "p", active_preregistrations: 3n })), "invalid_input", "$");
  throwsRulesError(() => evaluate(check({}, { id: "p", active_preregistrations: NaN })), "invalid_input", "$.partner.active_preregistrations");
  const cyclic = check();
  cyclic.customer.self = cyclic;
  throwsRulesError(() => evaluate(cyclic), "invalid_input", "$");
});

test("evaluateJson reports malformed text", () => {
  throwsRulesError(() => evaluateJson("{"), "invalid_input", "$");
  throwsRulesError(() => evaluateJson('{"op": "x", "op": "y"}'), "invalid_input", "$.op");
  throwsRulesError(() => evaluateJson(JSON.stringify(check({ frozn: true }))), "invalid_input", "$.customer.frozn");
});

test("evaluateJson takes text only", () => {
  for (const request of [{ op: "preregistration.check" }, 42, null, undefined, ["x"]]) {
    throwsRulesError(() => evaluateJson(request), "invalid_input", "$");
    throwsRulesError(() => new Engine().evaluateJson(request), "invalid_input", "$");
  }
});

// Text crosses the boundary by hand-written helpers (js/text.js): every kind of character must
// come back as it went in, whatever its size, including after the module's memory has grown.
test("text of every kind of character survives the way in and out", () => {
  const names = ["张三丰", "🐼🐼🐼", "José", "Ｊｏｈｎ", "a\u0000b", "\"quoted\" \\ back", "é".repeat(5000), "x".repeat(100_000)];
  const records = names.map((name) => ({ id: name, note: `${name}|${name}` }));
  // Fields other than name, mobile and email pass through export.mask untouched.
  const response = evaluate({ op: "export.mask", records });
  assert.deepStrictEqual(response.records, records);
  const text = JSON.stringify({ op: "export.mask", records });
  assert.deepStrictEqual(JSON.parse(evaluateJson(text)).records, records);
  // A request big enough to grow the module's memory, then a small one read through the grown
  // memory.
  const big = Array.from({ length: 20_000 }, (_, i) => ({ id: `c-${i}`, name: "欧阳娜娜".repeat(20) }));
  assert.equal(evaluate({ op: "export.mask", records: big }).records.length, big.length);
  assert.equal(evaluate({ op: "export.mask", records: [{ name: "欧阳娜娜" }] }).records[0].name, "欧***");
});

test("lone surrogates: U+FFFD in text, invalid input in objects", () => {
  const lone = String.fromCharCode(0xd800);
  const text = `{"op": "export.mask", "records": [{"id": "a${lone}b"}]}`;
  assert.equal(JSON.parse(evaluateJson(text)).records[0].id, "a\ufffdb");
  // JSON.stringify writes a lone surrogate as an escape, which JSON text may not hold alone.
  assert.throws(() => evaluate({ op: "export.mask", records: [{ id: `a${lone}b` }] }), { code: "invalid_input" });
});

test("an Engine holds its policy and a request's own policy wins", () => {
  const cn = new Engine("cn");
  const reviewDue = { op: "preregistration.review_due", submitted_at: "2026-11-20T18:00:00+08:00" };
  assert.deepStrictEqual(cn.evaluate(reviewDue), { policy: "cn", due_by: "2026-11-25T00:00:00+08:00" });
  assert.equal(JSON.parse(cn.evaluateJson(JSON.stringify(reviewDue))).policy, "cn");
  assert.equal(cn.evaluate({ ...reviewDue, policy: "intl-2025" }).policy, "intl-2025");
  assert.equal(new Engine().evaluate(reviewDue).policy, "intl-2024");
  cn.free();
});

test("an Engine takes a policy object and shows the policy in full", () => {
  const engine = new Engine({ preset: "intl-2025", preregistration_validity_days: 30 });
  const policy = engine.policy;
  assert.equal(policy.preset, "intl-2025");
  assert.equal(policy.preregistration_validity_days, 30);
  assert.equal(policy.disassociation_max_per_side, 3);
  assert.equal(policy.link_invitation_validity_days, null);
  assert.deepStrictEqual(policy.calendar.weekend, ["saturday", "sunday"]);
  assert.equal(engine.evaluate(check()).expires_at, "2026-12-21T10:00:00+08:00");
});

test("a bad policy is refused when the Engine is made", () => {
  throwsRulesError(() => new Engine({ preregistration_validity_days: -1 }), "invalid_input", "$.preregistration_validity_days");
  throwsRulesError(() => new Engine({ calendar: { weekend: ["caturday"] } }), "invalid_input", "$.calendar.weekend[0]");
  throwsRulesError(() => new Engine("intl-2099"), "invalid_input", "$");
  throwsRulesError(() => new Engine(12), "invalid_input", "$");
});

test("ops lists the ops in the order of the contract", () => {
  const names = ops();
  assert.equal(names[0], "preregistration.check");
  assert.ok(names.includes("invitation.resend"));
  for (const op of names) {
    // Every listed op is dispatched: a request without its fields may fail, but not as unknown_op.
    try {
      evaluate({ op });
    } catch (err) {
      assert.equal(err.code, "invalid_input", `${op}: ${err.message}`);
    }
  }
});
