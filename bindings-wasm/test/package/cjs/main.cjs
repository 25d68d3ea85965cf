// A CommonJS program using partner-rules installed from the npm tarball: require() must get
// the Node build (node/partner_rules.js) and everything it promises.
"use strict";
const assert = require("node:assert/strict");

const rules = require("partner-rules");

const NOW = "2026-11-21T10:00:00+08:00";

assert.match(require.resolve("partner-rules"), /node_modules\/partner-rules\/node\/partner_rules\.js$/);
assert.equal(require("partner-rules/package.json").version, process.env.EXPECTED_VERSION);

const decision = rules.evaluate({
  op: "preregistration.check",
  now: NOW,
  partner: { id: "p-1", has_reserved_contact: true },
  customer: { id: "c-1", has_huawei_contract: true },
});
assert.equal(decision.outcome, "blocked");
assert.equal(decision.reasons[0].code, "customer_has_huawei_contract");

const cn = new rules.Engine("cn");
assert.equal(
  cn.evaluateJson('{"op": "preregistration.review_due", "submitted_at": "2026-11-21T10:00:00+08:00"}'),
  '{"policy":"cn","due_by":"2026-11-25T00:00:00+08:00"}',
);
assert.throws(
  () => rules.evaluate({ op: "preregistration.chek" }),
  (err) => err.name === "PartnerRulesError" && err.code === "unknown_op" && err.path === "$.op",
);
// Every op the request schema names, in its order.
assert.deepEqual(rules.ops(), require("partner-rules/schema/request.schema.json").properties.op.enum);
assert.ok(rules.ops().includes("budget.set"));
// The page-only functions belong to the web build and the ES module entry, not to require().
assert.equal(rules.initSync, undefined);

// The package ships whatever JSON schemas the core has (SCHEMA_DIR: the repository's
// core/schema), each reachable through the package's exports.
const { existsSync, readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const jsonFiles = (dir) => (existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith(".json")).sort() : []);
const schemas = jsonFiles(process.env.SCHEMA_DIR);
const shipped = jsonFiles(join(require.resolve("partner-rules/package.json"), "..", "schema"));
assert.deepEqual(shipped, schemas);
for (const name of schemas) {
  const expected = JSON.parse(readFileSync(join(process.env.SCHEMA_DIR, name), "utf8"));
  assert.deepEqual(require(`partner-rules/schema/${name}`), expected, name);
}

console.log(`cjs consumer: ok (partner-rules ${process.env.EXPECTED_VERSION}, ${require.resolve("partner-rules")}, schemas: ${schemas.join(", ") || "none"})`);
