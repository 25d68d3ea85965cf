// The JSON schemas the package ships (pkg/schema/) describe what it really takes and gives:
// every vector's request that gets an answer is valid against request.schema.json, and the
// answer the Node build returns for it against response.schema.json (as is the vector's own).
// Which refusals the schema alone can tell is the Rust test's concern (tests/tests/schema.rs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import Ajv2020 from "ajv/dist/2020.js";

import { loadVectorFiles, stringifyLossless } from "./vectors.mjs";

const rules = createRequire(import.meta.url)("../pkg/node/partner_rules.js");
const read = (name) => JSON.parse(readFileSync(new URL(`../pkg/schema/${name}.schema.json`, import.meta.url), "utf8"));
// Formats (date-time, uint32...) are annotations here: the engine checks them, with its own messages.
const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
const request = ajv.compile(read("request"));
const response = ajv.compile(read("response"));

function valid(validate, value, what) {
  assert.ok(validate(value), `${what}: ${ajv.errorsText(validate.errors)}`);
}

test("every answered vector: its request, its answer and the package's answer match the schemas", () => {
  let count = 0;
  for (const { file, vectors } of loadVectorFiles()) {
    for (const vector of vectors) {
      if (!("request" in vector) || !("expected" in vector)) continue;
      const what = `${file} / ${vector.name}`;
      // Plain JSON numbers: types and bounds are what the schema checks, and they survive.
      valid(request, JSON.parse(stringifyLossless(vector.request)), `${what}: request`);
      valid(response, JSON.parse(stringifyLossless(vector.expected)), `${what}: expected`);
      const answer = JSON.parse(rules.evaluateJson(stringifyLossless(vector.request)));
      valid(response, answer, `${what}: answer`);
      count += 1;
    }
  }
  assert.ok(count > 0, "no answered vectors found");
});

test("the schemas refuse a misspelled fact and an unknown op, as the engine does", () => {
  const good = { op: "preregistration.check", now: "2026-11-21T10:00:00+08:00", partner: { id: "p" } };
  valid(request, good, "good request");
  for (const bad of [
    { ...good, partner: { id: "p", frozn: true } },
    { ...good, op: "preregistration.chek" },
  ]) {
    assert.equal(request(bad), false, JSON.stringify(bad));
    assert.throws(() => rules.evaluate(bad), (err) => ["invalid_input", "unknown_op"].includes(err.code));
  }
});
