//! The compiled module `partner_rules._core`: the core's JSON contract for Python.
//!
//! It holds no rules: every call goes through [`partner_rules::Engine`]'s JSON text entry point.
//! Python values are written as JSON text here (module `convert`); the core hands the typed
//! answer to a recorder (module `tape`) from which plain Python objects are built, with no
//! JSON text in between. `evaluate_json` passes text straight through. Errors are
//! raised as the exception classes of `partner_rules._errors`, chosen by the error's code.

use partner_rules::{Error, ErrorCode, Policy, PolicyTimeline};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBytes, PyIterator, PyList, PyMapping, PyString, PyTuple, PyType};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

mod convert;
mod table;
mod tape;

/// The extension's own allocations (facts read per row, answers, Arrow builders) go through
/// mimalloc rather than the C library's malloc: see benches/README.md ("Columnar Python API").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use tape::{Recorder, Tape};

/// The Python exception classes, imported once from the pure-Python part of the package.
struct ErrorClasses {
    invalid_input: Py<PyType>,
    unknown_op: Py<PyType>,
}

static ERROR_CLASSES: PyOnceLock<ErrorClasses> = PyOnceLock::new();

fn error_classes(py: Python<'_>) -> PyResult<&ErrorClasses> {
    ERROR_CLASSES.get_or_try_init(py, || {
        let module = py.import("partner_rules._errors")?;
        let class = |name: &str| -> PyResult<Py<PyType>> {
            Ok(module.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok(ErrorClasses {
            invalid_input: class("InvalidInput")?,
            unknown_op: class("UnknownOp")?,
        })
    })
}

/// The exception instance (`InvalidInput` or `UnknownOp`) for a core error, reported at `path`.
fn exception_at<'py>(py: Python<'py>, err: &Error, path: &str) -> PyResult<Bound<'py, PyAny>> {
    let classes = error_classes(py)?;
    let class = match err.code() {
        ErrorCode::InvalidInput => &classes.invalid_input,
        ErrorCode::UnknownOp => &classes.unknown_op,
    };
    class
        .bind(py)
        .call1((err.code().as_str(), path, err.message()))
}

fn exception<'py>(py: Python<'py>, err: &Error) -> PyResult<Bound<'py, PyAny>> {
    exception_at(py, err, err.path())
}

fn raise_at(py: Python<'_>, err: &Error, path: &str) -> PyErr {
    match exception_at(py, err, path) {
        Ok(instance) => PyErr::from_value(instance),
        Err(failure) => failure,
    }
}

fn raise(py: Python<'_>, err: &Error) -> PyErr {
    raise_at(py, err, err.path())
}

/// Raises `err` of the request at `index` of a batch, its path under that index: `$.x` becomes
/// `$[3].x`, so that it points into the list the caller passed.
fn raise_in_batch(py: Python<'_>, err: &Error, index: usize) -> PyErr {
    let tail = err.path().strip_prefix('$').unwrap_or(err.path());
    raise_at(py, err, &format!("$[{index}]{tail}"))
}

/// A handle that parses a policy once and evaluates any number of requests under it.
///
/// `Engine()` uses the default preset `intl-2024`; `Engine("cn")` a named preset;
/// `Engine({"preset": "cn", "disassociation_max_per_side": 2})` a validated policy object;
/// `Engine({"timeline": [{"from": ..., "policy": ...}, ...]})` the policies in force over
/// time. A request that carries its own `"policy"` is evaluated under that policy instead.
#[pyclass(subclass, frozen, module = "partner_rules._core")]
struct Engine {
    inner: partner_rules::Engine,
}

#[pymethods]
impl Engine {
    #[new]
    #[pyo3(signature = (policy = None))]
    fn new(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Self> {
        let policies = match policy {
            None => PolicyTimeline::default(),
            Some(policy) => convert::to_json_text(policy)
                .and_then(|text| PolicyTimeline::from_json(&text))
                .map_err(|err| raise(py, &err))?,
        };
        Ok(Engine {
            inner: partner_rules::Engine::new(policies),
        })
    }

    /// The name of the preset the policy is built on (for a timeline, its last entry's).
    #[getter]
    fn preset(&self) -> &'static str {
        self.inner
            .policies()
            .policy_at(None)
            .map_or(Policy::default().preset_name(), Policy::preset_name)
    }

    /// The full policy (or timeline) as a dict; `Engine(engine.policy)` is the same engine.
    #[getter]
    fn policy<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let policy = Tape::record(self.inner.policies())
            .map_err(|err| PyValueError::new_err(err.to_string()))?;
        convert::with_strings(|strings| policy.to_python(py, strings))
    }

    /// Evaluates a request dict and returns the response dict.
    fn evaluate<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let request = convert::to_json_text(request).map_err(|err| raise(py, &err))?;
        let answer = self
            .inner
            .evaluate_json_into(&request, &mut Recorder)
            .map_err(|err| raise(py, &err))?;
        convert::with_strings(|strings| answer.to_python(py, strings))
    }

    /// Evaluates a request given as JSON text (str or UTF-8 bytes) and returns JSON text.
    fn evaluate_json(&self, py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
        let text = request_text(request).map_err(|err| raise(py, &err))?;
        self.inner
            .evaluate_json(text.as_ref())
            .map_err(|err| raise(py, &err))
    }

    /// Evaluates a batch of request dicts with the GIL released while the rules run.
    ///
    /// Returns the responses in order. The first bad request raises its error, its path under
    /// the request's index (`$[3].partner.id`); with `return_exceptions=True` each bad request
    /// is instead answered by its exception, with the path inside that request.
    #[pyo3(signature = (requests, *, return_exceptions = false))]
    fn evaluate_many<'py>(
        &self,
        py: Python<'py>,
        requests: &Bound<'py, PyAny>,
        return_exceptions: bool,
    ) -> PyResult<Bound<'py, PyList>> {
        let mut requests = batch_iter(requests).map_err(|err| raise(py, &err))?;
        let _paused = GcPause::new(py)?;
        let engine = &self.inner;
        let out = PyList::empty(py);
        let mut chunk = Vec::with_capacity(BATCH_CHUNK);
        loop {
            chunk.clear();
            for item in requests.by_ref().take(BATCH_CHUNK) {
                let index = out.len() + chunk.len();
                let item = item.map_err(|e| raise(py, &iterable_failed(index, &e)))?;
                chunk.push(convert::to_json_text(&item));
            }
            if chunk.is_empty() {
                return Ok(out);
            }
            let answers: Vec<Result<Tape, Error>> = py.detach(|| {
                chunk
                    .iter()
                    .map(|request| match request {
                        Ok(request) => engine.evaluate_json_into(request, &mut Recorder),
                        Err(err) => Err(err.clone()),
                    })
                    .collect()
            });
            if !return_exceptions {
                if let Some((at, Err(err))) = answers.iter().enumerate().find(|(_, a)| a.is_err()) {
                    return Err(raise_in_batch(py, err, out.len() + at));
                }
            }
            convert::with_strings(|strings| {
                for answer in &answers {
                    out.append(match answer {
                        Ok(answer) => answer.to_python(py, strings)?,
                        Err(err) => exception(py, err)?,
                    })?;
                }
                Ok::<(), PyErr>(())
            })?;
        }
    }

    fn __repr__(&self) -> String {
        let Some(policy) = self.inner.policies().single() else {
            let entries = self.inner.policies().entries().len();
            return format!("<Engine: a timeline of {entries} policies>");
        };
        let preset = policy.preset_kind();
        if *policy == Policy::preset(preset) {
            format!("Engine('{}')", preset.name())
        } else {
            format!("<Engine: a custom policy based on '{}'>", preset.name())
        }
    }
}

/// JSON text given as `str` or UTF-8 `bytes`.
fn request_text<'a>(request: &'a Bound<'_, PyAny>) -> Result<std::borrow::Cow<'a, str>, Error> {
    if let Ok(text) = request.cast::<PyString>() {
        return text.to_cow().map_err(|_| {
            Error::invalid_input(
                "$",
                "expected JSON text that is valid UTF-8 (no lone surrogates)",
            )
        });
    }
    if let Ok(bytes) = request.cast::<PyBytes>() {
        return std::str::from_utf8(bytes.as_bytes())
            .map(std::borrow::Cow::Borrowed)
            .map_err(|e| Error::invalid_input("$", format!("expected UTF-8 JSON text: {e}")));
    }
    Err(Error::invalid_input(
        "$",
        format!(
            "expected the request as JSON text (str or bytes), got `{}`; pass a dict to `evaluate`",
            request
                .get_type()
                .name()
                .map(|n| n.to_string())
                .unwrap_or_default()
        ),
    ))
}

/// Requests are converted, evaluated (with the GIL released) and answered this many at a time:
/// enough that releasing and taking back the GIL costs nothing noticeable, few enough that the
/// working set stays in cache and a huge batch never exists twice in memory.
const BATCH_CHUNK: usize = 16;

/// An iterator over the requests of a batch: any iterable but text, bytes and mappings (a dict
/// would iterate over its keys, which is never what was meant).
fn batch_iter<'py>(requests: &Bound<'py, PyAny>) -> Result<Bound<'py, PyIterator>, Error> {
    let not_a_batch = || {
        Error::invalid_input(
            "$",
            format!(
                "expected an iterable of request dicts (a list, a tuple or a generator), got `{}`",
                requests
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ),
        )
    };
    if requests.is_instance_of::<PyString>()
        || requests.is_instance_of::<PyBytes>()
        || requests.cast::<PyMapping>().is_ok()
    {
        return Err(not_a_batch());
    }
    requests.try_iter().map_err(|_| not_a_batch())
}

/// The iterable of a batch raised `err` instead of giving request `index`.
fn iterable_failed(index: usize, err: &PyErr) -> Error {
    Error::invalid_input(format!("$[{index}]"), format!("the iterable failed: {err}"))
}

/// Batches running now; the collector is paused while there is at least one. Changed only with
/// the GIL held (this module is built for the stable ABI, which has a GIL), so the count and the
/// collector's state change together.
static BATCHES_RUNNING: AtomicUsize = AtomicUsize::new(0);
/// Whether the collector was running when the first of the running batches paused it.
static RESUME_COLLECTOR: AtomicBool = AtomicBool::new(false);

/// Pauses Python's cyclic garbage collector for the duration of a batch.
///
/// A batch of 100,000 checks builds some 600,000 dicts and lists that stay alive, and every few
/// hundred of them the collector would walk the young objects, every so often all of them:
/// measured, collection took about 40% of a batch, and pausing it doubled the throughput.
/// Answers hold no reference cycles, so the pause frees nothing late that it would have freed;
/// other threads' cyclic garbage waits until the last running batch ends.
struct GcPause<'py> {
    gc: Bound<'py, PyModule>,
}

impl<'py> GcPause<'py> {
    fn new(py: Python<'py>) -> PyResult<GcPause<'py>> {
        let gc = py.import("gc")?;
        if BATCHES_RUNNING.load(Ordering::SeqCst) == 0 {
            let enabled = gc.call_method0("isenabled")?.is_truthy()?;
            if enabled {
                gc.call_method0("disable")?;
            }
            RESUME_COLLECTOR.store(enabled, Ordering::SeqCst);
        }
        BATCHES_RUNNING.fetch_add(1, Ordering::SeqCst);
        Ok(GcPause { gc })
    }
}

impl Drop for GcPause<'_> {
    fn drop(&mut self) {
        // Dropped where it was made, with the GIL held.
        if BATCHES_RUNNING.fetch_sub(1, Ordering::SeqCst) == 1
            && RESUME_COLLECTOR.load(Ordering::SeqCst)
        {
            // `gc.enable()` does not fail; were it to, no caller is left to tell.
            let _ = self.gc.call_method0("enable");
        }
    }
}

/// The engine every module-level function uses: the default policy.
static DEFAULT_ENGINE: PyOnceLock<Py<Engine>> = PyOnceLock::new();

fn default_engine(py: Python<'_>) -> PyResult<&Bound<'_, Engine>> {
    DEFAULT_ENGINE
        .get_or_try_init(py, || {
            Py::new(
                py,
                Engine {
                    inner: partner_rules::Engine::default(),
                },
            )
        })
        .map(|engine| engine.bind(py))
}

/// Evaluates a request dict under the default policy (`intl-2024`, unless the request names
/// one) and returns the response dict.
#[pyfunction]
fn evaluate<'py>(py: Python<'py>, request: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    default_engine(py)?.get().evaluate(py, request)
}

/// Evaluates a request given as JSON text under the default policy and returns JSON text.
#[pyfunction]
fn evaluate_json(py: Python<'_>, request: &Bound<'_, PyAny>) -> PyResult<String> {
    default_engine(py)?.get().evaluate_json(py, request)
}

/// `Engine().evaluate_many(requests, return_exceptions=...)`.
#[pyfunction]
#[pyo3(signature = (requests, *, return_exceptions = false))]
fn evaluate_many<'py>(
    py: Python<'py>,
    requests: &Bound<'py, PyAny>,
    return_exceptions: bool,
) -> PyResult<Bound<'py, PyList>> {
    default_engine(py)?
        .get()
        .evaluate_many(py, requests, return_exceptions)
}

/// The compiled half of `partner_rules`.
#[pymodule(name = "_core")]
fn core_module(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Engine>()?;
    m.add_function(wrap_pyfunction!(evaluate, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_json, m)?)?;
    m.add_function(wrap_pyfunction!(evaluate_many, m)?)?;
    m.add_class::<table::TableJob>()?;
    m.add("OPS", PyTuple::new(m.py(), partner_rules::OPS)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
