// The demo page in a real browser (Debian's /usr/bin/chromium, headless, driven by
// playwright-core; nothing is downloaded), as users get it: the page built by Vite in a project
// that installed the npm package from its tarball (ci.sh makes it; DEMO_PROJECT names its
// directory, whose dist/ is served). Fills the form as a partner would and checks that the page
// shows what the library decides. The same requests go through the installed package's Node
// build to know what to expect, and the decisive codes are also asserted outright. Screenshots
// go to ${CI_LOG_DIR:-.ci-logs}/demo.png (English) and demo-zh.png (Chinese) for a person to
// look at.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

import { chromium } from "playwright-core";

import { serve } from "../serve.mjs";

const PROJECT = resolve(process.env.DEMO_PROJECT ?? new URL("../../www", import.meta.url).pathname);
const installed = createRequire(join(PROJECT, "package.json"));
const library = installed("partner-rules");
// The module pages must get: the package's size-tuned web build, within the size budget.
const WEB_MODULE = readFileSync(installed.resolve("partner-rules/web/partner_rules_bg.wasm"));
// The budget is ci.sh's (`budget_bytes`), which runs this test.
const BUDGET_BYTES = Number(process.env.WEB_BUDGET_BYTES);

const NOW = "2026-11-21T10:00:00+08:00";
const LOG_DIR = resolve(process.env.CI_LOG_DIR ?? ".ci-logs");
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

let server;
let browser;
let page;
const pageErrors = [];
const modulesFetched = [];

before(async () => {
  server = await serve({ root: join(PROJECT, "dist") });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(5000);
  page.on("pageerror", (err) => pageErrors.push(err.message));
  page.on("console", (msg) => {
    if (msg.type() === "error") pageErrors.push(msg.text());
  });
  page.on("response", async (response) => {
    if (new URL(response.url()).pathname.endsWith(".wasm")) modulesFetched.push(await response.body());
  });
  await page.goto(`${server.url}/`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  await setText("request-now", NOW);
});

after(async () => {
  mkdirSync(LOG_DIR, { recursive: true });
  if (page) {
    await page.click("#lang-en");
    await page.screenshot({ path: `${LOG_DIR}/demo.png`, fullPage: true });
    await page.click("#lang-zh");
    await page.screenshot({ path: `${LOG_DIR}/demo-zh.png`, fullPage: true });
    console.log(`screenshots: ${LOG_DIR}/demo.png ${LOG_DIR}/demo-zh.png`);
  }
  await browser?.close();
  await server?.close();
});

async function setText(id, value) {
  await page.fill(`#${id}`, value);
}

async function setCheck(id, checked) {
  await page.setChecked(`#${id}`, checked);
}

/** What a panel shows: outcome, reason codes, messages and suggested operations. */
async function shown(selector) {
  return page.$eval(selector, (root) => ({
    outcome: root.querySelector("[data-outcome]")?.dataset.outcome ?? null,
    outcomeText: root.querySelector("[data-outcome] strong")?.textContent ?? null,
    codes: [...root.querySelectorAll("li[data-code]")].map((li) => li.dataset.code),
    messages: [...root.querySelectorAll("li[data-code] .message")].map((p) => p.textContent),
    operations: [...root.querySelectorAll("li[data-code]")].map(
      (li) => li.querySelector(".operation")?.lastChild.textContent ?? null,
    ),
    error: root.querySelector("[data-error-code]")?.textContent ?? null,
  }));
}

function expectedView(answer, lang) {
  return {
    outcome: answer.outcome,
    codes: answer.reasons.map((r) => r.code),
    messages: answer.reasons.map((r) => r.message[lang]),
    operations: answer.reasons.map((r) => r.suggested_operation?.[lang] ?? null),
  };
}

function assertPanel(view, answer, lang) {
  assert.equal(view.error, null, `the page shows an error: ${view.error}`);
  const { outcomeText: _, error: __, ...rest } = view;
  assert.deepStrictEqual(rest, expectedView(answer, lang));
}

describe("pre-registration panel", () => {
  const partner = { id: "p-1", registration_country: "SG", has_reserved_contact: true };
  const customer = { registration_country: "MY", has_huawei_contract: true, online_sales_team: true };

  test("a customer with a Huawei contract is blocked, with every reason", async () => {
    await setText("partner-registration_country", partner.registration_country);
    await setText("customer-registration_country", customer.registration_country);
    await setCheck("customer-has_huawei_contract", true);
    await setCheck("customer-online_sales_team", true);
    const answer = library.evaluate({ op: "preregistration.check", now: NOW, policy: "intl-2024", partner, customer });
    const view = await shown("#preregistration");
    assert.equal(view.outcome, "blocked");
    assert.equal(view.outcomeText, "Blocked");
    assert.deepStrictEqual(view.codes, [
      "customer_has_huawei_contract",
      "registration_country_differs",
      "online_sales_team_customer",
    ]);
    assertPanel(view, answer, "en");
  });

  test("the language switch shows the same decision in Chinese", async () => {
    await page.click("#lang-zh");
    const answer = library.evaluate({ op: "preregistration.check", now: NOW, policy: "intl-2024", partner, customer });
    const view = await shown("#preregistration");
    assert.equal(view.outcomeText, "不允许");
    assertPanel(view, answer, "zh");
    assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
    await page.click("#lang-en");
  });

  test("without the contract the customer may be pre-registered after a manual review", async () => {
    await setCheck("customer-has_huawei_contract", false);
    const view = await shown("#preregistration");
    assert.equal(view.outcome, "manual_review");
    assert.deepStrictEqual(view.codes, ["registration_country_differs", "online_sales_team_customer"]);
    const due = await page.$eval("#preregistration time", (t) => t.textContent);
    const answer = library.evaluate({
      op: "preregistration.check", now: NOW, partner, customer: { ...customer, has_huawei_contract: false },
    });
    assert.equal(due, answer.review_due_by);
  });

  test("a malformed fact is shown as an error with its path, not as a decision", async () => {
    await setText("customer-registered_at", "last tuesday");
    const view = await shown("#preregistration");
    assert.match(view.error ?? "", /invalid_input \$\.customer\.registered_at/);
    await setText("customer-registered_at", "");
    assert.equal((await shown("#preregistration")).error, null);
  });
});

describe("association panel", () => {
  test("a prepaid partner and an expired invitation: both models fail, each with its causes", async () => {
    await page.selectOption("#partner-billing_mode", "prepaid");
    await page.selectOption("#invitation-method", "link");
    await setText("invitation-expires_at", "2026-11-20T10:00:00+08:00");
    const request = {
      op: "association.models",
      now: NOW,
      policy: "intl-2024",
      partner: { id: "p-1", registration_country: "SG", billing_mode: "prepaid", has_reserved_contact: true },
      customer: { registration_country: "MY", online_sales_team: true },
      invitation: { method: "link", expires_at: "2026-11-20T10:00:00+08:00" },
    };
    const answer = library.evaluate(request);
    const reseller = await shown('#association [data-model="reseller"]');
    const referral = await shown('#association [data-model="referral"]');
    assert.equal(reseller.outcome, "failed");
    assert.deepStrictEqual(reseller.codes, ["invitation_link_expired", "prepaid_partner_reseller_model"]);
    assert.deepStrictEqual(referral.codes, ["invitation_link_expired"]);
    assertPanel(reseller, answer.reseller, "en");
    assertPanel(referral, answer.referral, "en");
    assert.equal(await page.getAttribute("#association [data-recommended]", "data-recommended"), "none");
  });

  test("a valid invitation makes referral associable and recommended", async () => {
    await setText("invitation-expires_at", "2026-11-28T10:00:00+08:00");
    const referral = await shown('#association [data-model="referral"]');
    assert.equal(referral.outcome, "associable");
    assert.deepStrictEqual(referral.codes, []);
    assert.equal(await page.getAttribute("#association [data-recommended]", "data-recommended"), "referral");
    // Leave the panel showing failures for the screenshot.
    await setText("invitation-expires_at", "2026-11-20T10:00:00+08:00");
  });
});

describe("after association: budget panel", () => {
  // The facts the form holds by now (the panels above set them).
  const partner = { id: "p-1", registration_country: "SG", billing_mode: "prepaid", has_reserved_contact: true };
  const customer = { registration_country: "MY", online_sales_team: true };
  const budget = (fields, customerFields) => library.evaluate({
    op: "budget.set", now: NOW, policy: "intl-2024", partner,
    customer: { ...customer, current_model: "reseller", frozen: "account", ...customerFields },
    amount_minor: 100000, budget_type: "monthly", cancel_partner_frozen: true, ...fields,
  });
  const view = () => page.$eval("#budget .body", (body) => ({
    outcome: body.querySelector("[data-outcome]")?.dataset.outcome ?? null,
    resetsAt: body.querySelector("[data-resets-at]")?.dataset.resetsAt ?? null,
    alerts: [...body.querySelectorAll("[data-alert-minor]")].map((li) => [Number(li.dataset.alertMinor), li.textContent]),
    unfreezes: body.querySelector("[data-unfreezes]")?.dataset.unfreezes ?? null,
    text: body.textContent,
    error: body.querySelector("[data-error-code]")?.dataset.errorCode ?? null,
  }));

  test("a reseller customer just associated: a 1,000.00 monthly budget that unfreezes it", async () => {
    const answer = budget({});
    assert.equal(answer.outcome, "allowed");
    const shownNow = await view();
    assert.equal(shownNow.error, null);
    assert.equal(shownNow.outcome, "allowed");
    assert.equal(shownNow.resetsAt, answer.resets_at);
    assert.equal(shownNow.resetsAt, "2026-12-01T00:00:00+08:00");
    assert.deepStrictEqual(shownNow.alerts, [[75000, "750.00"], [90000, "900.00"], [100000, "1,000.00"]]);
    assert.deepStrictEqual(shownNow.alerts.map(([minor]) => minor), answer.alerts_minor);
    assert.equal(shownNow.unfreezes, "true");
    assert.ok(shownNow.text.includes("Setting this budget also unfreezes the account."), shownNow.text);
  });

  test("the same step in Chinese", async () => {
    await page.click("#lang-zh");
    const shownZh = await view();
    await page.click("#lang-en");
    assert.ok(shownZh.text.includes("设置该预算的同时将解冻账号。"), shownZh.text);
    assert.ok(shownZh.text.includes("预算重置时间"), shownZh.text);
    assert.ok(shownZh.text.includes("允许"), shownZh.text);
  });

  test("a budget of 0 is blocked, with the reason and what to do in both languages", async () => {
    await setText("budget-amount", "0");
    const answer = budget({ amount_minor: 0 });
    const panel = await shown("#budget");
    assert.deepStrictEqual(panel.codes, ["budget_amount_out_of_range"]);
    assertPanel(panel, answer, "en");
    await page.click("#lang-zh");
    assertPanel(await shown("#budget"), answer, "zh");
    await page.click("#lang-en");
  });

  test("a one-time budget never resets; a referral customer gets none", async () => {
    await setText("budget-amount", "250.50");
    await page.selectOption("#budget-budget_type", "package");
    const answer = budget({ amount_minor: 25050, budget_type: "package" });
    const shownNow = await view();
    assert.equal(shownNow.resetsAt, "never");
    assert.deepStrictEqual(shownNow.alerts.map(([minor]) => minor), answer.alerts_minor);
    await page.selectOption("#budget-current_model", "referral");
    const panel = await shown("#budget");
    assert.deepStrictEqual(panel.codes, ["customer_not_resale"]);
    assertPanel(panel, budget({ amount_minor: 25050, budget_type: "package" }, { current_model: "referral" }), "en");
  });

  test("an amount the page cannot read is said so, not sent", async () => {
    await setText("budget-amount", "ten");
    assert.equal((await view()).error, "amount");
    // Leave the step of the example on screen for the screenshot.
    await setText("budget-amount", "1000.00");
    await page.selectOption("#budget-budget_type", "monthly");
    await page.selectOption("#budget-current_model", "reseller");
    assert.equal((await view()).outcome, "allowed");
  });
});

describe("failure message look-up panel", () => {
  test("a pasted platform message finds its cause and what to do", async () => {
    const message = "  the invitation link has expired  ";
    await page.fill("#failure-message", message);
    await page.click("#lookup-button");
    const answer = library.evaluate({ op: "failure_cause.lookup", message });
    assert.equal(answer.cause?.code, "invitation_link_expired");
    const view = await page.$eval("#lookup", (root) => ({
      error: root.querySelector("[data-error-code]")?.textContent ?? null,
      cause: root.querySelector("[data-cause]")?.dataset.cause ?? null,
      text: root.querySelector(".body").textContent,
    }));
    assert.equal(view.error, null, `the page shows an error: ${view.error}`);
    assert.equal(view.cause, "invitation_link_expired");
    assert.ok(view.text.includes(answer.cause.message.en), view.text);
    assert.ok(view.text.includes(answer.cause.suggested_operation.en), view.text);

    await page.click("#lang-zh");
    const zh = await page.$eval("#lookup .body", (body) => body.textContent);
    await page.click("#lang-en");
    const platform = answer.cause.platform_message.zh ?? answer.cause.platform_message.en;
    for (const part of [answer.cause.message.zh, platform, answer.cause.suggested_operation.zh]) {
      assert.ok(zh.includes(part), `${zh} lacks ${part}`);
    }
  });

  test("a message pasted in Chinese finds its cause too", async () => {
    const { causes } = library.evaluate({ op: "failure_cause.catalog" });
    // The platform's Chinese wording is known for few causes; the look-up also knows ours.
    const known = causes.find((c) => c.code === "customer_has_consumption_record");
    await page.fill("#failure-message", `${known.platform_message.zh ?? known.message.zh}\n`);
    await page.click("#lookup-button");
    assert.equal(await page.getAttribute("#lookup [data-cause]", "data-cause"), known.code);
  });

  test("an unknown message is no cause, not an error", async () => {
    await page.fill("#failure-message", "The moon is in the wrong phase.");
    await page.click("#lookup-button");
    assert.equal(await page.getAttribute("#lookup [data-cause]", "data-cause"), "none");
    // Leave a found cause on screen for the screenshot.
    await page.fill("#failure-message", "Prepaid partners cannot develop customers in reseller model.");
    await page.click("#lookup-button");
    assert.equal(await page.getAttribute("#lookup [data-cause]", "data-cause"), "prepaid_partner_reseller_model");
  });
});

test("the page fetched the package's web build, within the size budget", () => {
  assert.equal(modulesFetched.length, 1, "one WebAssembly module");
  assert.ok(modulesFetched[0].equals(WEB_MODULE), "the module is web/partner_rules_bg.wasm of the package");
  assert.ok(modulesFetched[0].length <= BUDGET_BYTES, `${modulesFetched[0].length} bytes`);
});

test("the page logged no errors", () => {
  assert.deepStrictEqual(pageErrors, []);
});
