// An ES module program using partner-rules installed from the npm tarball: import must get the
// Node build through its ES module entry (node/partner_rules.mjs), the same instance require()
// gets, with init() as a no-op so that code written for pages runs; and the web build must
// also work in Node when asked for by name.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

import init, { Engine, evaluate, evaluateJson, initSync, ops } from "partner-rules";

const NOW = "2026-11-21T10:00:00+08:00";
const entry = import.meta.resolve("partner-rules");
assert.match(entry, /node_modules\/partner-rules\/node\/partner_rules\.mjs$/);

await init();
initSync();
const required = createRequire(import.meta.url)("partner-rules");
assert.equal(required.Engine, Engine, "one instance, whichever way the package is loaded");
assert.equal(required.evaluate, evaluate);

const answer = evaluate({ op: "failure_cause.lookup", message: "The invitation link has expired." });
assert.equal(answer.cause.code, "invitation_link_expired");
assert.equal(JSON.parse(evaluateJson(JSON.stringify({ op: "failure_cause.catalog" }))).causes.length, 20);
assert.equal(new Engine("intl-2025").policy.disassociation_max_per_side, 3);
assert.deepEqual(ops(), required.ops());
for (const name of process.env.SCHEMAS ? process.env.SCHEMAS.split(",") : []) {
  const { default: schema } = await import(`partner-rules/schema/${name}`, { with: { type: "json" } });
  assert.equal(typeof schema, "object", name);
}

// The size-tuned web build, by its own name, loaded as a page would but from disk.
const web = await import("partner-rules/web");
assert.match(import.meta.resolve("partner-rules/web"), /node_modules\/partner-rules\/web\/partner_rules\.js$/);
const wasmPath = fileURLToPath(import.meta.resolve("partner-rules/web/partner_rules_bg.wasm"));
web.initSync({ module: readFileSync(wasmPath) });
const request = { op: "preregistration.check", now: NOW, partner: { id: "p-1" }, customer: { id: "c-1", online_sales_team: true } };
assert.deepEqual(web.evaluate(request), evaluate(request), "both builds answer alike");

console.log(`esm consumer: ok (${entry})`);
