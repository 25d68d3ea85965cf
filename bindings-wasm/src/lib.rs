//! WebAssembly bindings of partner-rules for web pages and Node.
//!
//! A thin shell over the core's JSON contract (SPEC section 12): requests and responses are plain
//! JavaScript objects (or JSON text); every decision is made by `partner_rules`. Errors are
//! thrown as JavaScript `Error`s carrying the core error's `code` and `path`.

use partner_rules::Policy;
use wasm_bindgen::prelude::*;

// The declarations of every export (and of the request and response types) are hand-written,
// so that `evaluate` is typed per op; the generated ones would only say `any`.
#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../types/partner_rules.d.ts");

/// Evaluates a request object under the default policy (`intl-2024`, unless the request names
/// one) and returns the response as a plain object.
#[wasm_bindgen(skip_typescript)]
pub fn evaluate(request: JsValue) -> Result<JsValue, JsValue> {
    evaluate_with(&partner_rules::Engine::default(), request)
}

/// Evaluates a request given as JSON text and returns the response as JSON text.
#[wasm_bindgen(js_name = evaluateJson, skip_typescript)]
pub fn evaluate_json(request: &str) -> Result<String, JsValue> {
    partner_rules::evaluate_json(request).map_err(|err| throwable(&err))
}

/// The names of every op, in the order of the specification.
#[wasm_bindgen(skip_typescript)]
pub fn ops() -> Vec<String> {
    partner_rules::OPS.iter().map(|&op| op.to_owned()).collect()
}

/// Parse once, evaluate many: a policy held ready for any number of requests.
#[wasm_bindgen(skip_typescript)]
pub struct Engine {
    inner: partner_rules::Engine,
}

#[wasm_bindgen]
impl Engine {
    /// An engine under `policy`: a preset name (`"cn"`), a policy object
    /// (`{preset: "cn", disassociation_max_per_side: 2}`), or nothing for `intl-2024`.
    #[wasm_bindgen(constructor)]
    pub fn new(policy: JsValue) -> Result<Engine, JsValue> {
        let policy = if policy.is_undefined() {
            Policy::default()
        } else {
            Policy::from_json(&json_text(&policy)?).map_err(|err| throwable(&err))?
        };
        Ok(Engine {
            inner: partner_rules::Engine::new(policy),
        })
    }

    /// The policy requests are evaluated under, in full JSON form.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        parsed(&self.inner.policy().to_json().to_string())
    }

    /// Evaluates a request object; a request carrying its own `policy` uses that one instead.
    pub fn evaluate(&self, request: JsValue) -> Result<JsValue, JsValue> {
        evaluate_with(&self.inner, request)
    }

    /// Evaluates a request given as JSON text and returns JSON text.
    #[wasm_bindgen(js_name = evaluateJson)]
    pub fn evaluate_json(&self, request: &str) -> Result<String, JsValue> {
        self.inner
            .evaluate_json(request)
            .map_err(|err| throwable(&err))
    }
}

fn evaluate_with(engine: &partner_rules::Engine, request: JsValue) -> Result<JsValue, JsValue> {
    let response = engine
        .evaluate_json(&json_text(&request)?)
        .map_err(|err| throwable(&err))?;
    parsed(&response)
}

/// A JavaScript value as JSON text, by the rules of `JSON.stringify`: properties that are
/// `undefined` (or functions) are absent, dates become RFC 3339 text. Values it cannot write
/// (BigInts, cycles, a bare `undefined`) are invalid input at `$`.
///
/// Going through text rather than converting value by value (serde-wasm-bindgen) keeps one
/// deserializer per op in the module, the one `evaluateJson` needs: the module was a third
/// larger the other way, and no faster (the engines' JSON codecs are fast).
fn json_text(value: &JsValue) -> Result<String, JsValue> {
    let text = js_sys::JSON::stringify(value).map_err(|err| {
        let reason = err
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_default();
        throwable(&partner_rules::Error::invalid_input(
            "$",
            format!("expected JSON data, but JSON.stringify failed: {reason}"),
        ))
    })?;
    // JSON.stringify answers `undefined`, not text, for `undefined`, functions and symbols.
    JsValue::from(text).as_string().ok_or_else(|| {
        throwable(&partner_rules::Error::invalid_input(
            "$",
            "expected a JSON object with an `op` field",
        ))
    })
}

/// JSON text the core wrote, as plain objects and arrays (no `Map`s), so `JSON.stringify`
/// gives back the same JSON that `evaluateJson` returns.
fn parsed(text: &str) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(text)
}

/// The core error as a thrown JavaScript `Error` with `code` and `path` properties.
fn throwable(err: &partner_rules::Error) -> JsValue {
    let error = js_sys::Error::new(err.message());
    error.set_name("PartnerRulesError");
    let object: &JsValue = error.as_ref();
    // Setting a property on a fresh, unfrozen Error cannot fail.
    let _ = js_sys::Reflect::set(object, &"code".into(), &err.code().into());
    let _ = js_sys::Reflect::set(object, &"path".into(), &err.path().into());
    error.into()
}
