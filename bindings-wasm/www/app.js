// The demo page: a partner enters a customer's facts and sees the pre-registration and
// association decisions with every reason and suggested operation, in English or Chinese, takes
// the step after a reseller association (sets a monthly or one-time budget and unfreezes the
// account), and looks up the cause of an association failure message. Every decision comes from the
// npm package partner-rules, imported by name as any page would (Vite bundles it: see
// vite.config.js); this file only builds requests and renders responses.
import init, { evaluate } from "partner-rules";

/** The page's own words; reason and cause texts come from the library in both languages. */
const WORDS = {
  title: { en: "Customer development check", zh: "客户拓展检查" },
  lede: {
    en: "Enter what you know about the customer. The decisions update as you type.",
    zh: "输入客户的已知信息，结果随输入即时更新。",
  },
  loading: { en: "Loading the rules…", zh: "正在加载规则……" },
  group_request: { en: "Check", zh: "检查" },
  group_partner: { en: "Partner", zh: "伙伴" },
  group_customer: { en: "Customer", zh: "客户" },
  group_invitation: { en: "Invitation the customer accepted", zh: "客户接受的邀请" },
  preregistration_title: { en: "Pre-registration", zh: "报备" },
  association_title: { en: "Association", zh: "关联" },
  budget_title: { en: "After association: budget and unfreeze", zh: "关联之后：设置预算并解冻" },
  budget_hint: {
    en: "A reseller customer starts frozen: set its budget, and unfreeze the account in the same step.",
    zh: "经销客户关联后默认冻结：为其设置预算，并可同时解冻账号。",
  },
  amount_invalid: {
    en: "Enter the budget as an amount such as 1000.00.",
    zh: "请按 1000.00 的格式输入预算金额。",
  },
  resets_at: { en: "The budget resets at", zh: "预算重置时间" },
  never_resets: { en: "A one-time budget: it never resets.", zh: "一次性预算：不会重置。" },
  alerts: { en: "Alerts when spending reaches", zh: "消费达到以下金额时预警" },
  unfreezes_yes: { en: "Setting this budget also unfreezes the account.", zh: "设置该预算的同时将解冻账号。" },
  unfreezes_no: { en: "The account stays as it is.", zh: "账号状态保持不变。" },
  lookup_title: { en: "Why did an association fail?", zh: "关联为什么失败？" },
  lookup_hint: {
    en: "Paste the failure message shown in the partner center (English or Chinese).",
    zh: "粘贴伙伴中心显示的失败信息（英文或中文）。",
  },
  lookup_button: { en: "Find the cause", zh: "查找原因" },
  footer: {
    en: "Decisions by partner-rules (WebAssembly). Nothing leaves this page.",
    zh: "结果由 partner-rules（WebAssembly）计算，数据不会离开本页面。",
  },
  outcome: { en: "Outcome", zh: "结果" },
  reasons_none: { en: "No reason stands in the way.", zh: "没有阻碍原因。" },
  suggested: { en: "What to do", zh: "建议操作" },
  available_from: { en: "Lapses at", zh: "失效时间" },
  expires_at: { en: "Pre-registration would expire at", zh: "报备有效期至" },
  review_due_by: { en: "Manual review answered by", zh: "人工审核答复期限" },
  recommended: { en: "Recommended model", zh: "推荐关联类型" },
  recommended_none: { en: "Neither model is associable now.", zh: "目前两种关联类型均无法关联。" },
  frozen_after: {
    en: "After a reseller association the customer account stays frozen until you set a budget and unfreeze it.",
    zh: "经销关联成功后，客户账号将保持冻结，直至您为其设置预算并解冻。",
  },
  no_cause: { en: "No known cause matches this message.", zh: "没有与该信息匹配的已知原因。" },
  cause: { en: "Cause", zh: "原因" },
  platform_message: { en: "Platform message", zh: "平台提示" },
  error: { en: "The request was not accepted", zh: "请求未被接受" },
  // Outcomes.
  allowed: { en: "Allowed", zh: "允许" },
  manual_review: { en: "Manual review", zh: "需人工审核" },
  blocked: { en: "Blocked", zh: "不允许" },
  associable: { en: "Associable", zh: "可关联" },
  failed: { en: "Fails", zh: "关联失败" },
  reseller: { en: "Reseller", zh: "经销" },
  referral: { en: "Referral", zh: "推荐" },
};

/** The form, declared once: where a field goes in the request, its kind and its labels. */
const FIELDS = {
  request: [
    { key: "now", kind: "text", en: "Now (RFC 3339)", zh: "当前时间（RFC 3339）" },
    {
      key: "policy", kind: "select", options: ["intl-2024", "intl-2025", "cn"],
      en: "Policy", zh: "政策",
    },
  ],
  partner: [
    { key: "id", kind: "text", value: "p-1", en: "Partner ID", zh: "伙伴 ID" },
    { key: "registration_country", kind: "text", en: "Registration country", zh: "注册国家/地区" },
    {
      key: "billing_mode", kind: "select", options: ["postpaid", "prepaid"],
      en: "Billing mode", zh: "计费模式", labels: { postpaid: ["Postpaid", "后付费"], prepaid: ["Prepaid", "预付费"] },
    },
    { key: "has_reserved_contact", kind: "check", checked: true, en: "Reserved a mobile number or email", zh: "已预留手机号或邮箱" },
    { key: "active_preregistrations", kind: "number", en: "Active pre-registrations", zh: "有效报备数" },
    { key: "referral_restricted_by_agreement", kind: "check", en: "Agreement restricts referral", zh: "协议限制推荐关联" },
    { key: "referral_restricted_by_country", kind: "check", en: "Country restricts referral", zh: "注册国家限制推荐关联" },
  ],
  customer: [
    { key: "registration_country", kind: "text", en: "Registration country", zh: "注册国家/地区" },
    {
      key: "registered_site", kind: "select", options: ["", "international", "chinese_mainland"],
      en: "Registered on", zh: "注册站点",
      labels: { "": ["Not registered", "未注册"], international: ["International site", "国际站"], chinese_mainland: ["Chinese mainland site", "中国站"] },
    },
    { key: "registered_at", kind: "text", en: "Registered at (RFC 3339)", zh: "注册时间（RFC 3339）" },
    {
      key: "account_type", kind: "select", options: ["individual", "enterprise_master", "enterprise_member"],
      en: "Account type", zh: "账号类型",
      labels: { individual: ["Individual", "个人"], enterprise_master: ["Enterprise master", "企业主账号"], enterprise_member: ["Enterprise member", "企业子账号"] },
    },
    { key: "associated_partner_id", kind: "text", en: "Associated with partner", zh: "已关联伙伴" },
    { key: "preregistration.partner_id", kind: "text", en: "Pre-registered by partner", zh: "已报备伙伴" },
    { key: "preregistration.expires_at", kind: "text", en: "Pre-registration expires at", zh: "报备到期时间" },
    { key: "has_huawei_contract", kind: "check", en: "Signed contracts with Huawei Cloud", zh: "已与华为云签署合同" },
    { key: "has_cash_expenditure", kind: "check", en: "Has cash expenditure", zh: "有现金消费记录" },
    { key: "followed_up_by_direct_sales", kind: "check", en: "Followed up by direct sales", zh: "直销团队已跟进" },
    { key: "online_sales_team", kind: "check", en: "Online sales team customer", zh: "属于线上销售团队" },
    { key: "consumer_cloud_user", kind: "check", en: "Consumer cloud user", zh: "消费者云用户" },
    { key: "unified_accounting_member", kind: "check", en: "Unified accounting member", zh: "财务托管子账号" },
    { key: "has_independent_accounting_members", kind: "check", en: "Has independent accounting members", zh: "有财务独立子账号" },
    { key: "is_or_applying_partner", kind: "check", en: "Is or is applying to be a partner", zh: "是伙伴或正在申请成为伙伴" },
    { key: "special_contract", kind: "check", en: "Special contract", zh: "有特殊合同" },
    { key: "internal_account", kind: "check", en: "Huawei internal account", zh: "华为内部账号" },
    { key: "has_consumption_record", kind: "check", en: "Has consumption records", zh: "有消费记录" },
    { key: "topup_balance_invoice_over_limit", kind: "check", en: "Top-up balance, invoices over limit", zh: "充值账户有余额且待开票金额超限" },
    { key: "registration_over_limit", kind: "check", en: "Registered too long ago", zh: "注册时间超出限制" },
    { key: "overdue_payment", kind: "check", en: "Overdue payment", zh: "有欠款" },
    { key: "credit_bill_run_overdue", kind: "check", en: "Credit bill run overdue", zh: "信用账户已出账且有欠款" },
  ],
  budget: [
    { key: "amount", kind: "text", value: "1000.00", en: "Budget amount", zh: "预算金额" },
    {
      key: "budget_type", kind: "select", options: ["monthly", "package"], en: "Budget type", zh: "预算类型",
      labels: { monthly: ["Monthly", "每月"], package: ["One-time", "一次性"] },
    },
    {
      key: "current_model", kind: "select", options: ["reseller", "referral", ""], en: "Associated as", zh: "关联类型",
      labels: { reseller: ["Reseller", "经销"], referral: ["Referral", "推荐"], "": ["Not associated", "未关联"] },
    },
    {
      key: "frozen", kind: "select", options: ["account", "account_and_resource", ""], en: "Account", zh: "账号状态",
      labels: {
        account: ["Frozen (as after association)", "已冻结（关联后默认）"],
        account_and_resource: ["Frozen with its resources", "账号及资源已冻结"],
        "": ["Not frozen", "未冻结"],
      },
    },
    { key: "cancel_partner_frozen", kind: "check", checked: true, en: "Unfreeze the account as well", zh: "同时解冻账号" },
  ],
  invitation: [
    { key: "accepted", kind: "check", checked: true, en: "The customer opened an invitation", zh: "客户打开了邀请" },
    {
      key: "method", kind: "select", options: ["email", "link", "qr_code"], en: "Method", zh: "方式",
      labels: { email: ["Email", "邮件"], link: ["Link", "链接"], qr_code: ["QR code", "二维码"] },
    },
    { key: "expires_at", kind: "text", en: "Expires at (empty: never)", zh: "到期时间（空：永不过期）" },
    { key: "code_used", kind: "check", en: "Invitation code already used", zh: "邀请码已被使用" },
    { key: "link_used", kind: "check", en: "Invitation link already used", zh: "邀请链接已被使用" },
  ],
};

let lang = "en";
const results = { preregistration: null, association: null, budget: null, lookup: null };

function word(key) {
  return WORDS[key]?.[lang] ?? key;
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function fieldId(group, key) {
  return `${group}-${key.replaceAll(".", "-")}`;
}

/** The current time in the browser's own UTC offset, as RFC 3339. */
function localNow() {
  const now = new Date();
  const pad = (n) => String(Math.trunc(Math.abs(n))).padStart(2, "0");
  const offset = -now.getTimezoneOffset();
  const sign = offset < 0 ? "-" : "+";
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:` +
    `${pad(now.getMinutes())}:${pad(now.getSeconds())}${sign}${pad(offset / 60)}:${pad(offset % 60)}`;
}

function buildForm() {
  for (const [group, fields] of Object.entries(FIELDS)) {
    const fieldset = document.getElementById(`group-${group}`);
    for (const field of fields) {
      const id = fieldId(group, field.key);
      let input;
      if (field.kind === "select") {
        input = el("select", { id, name: id });
        for (const option of field.options) input.append(el("option", { value: option }));
      } else if (field.kind === "check") {
        input = el("input", { id, name: id, type: "checkbox" });
        input.checked = Boolean(field.checked);
      } else {
        input = el("input", { id, name: id, type: field.kind === "number" ? "number" : "text", min: field.kind === "number" ? "0" : null });
        input.value = field.value ?? "";
      }
      const label = el("label", { for: id, class: field.kind === "check" ? "check" : null });
      label.dataset.group = group;
      label.dataset.key = field.key;
      fieldset.append(field.kind === "check" ? el("div", { class: "row check" }, input, label) : el("div", { class: "row" }, label, input));
    }
  }
  document.getElementById(fieldId("request", "now")).value = localNow();
}

function fieldValue(group, field) {
  const input = document.getElementById(fieldId(group, field.key));
  if (field.kind === "check") return input.checked;
  const text = input.value.trim();
  if (text === "") return undefined;
  return field.kind === "number" ? Number(text) : text;
}

/** The facts of one group as the JSON contract names them; empty fields are left out. */
function facts(group) {
  const out = {};
  for (const field of FIELDS[group]) {
    const value = fieldValue(group, field);
    if (value === undefined || value === false) continue;
    const [head, tail] = field.key.split(".");
    if (tail === undefined) out[head] = value;
    else (out[head] ??= {})[tail] = value;
  }
  return out;
}

/** An amount written as a person writes it ("1000.00", "-5", "12.5") in minor units, or null. */
function minorUnits(text) {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text ?? "");
  if (!match) return null;
  const [, sign, whole, fraction = ""] = match;
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return Number.isSafeInteger(minor) ? (sign ? -minor : minor) : null;
}

function requests() {
  const { now, policy } = facts("request");
  const partner = facts("partner");
  const customer = facts("customer");
  const { accepted, ...invitation } = facts("invitation");
  const { amount, cancel_partner_frozen, budget_type, current_model, frozen } = facts("budget");
  const amount_minor = minorUnits(amount);
  return {
    preregistration: { op: "preregistration.check", now, policy, partner, customer },
    association: { op: "association.models", now, policy, partner, customer, invitation: accepted ? invitation : null },
    budget: amount_minor === null ? null : {
      op: "budget.set", now, policy, partner,
      customer: { ...customer, current_model, frozen },
      amount_minor, budget_type, cancel_partner_frozen,
    },
  };
}

/** Runs a request; a thrown error becomes a result to show, with its code and path. */
function run(request) {
  try {
    return { response: evaluate(request) };
  } catch (err) {
    return { error: { code: err.code ?? "error", path: err.path ?? "$", message: err.message } };
  }
}

function recompute() {
  const built = requests();
  results.preregistration = run(built.preregistration);
  results.association = run(built.association);
  results.budget = built.budget ? run(built.budget) : { invalid: true };
  render();
}

function lookUp() {
  const message = document.getElementById("failure-message").value;
  results.lookup = run({ op: "failure_cause.lookup", message });
  render();
}

function renderError(error) {
  return el("div", { class: "error", role: "alert", "data-error-code": error.code },
    el("strong", {}, word("error")), " ",
    el("code", {}, error.code), " ", el("code", {}, error.path), ": ", error.message);
}

function renderOperation(operation) {
  if (!operation) return null;
  return el("p", { class: "operation", "data-operation": operation.code },
    el("span", { class: "label" }, `${word("suggested")}: `), operation[lang]);
}

function renderReasons(reasons) {
  if (reasons.length === 0) return el("p", { class: "none" }, word("reasons_none"));
  const list = el("ol", { class: "reasons" });
  for (const reason of reasons) {
    list.append(el("li", { "data-code": reason.code },
      el("p", { class: "message" }, reason.message[lang]),
      el("p", { class: "code" }, el("code", {}, reason.code)),
      renderOperation(reason.suggested_operation),
      reason.available_from
        ? el("p", { class: "when" }, `${word("available_from")}: `, el("time", {}, reason.available_from))
        : null));
  }
  return list;
}

function renderOutcome(outcome) {
  return el("p", { class: `outcome ${outcome}`, "data-outcome": outcome },
    el("span", { class: "label" }, `${word("outcome")}: `), el("strong", {}, word(outcome)));
}

function renderPreregistration({ response, error }) {
  if (error) return renderError(error);
  return el("div", {},
    renderOutcome(response.outcome),
    response.expires_at ? el("p", { class: "when" }, `${word("expires_at")}: `, el("time", {}, response.expires_at)) : null,
    response.review_due_by ? el("p", { class: "when" }, `${word("review_due_by")}: `, el("time", {}, response.review_due_by)) : null,
    renderReasons(response.reasons));
}

function renderAssociation({ response, error }) {
  if (error) return renderError(error);
  const models = ["reseller", "referral"].map((model) =>
    el("div", { class: "model", "data-model": model },
      el("h3", {}, word(model)),
      renderOutcome(response[model].outcome),
      model === "reseller" && response[model].outcome === "associable" ? el("p", { class: "note" }, word("frozen_after")) : null,
      renderReasons(response[model].reasons)));
  const recommended = response.recommended
    ? el("p", { class: "recommended", "data-recommended": response.recommended },
      el("span", { class: "label" }, `${word("recommended")}: `), el("strong", {}, word(response.recommended)))
    : el("p", { class: "recommended", "data-recommended": "none" }, word("recommended_none"));
  return el("div", {}, recommended, el("div", { class: "models" }, ...models));
}

/** Minor units as a person reads an amount: 100000 is 1,000.00 (1 000,00 and so on by language). */
function amount(minor) {
  const format = new Intl.NumberFormat(lang === "zh" ? "zh-CN" : "en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return format.format(minor / 100);
}

function renderBudget({ response, error, invalid }) {
  if (invalid) return el("p", { class: "error", role: "alert", "data-error-code": "amount" }, word("amount_invalid"));
  if (error) return renderError(error);
  if (response.outcome !== "allowed") return el("div", {}, renderOutcome(response.outcome), renderReasons(response.reasons));
  const resets = response.resets_at
    ? el("p", { class: "when", "data-resets-at": response.resets_at }, `${word("resets_at")}: `, el("time", {}, response.resets_at))
    : el("p", { class: "when", "data-resets-at": "never" }, word("never_resets"));
  const alerts = el("ul", { class: "alerts" },
    ...response.alerts_minor.map((minor) => el("li", { "data-alert-minor": String(minor) }, amount(minor))));
  return el("div", {},
    renderOutcome(response.outcome),
    resets,
    el("p", { class: "label" }, `${word("alerts")}:`), alerts,
    el("p", { class: "note", "data-unfreezes": String(response.unfreezes) }, word(response.unfreezes ? "unfreezes_yes" : "unfreezes_no")),
    renderReasons(response.reasons));
}

function renderLookup({ response, error }) {
  if (error) return renderError(error);
  const cause = response.cause;
  if (!cause) return el("p", { class: "none", "data-cause": "none" }, word("no_cause"));
  return el("div", { class: "cause", "data-cause": cause.code },
    el("p", {}, el("span", { class: "label" }, `${word("cause")} ${cause.number}: `), el("strong", {}, cause.message[lang])),
    el("p", { class: "code" }, el("code", {}, cause.code)),
    el("p", { class: "platform" }, el("span", { class: "label" }, `${word("platform_message")}: `),
      // The platform's Chinese wording is not known for every cause.
      cause.platform_message[lang] ?? cause.platform_message.en),
    renderOperation(cause.suggested_operation));
}

function render() {
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
  for (const node of document.querySelectorAll("[data-text]")) node.textContent = word(node.dataset.text);
  for (const label of document.querySelectorAll("label[data-key]")) {
    const field = FIELDS[label.dataset.group].find((f) => f.key === label.dataset.key);
    label.textContent = field[lang];
    if (field.kind === "select") {
      for (const option of document.getElementById(label.htmlFor).options) {
        option.textContent = field.labels?.[option.value]?.[lang === "zh" ? 1 : 0] ?? option.value;
      }
    }
  }
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
  }
  const panels = {
    preregistration: renderPreregistration,
    association: renderAssociation,
    budget: renderBudget,
    lookup: renderLookup,
  };
  for (const [name, draw] of Object.entries(panels)) {
    const body = document.querySelector(`#${name} .body`);
    body.replaceChildren(...(results[name] ? [draw(results[name])] : []));
  }
}

async function main() {
  buildForm();
  render();
  await init();
  document.getElementById("loading").hidden = true;
  const form = document.getElementById("facts");
  form.addEventListener("input", recompute);
  form.addEventListener("change", recompute);
  form.addEventListener("submit", (event) => event.preventDefault());
  const budget = document.getElementById("group-budget");
  budget.addEventListener("input", recompute);
  budget.addEventListener("change", recompute);
  document.getElementById("lookup-button").addEventListener("click", lookUp);
  for (const button of document.querySelectorAll("[data-lang]")) {
    button.addEventListener("click", () => {
      lang = button.dataset.lang;
      render();
    });
  }
  recompute();
  document.body.dataset.ready = "true";
}

main().catch((err) => {
  const loading = document.getElementById("loading");
  loading.textContent = `The rules could not be loaded: ${err.message}`;
  loading.setAttribute("role", "alert");
});
