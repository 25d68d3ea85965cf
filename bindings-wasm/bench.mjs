// Microseconds per pre-registration check through the Node package (pkg-node/), by entry point.
// A benchmark, not a test: it asserts nothing about speed. Compare with the native Rust JSON path:
//   cargo run --release -p partner-rules-wasm --example native_bench
// Run: node bench.mjs (after ./build.sh).
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const { evaluate, evaluateJson, Engine } = createRequire(import.meta.url)("./pkg-node/partner_rules.js");

const text = readFileSync(new URL("./bench/preregistration_check.json", import.meta.url), "utf8");
const request = JSON.parse(text);
const engine = new Engine();
const BATCH = 2000;
const BATCHES = 15;

const cases = {
  "evaluateJson (text in, text out)": () => evaluateJson(text),
  "evaluate (object in, object out)": () => evaluate(request),
  "Engine.evaluate (object in, object out)": () => engine.evaluate(request),
  "Engine.evaluateJson (text in, text out)": () => engine.evaluateJson(text),
  "JSON.stringify + evaluateJson + JSON.parse": () => JSON.parse(evaluateJson(JSON.stringify(request))),
};

console.log(`response: ${evaluateJson(text)}`);
console.log(`node ${process.version}, ${BATCHES} batches of ${BATCH} calls, median per call:`);
for (const [name, call] of Object.entries(cases)) {
  // Warm up for a second: V8 first runs WebAssembly in its baseline compiler and moves hot
  // functions to the optimizing one in the background, later on a busy machine.
  for (const until = Date.now() + 1000; Date.now() < until; ) call();
  const perCall = [];
  for (let b = 0; b < BATCHES; b++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < BATCH; i++) call();
    perCall.push(Number(process.hrtime.bigint() - start) / 1000 / BATCH);
  }
  perCall.sort((a, b) => a - b);
  console.log(`  ${name.padEnd(46)} ${perCall[BATCHES >> 1].toFixed(2)} µs (fastest batch ${perCall[0].toFixed(2)})`);
}
