//! WebAssembly bindings of partner-rules for web pages and Node.
//!
//! A thin shell over the core's JSON contract (SPEC section 12): requests and responses are plain
//! JavaScript objects (or JSON text), converted with `serde-wasm-bindgen`; every decision is made
//! by `partner_rules`. Errors are thrown as JavaScript `Error`s carrying the core error's `code`
//! and `path`.

use partner_rules::Policy;
use serde_json::Value;
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
            let value = to_json_value(policy, "$")?;
            Policy::from_value(&value).map_err(|err| throwable(&err))?
        };
        Ok(Engine {
            inner: partner_rules::Engine::new(policy),
        })
    }

    /// The policy requests are evaluated under, in full JSON form.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        to_js_value(&self.inner.policy().to_json())
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
    let request = to_json_value(request, "$")?;
    let response = engine.evaluate(&request).map_err(|err| throwable(&err))?;
    to_js_value(&response)
}

/// A JavaScript value as JSON data. Values JSON cannot hold (functions, symbols, BigInts
/// beyond 64 bits) are invalid input; the core then reports wrong shapes with their own path.
fn to_json_value(value: JsValue, path: &str) -> Result<Value, JsValue> {
    serde_wasm_bindgen::from_value(value).map_err(|err| {
        throwable(&partner_rules::Error::invalid_input(
            path,
            format!("expected JSON data: {err}"),
        ))
    })
}

/// JSON data as plain objects and arrays (no `Map`s), so `JSON.stringify` gives the same JSON
/// that `evaluateJson` returns.
fn to_js_value(value: &Value) -> Result<JsValue, JsValue> {
    use serde::Serialize as _;
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(JsValue::from)
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
