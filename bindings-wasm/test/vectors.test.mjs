// Every shared conformance vector through both packages: `evaluate` (objects in and out),
// `evaluateJson` (text) and a default `Engine`, compared with the expected JSON. The web
// build (pkg/web/) is built differently (for size, without the core's fast path), so it runs
// them too, loaded from disk as a page would fetch it.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { holdsBigInt, loadVectorFiles, parseLossless, stringifyLossless } from "./vectors.mjs";

const web = await import("../pkg/web/partner_rules.js");
web.initSync({ module: readFileSync(new URL("../pkg/web/partner_rules_bg.wasm", import.meta.url)) });
const packages = {
  "node": createRequire(import.meta.url)("../pkg/node/partner_rules.js"),
  "web": web,
};

const files = loadVectorFiles();

test("the vector directory has vector files", () => {
  assert.ok(files.length > 0, "no tests/vectors/*.json found");
});

for (const [name, rules] of Object.entries(packages)) {
  const engine = new rules.Engine();
  describe(name, () => {
    for (const { file, vectors } of files) {
      describe(file, () => {
        for (const vector of vectors) {
          test(vector.name, (t) => checkVector(rules, engine, vector, t));
        }
      });
    }
  });
}

function checkVector(rules, engine, vector, t) {
  assert.ok(
    ("request" in vector) !== ("request_text" in vector),
    "a vector needs exactly one of request and request_text",
  );
  assert.ok(
    ("expected" in vector) !== ("error" in vector),
    "a vector needs exactly one of expected and error",
  );
  const text = "request" in vector ? stringifyLossless(vector.request) : vector.request_text;
  const calls = [
    ["evaluateJson", () => parseLossless(rules.evaluateJson(text))],
    ["Engine.evaluateJson", () => parseLossless(engine.evaluateJson(text))],
  ];
  // `request_text` is raw text (malformed JSON, duplicate keys): only the text entry points see
  // it. Integers beyond 2^53 cannot be JavaScript numbers: those vectors are for the text
  // entry points only as well.
  const exact = !holdsBigInt(vector.request) && !holdsBigInt(vector.expected);
  if ("request" in vector && !exact) {
    t.diagnostic("integers beyond 2^53: evaluateJson only");
  }
  if ("request" in vector && exact) {
    calls.push(["evaluate", () => rules.evaluate(structuredClone(vector.request))]);
    calls.push(["Engine.evaluate", () => engine.evaluate(structuredClone(vector.request))]);
  }
  for (const [via, call] of calls) {
    if ("expected" in vector) {
      // deepStrictEqual also compares prototypes: responses must be plain objects and arrays.
      assert.deepStrictEqual(call(), vector.expected, `${via}: response differs`);
    } else {
      assert.throws(call, (err) => {
        assert.ok(err instanceof Error, `${via}: thrown value is not an Error`);
        assert.equal(err.code, vector.error.code, `${via}: code (${err.message})`);
        assert.equal(err.path, vector.error.path, `${via}: path (${err.message})`);
        assert.equal(err.message, vector.error.message, `${via}: message`);
        return true;
      });
    }
  }
}
