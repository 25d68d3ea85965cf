"""The ``partner-rules`` command: in process through click's CliRunner, and as users run it,
through the console script the wheel installed (real pipes, files and a pseudo-terminal)."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import pytest
from click.testing import CliRunner, Result

import partner_rules
from partner_rules._cli import PROGRESS_AFTER_LINES, REPORTED_ERRORS, cli
from partner_rules._schema import schema_names

NOW = "2026-11-21T10:00:00+08:00"
SCHEMA_DIR = Path(__file__).resolve().parents[2] / "core" / "schema"
# The console script pip installed beside this interpreter: the command as users run it.
COMMAND = str(Path(sys.executable).parent / "partner-rules")


def check(n: int, **customer: Any) -> Dict[str, Any]:
    return {
        "op": "preregistration.check",
        "now": NOW,
        "partner": {"id": "p-1", "has_reserved_contact": True, "registration_country": "SG"},
        "customer": {"id": f"c-{n}", **customer},
    }


def jsonl(requests: Sequence[Any]) -> str:
    return "".join(json.dumps(r) + "\n" for r in requests)


def invoke(args: List[str], stdin: str = "") -> Result:
    return CliRunner().invoke(cli, args, input=stdin.encode("utf-8"), catch_exceptions=False)


def answers(stdout: str) -> List[Any]:
    return [json.loads(line) for line in stdout.splitlines()]


def run(args: List[str], **kwargs: Any) -> "subprocess.CompletedProcess[str]":
    return subprocess.run([COMMAND, *args], capture_output=True, text=True, timeout=120, **kwargs)


# --------------------------------------------------------------------------- eval


def test_answers_are_the_contracts_json_in_order() -> None:
    requests = [check(1, has_huawei_contract=True), check(2, registration_country="MY"),
                {"op": "error_code.lookup", "code": "CBC.0151"}]
    result = invoke(["eval"], jsonl(requests) + "\n   \n")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    # Blank lines hold no request and get no answer; every answer is evaluate_json's text.
    assert lines == [partner_rules.evaluate_json(json.dumps(r)) for r in requests]
    assert answers(result.stdout)[0]["outcome"] == "blocked"


def test_the_summary_counts_outcomes_and_reasons_on_stderr() -> None:
    requests = [check(n, has_huawei_contract=n % 2 == 0) for n in range(5)]
    result = invoke(["eval"], jsonl(requests))
    assert result.exit_code == 0
    assert "partner-rules eval: 5 requests, 5 answered" in result.stderr
    assert "outcomes: blocked 3, allowed 2" in result.stderr
    assert "most frequent reasons: customer_has_huawei_contract 3" in result.stderr
    assert "partner-rules eval" not in result.stdout


def test_quiet_leaves_out_the_summary() -> None:
    result = invoke(["eval", "--quiet"], jsonl([check(1)]))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 1


def test_a_bad_line_in_the_middle_is_reported_and_the_others_go_on(tmp_path: Path) -> None:
    lines = [
        json.dumps(check(1)),
        "not JSON at all",
        json.dumps(check(3, registered_at="last tuesday")),  # a bad fact
        json.dumps({"op": "preregistration.chek"}),  # an unknown op
        json.dumps(check(5, has_huawei_contract=True)),
    ]
    path = tmp_path / "day.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = invoke(["eval", str(path)])
    assert result.exit_code == 1
    out = answers(result.stdout)
    assert len(out) == 5, "one answer line per request, so that answer N is request N"
    assert out[0]["outcome"] == "allowed" and out[4]["outcome"] == "blocked"
    assert out[1]["error"]["code"] == "invalid_input" and out[1]["error"]["path"] == "$"
    assert out[2]["error"]["code"] == "invalid_input"
    assert out[2]["error"]["path"] == "$.customer.registered_at"
    assert out[3]["error"]["code"] == "unknown_op" and out[3]["error"]["path"] == "$.op"
    for answer in out[1:4]:
        assert set(answer) == {"error"} and set(answer["error"]) == {"code", "path", "message"}
        assert answer["error"]["message"]
    err = result.stderr.splitlines()
    assert err[0].startswith(f"{path}:2: invalid_input at $: ")
    assert err[1].startswith(f"{path}:3: invalid_input at $.customer.registered_at: ")
    assert err[2].startswith(f"{path}:4: unknown_op at $.op: ")
    assert "5 requests, 2 answered, 3 invalid" in result.stderr


def test_error_lines_are_the_bindings_own_errors() -> None:
    bad = json.dumps(check(1, frozn=True))
    result = invoke(["eval"], bad + "\n")
    with pytest.raises(partner_rules.InvalidInput) as raised:
        partner_rules.evaluate_json(bad)
    assert answers(result.stdout) == [{"error": raised.value.to_dict()}]


def test_a_duplicate_key_is_an_error_as_in_every_binding() -> None:
    text = '{"op": "failure_cause.catalog", "op": "error_code.lookup"}'
    result = invoke(["eval"], text + "\n")
    assert result.exit_code == 1
    with pytest.raises(partner_rules.InvalidInput) as raised:
        partner_rules.evaluate_json(text)
    assert answers(result.stdout) == [{"error": raised.value.to_dict()}]
    assert "duplicate" in raised.value.message


def test_only_the_first_invalid_lines_are_listed_on_stderr() -> None:
    result = invoke(["eval"], "{}\n" * (REPORTED_ERRORS + 7))
    assert result.exit_code == 1
    assert len(answers(result.stdout)) == REPORTED_ERRORS + 7
    listed = [line for line in result.stderr.splitlines() if line.startswith("<stdin>:")]
    assert len(listed) == REPORTED_ERRORS
    assert f"more than {REPORTED_ERRORS} invalid requests" in result.stderr
    assert f"{REPORTED_ERRORS + 7} invalid" in result.stderr


def test_one_json_array_is_read_element_by_element() -> None:
    requests = [check(1), check(2, has_huawei_contract=True), {"op": "failure_cause.catalog"}]
    text = "\n  [\n" + ",\n".join(json.dumps(r, indent=1) for r in requests) + "\n]\n"
    result = invoke(["eval"], text)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [partner_rules.evaluate_json(json.dumps(r)) for r in requests]


def test_an_invalid_array_element_is_an_error_line_and_the_rest_go_on() -> None:
    text = "[" + json.dumps(check(1)) + ",\n" + json.dumps(check(2, frozn=True)) + ",\n 42]"
    result = invoke(["eval"], text)
    assert result.exit_code == 1
    out = answers(result.stdout)
    assert out[0]["outcome"] == "allowed"
    assert out[1]["error"]["path"] == "$.customer.frozn"
    assert out[2]["error"]["path"] == "$"
    assert "<stdin>:2: invalid_input at $.customer.frozn" in result.stderr
    assert "<stdin>:3: invalid_input at $: " in result.stderr


@pytest.mark.parametrize(
    ("text", "path", "message"),
    [
        ("[" + json.dumps(check(1)) + ",\n {\"op\": tru}]", "$[1]", "array element 1 is not JSON"),
        ("[" + json.dumps(check(1)) + " " + json.dumps(check(2)) + "]", "$[1]", "expected ',' or ']'"),
        ("[" + json.dumps(check(1)) + "] {}", "$[1]", "text after the end of the array"),
        ("[" + json.dumps(check(1)) + ",", "$[1]", "not JSON"),
    ],
)
def test_a_broken_array_stops_with_an_error_after_the_elements_before_it(
    text: str, path: str, message: str
) -> None:
    result = invoke(["eval"], text)
    assert result.exit_code == 1
    out = answers(result.stdout)
    assert out[0]["outcome"] == "allowed"
    assert len(out) == 2
    assert out[1]["error"]["path"] == path
    assert message in out[1]["error"]["message"]


def test_input_that_is_not_utf8_is_an_error_line_not_a_traceback() -> None:
    lines = CliRunner().invoke(cli, ["eval"], input=b'{"op": "failure_cause.catalog"}\n"\xff"\n')
    assert lines.exit_code == 1
    assert answers(lines.stdout)[1]["error"]["code"] == "invalid_input"
    array = CliRunner().invoke(cli, ["eval"], input=b'[{"op": "failure_cause.catalog"}, "\xff"]')
    assert array.exit_code == 1
    assert answers(array.stdout) == [{"error": {"code": "invalid_input", "path": "$",
                                                "message": "the input is not UTF-8 text: invalid start byte"}}]
    assert "<stdin>:1: invalid_input at $: the input is not UTF-8 text" in array.stderr


def test_explain_of_text_that_is_not_utf8_is_a_usage_error() -> None:
    # What Python makes of a command-line argument that is not UTF-8: a lone surrogate.
    result = subprocess.run([COMMAND, "explain", b"bad \xff text"], capture_output=True, timeout=60)
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr and b"Invalid value for MESSAGE" in result.stderr


def test_an_array_element_larger_than_a_read_is_read_whole() -> None:
    request = {"op": "export.mask", "records": [{"name": "张三" * 20_000, "mobile": "13812345678"}]}
    result = invoke(["eval"], json.dumps([request, check(1)]))
    assert result.exit_code == 0, result.stderr
    out = answers(result.stdout)
    assert out[0] == partner_rules.evaluate(request)
    assert out[1]["outcome"] == "allowed"


def test_several_files_and_stdin_in_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.json"
    first.write_text(jsonl([check(1)]), encoding="utf-8")
    second.write_text(json.dumps([check(2, has_huawei_contract=True)]), encoding="utf-8")
    result = invoke(["eval", str(first), "-", str(second)], jsonl([check(3, registration_country="MY")]))
    assert result.exit_code == 0
    assert [a["outcome"] for a in answers(result.stdout)] == ["allowed", "manual_review", "blocked"]


def test_policy_preset_and_policy_file(tmp_path: Path) -> None:
    request = {"op": "disassociation.check", "now": NOW, "initiator": "partner",
               "partner": {"id": "p-1", "is_admin": True}, "verification_code_verified": True,
               "customer": {"id": "c-1"}}
    default = answers(invoke(["eval"], jsonl([request])).stdout)[0]
    cn = answers(invoke(["eval", "--policy", "cn"], jsonl([request])).stdout)[0]
    assert (default["policy"], cn["policy"]) == ("intl-2024", "cn")
    policy_file = tmp_path / "policy.json"
    policy_file.write_text(json.dumps({"preset": "intl-2025", "preregistration_validity_days": 30}))
    result = invoke(["eval", "--policy", str(policy_file)], jsonl([check(1)]))
    assert result.exit_code == 0
    assert answers(result.stdout)[0]["expires_at"] == "2026-12-21T10:00:00+08:00"


def test_a_policy_timeline_file_applies_the_entry_in_force_at_each_now(tmp_path: Path) -> None:
    timeline = {"timeline": [{"from": "2024-01-01T00:00:00+08:00", "policy": "intl-2024"},
                             {"from": "2025-07-01T00:00:00+08:00", "policy": "intl-2025"}]}
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(timeline))
    requests = [{"op": "disassociation.check", "now": now, "initiator": "partner",
                 "partner": {"id": "p-1", "is_admin": True}, "verification_code_verified": True,
                 "customer": {"id": "c-1"}}
                for now in ("2025-01-01T00:00:00+08:00", "2026-11-21T10:00:00+08:00")]
    result = invoke(["eval", "--policy", str(path)], jsonl(requests))
    assert result.exit_code == 0, result.stderr
    out = answers(result.stdout)
    assert [a["policy"] for a in out] == ["intl-2024", "intl-2025"]
    engine = partner_rules.Engine(timeline)
    assert out == [engine.evaluate(r) for r in requests]
    # Before the first entry no policy is in force: invalid input, as the engine says.
    early = {**requests[0], "now": "2023-06-01T00:00:00+08:00"}
    with pytest.raises(partner_rules.InvalidInput) as raised:
        engine.evaluate(early)
    result = invoke(["eval", "--policy", str(path)], jsonl([early]))
    assert result.exit_code == 1
    assert answers(result.stdout) == [{"error": raised.value.to_dict()}]


def test_an_invalid_policy_timeline_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps({"timeline": [{"from": "2025-07-01T00:00:00+08:00", "policy": "cn"},
                                             {"from": "2024-01-01T00:00:00+08:00", "policy": "cn"}]}))
    with pytest.raises(partner_rules.InvalidInput) as raised:
        partner_rules.Engine(json.loads(path.read_text()))
    result = invoke(["eval", "--policy", str(path)], jsonl([check(1)]))
    assert result.exit_code == 2
    assert f"{raised.value.code} at {raised.value.path}" in result.stderr


@pytest.mark.parametrize(
    ("args", "stdin", "fragment"),
    [
        (["eval", "--polic", "cn"], "", "No such option"),
        (["eval", "no-such-file.jsonl"], "", "does not exist"),
        (["eval", "-", "-"], "", "standard input (-) can be read only once"),
        (["eval", "--policy", "intl-2099"], "", "neither a preset nor a file"),
        (["frobnicate"], "", "No such command"),
        (["explain"], "", "Missing argument"),
        (["catalog", "--lang", "fr"], "", "'fr' is not one of"),
        (["policy", "show", "intl-2099"], "", "neither a preset nor a file"),
        (["schema", "policy"], "", "no schema named 'policy'"),
    ],
)
def test_usage_errors_exit_2(args: List[str], stdin: str, fragment: str) -> None:
    result = invoke(args, stdin)
    assert result.exit_code == 2, (result.stdout, result.stderr)
    assert fragment in result.stderr
    assert result.stdout == ""


def test_an_invalid_policy_file_is_a_usage_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text('{"preset": "cn", "calendar": {"weekend": ["caturday"]}}')
    result = invoke(["eval", "--policy", str(path)], jsonl([check(1)]))
    assert result.exit_code == 2
    assert "invalid_input at $.calendar.weekend[0]" in result.stderr
    path.write_text("{not json")
    result = invoke(["eval", "--policy", str(path)], jsonl([check(1)]))
    assert result.exit_code == 2
    assert f"cannot read {path}" in result.stderr


# --------------------------------------------------------------------------- the other commands


def test_explain_in_english_and_chinese() -> None:
    result = invoke(["explain", "  the invitation link has expired  "])
    assert result.exit_code == 0
    cause = partner_rules.Engine().lookup_failure_cause(message="The invitation link has expired.")["cause"]
    assert cause is not None
    operation = cause["suggested_operation"]
    assert operation is not None
    lines = result.stdout.splitlines()
    assert lines[:2] == [f"Cause {cause['number']}/20: {cause['code']}", f"  {cause['message']['en']}"]
    assert lines[3:5] == [f"What to do ({operation['code']}):", f"  {operation['en']}"]
    assert lines[6:] == ["Platform message:", f"  {cause['platform_message']['en']}"]
    zh = invoke(["explain", "The invitation link has expired", "--lang", "zh"]).stdout.splitlines()
    assert zh[:2] == [f"原因 {cause['number']}/20：{cause['code']}", f"  {cause['message']['zh']}"]
    assert zh[3:5] == [f"建议操作（{operation['code']}）：", f"  {operation['zh']}"]


def test_explain_exits_1_when_nothing_matches() -> None:
    result = invoke(["explain", "The moon is in the wrong phase."])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "No known association failure cause matches" in result.stderr


def test_catalog_lists_the_twenty_causes() -> None:
    causes: List[Dict[str, Any]] = [dict(c) for c in partner_rules.Engine().failure_cause_catalog()["causes"]]
    assert len(causes) == 20
    for lang in ("en", "zh"):
        result = invoke(["catalog", "--lang", lang])
        assert result.exit_code == 0
        for cause in causes:
            assert f"{cause['number']:>2}. {cause['code']}\n" in result.stdout
            assert cause["message"][lang] in result.stdout
            assert cause["suggested_operation"][lang] in result.stdout


@pytest.mark.parametrize("preset", ["intl-2024", "intl-2025", "cn"])
def test_policy_show_prints_the_presets_full_policy(preset: str) -> None:
    result = invoke(["policy", "show", preset])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == partner_rules.Engine(preset).policy


def test_schemas_are_the_cores_files() -> None:
    # The package ships whatever core/schema holds (request and response once the core writes
    # them), each the same document.
    shipped = sorted(p.name[: -len(".schema.json")] for p in SCHEMA_DIR.glob("*.schema.json"))
    assert schema_names() == shipped
    for name in shipped:
        text = (SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8")
        assert partner_rules.schema(name) == json.loads(text)
        assert invoke(["schema", name]).stdout == text
    if "request" in shipped:
        assert invoke(["schema"]).stdout == (SCHEMA_DIR / "request.schema.json").read_text(encoding="utf-8")
    else:
        result = invoke(["schema"])
        assert result.exit_code == 2 and "no schema named 'request'" in result.stderr
    with pytest.raises(ValueError, match="no JSON schema named 'policy'"):
        partner_rules.schema("policy")


def test_help_shows_examples() -> None:
    top = invoke(["--help"])
    assert top.exit_code == 0
    for command in ("eval", "explain", "catalog", "policy", "schema"):
        assert f"  {command} " in top.stdout
    assert "partner-rules eval requests.jsonl > answers.jsonl" in top.stdout
    for args in (["eval"], ["explain"], ["catalog"], ["policy", "show"], ["schema"]):
        result = invoke([*args, "--help"])
        assert result.exit_code == 0
        assert "Examples:\n" in result.stdout
        assert f"partner-rules {' '.join(args)}" in result.stdout.split("Examples:")[1]


# --------------------------------------------------------------------------- the console script


def test_the_console_script_and_python_m(tmp_path: Path) -> None:
    version = run(["--version"])
    assert (version.returncode, version.stdout) == (0, f"partner-rules {partner_rules.__version__}\n")
    module = subprocess.run([sys.executable, "-m", "partner_rules", "explain", "The invitation link has expired."],
                            capture_output=True, text=True, timeout=60)
    assert module.returncode == 0 and module.stdout.startswith("Cause 3/20: invitation_link_expired")


def test_importing_the_library_does_not_import_the_command() -> None:
    probe = "import partner_rules, sys; print(sorted(m for m in ('click', 'rich') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]"


def test_exit_statuses_through_the_console_script(tmp_path: Path) -> None:
    good = run(["eval"], input=jsonl([check(1)]))
    assert good.returncode == 0 and json.loads(good.stdout)["outcome"] == "allowed"
    bad = run(["eval"], input=jsonl([check(1)]) + "{}\n")
    assert bad.returncode == 1
    assert "<stdin>:2: invalid_input at $" in bad.stderr
    usage = run(["eval", str(tmp_path / "missing.jsonl")])
    assert usage.returncode == 2 and "Traceback" not in usage.stderr
    nothing = run(["explain", "nothing like a platform message"])
    assert nothing.returncode == 1


def test_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(jsonl([check(n) for n in range(20_000)]), encoding="utf-8")
    process = subprocess.Popen([COMMAND, "eval", str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 141
    assert json.loads(first)["outcome"] == "allowed"
    assert "Traceback" not in stderr and "Exception" not in stderr


def write_requests(path: Path, count: int, bad_at: int = -1) -> int:
    """`count` pre-registration checks of about 600 bytes each, all different; line `bad_at`
    (1-based) invalid. Returns the file's size."""
    with open(path, "w", encoding="utf-8") as f:
        for n in range(1, count + 1):
            if n == bad_at:
                f.write('{"op": "preregistration.check", "now": "yesterday"}\n')
                continue
            request = check(n, registration_country=("MY", "SG")[n % 2],
                            has_huawei_contract=n % 3 == 0, online_sales_team=n % 5 == 0)
            request["partner"]["id"] = f"p-{n:07d}-{'x' * 300}"
            f.write(json.dumps(request) + "\n")
    return path.stat().st_size


def resident_peak(pid: int) -> int:
    """The process's peak resident memory so far, in bytes (VmHWM: its own, from its exec on;
    ru_maxrss would also count the memory of the parent that forked it)."""
    with open(f"/proc/{pid}/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise AssertionError("no VmHWM in /proc/<pid>/status")


def test_a_100000_line_input_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    """The requests go through a pipe that stays open until nearly every answer has come back:
    a command that held its input would answer nothing before the input ends (and time out
    here). Its peak memory after 100,000 requests is compared with its peak after the first
    1,000, both read while it runs."""
    path = tmp_path / "big.jsonl"
    size = write_requests(path, 100_000, bad_at=50_000)
    with open(path, "rb") as f:
        lines = f.readlines()
    process = subprocess.Popen([COMMAND, "eval", "-"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert process.stdin is not None and process.stdout is not None
    stdin, stdout = process.stdin, process.stdout
    go_on, finish = threading.Event(), threading.Event()

    def feed() -> None:
        stdin.writelines(lines[:1_000])
        stdin.flush()
        go_on.wait(120)
        stdin.writelines(lines[1_000:])
        stdin.flush()
        finish.wait(120)
        stdin.close()

    writer = threading.Thread(target=feed)
    writer.start()
    received = 0
    try:
        # The command writes answers through an 8 KiB buffer: all but the last few arrive
        # while it still waits for more input.
        for received in range(1, 990 + 1):
            assert stdout.readline(), "the command stopped answering"
        baseline = resident_peak(process.pid)
        go_on.set()
        for received in range(991, 99_900 + 1):
            line = stdout.readline()
            assert line, f"the command stopped answering after {received - 1} answers"
            if received in (49_999, 50_000, 50_001):
                assert ("error" in json.loads(line)) == (received == 50_000), received
        peak = resident_peak(process.pid)
    finally:
        go_on.set()
        finish.set()
    received += len(stdout.readlines())
    writer.join(60)
    assert process.wait(timeout=60) == 1  # line 50,000
    assert received == 100_000
    # Holding the input would take at least its size (the text alone, before any Python
    # object); streaming keeps the growth far below that.
    allowed = 16 * 1024 * 1024
    assert size > 3 * allowed, "the input must be large enough for the bound to mean something"
    assert peak - baseline < allowed, f"peak {peak:,} bytes, {baseline:,} after 1,000 requests; input {size:,} bytes"


def run_with_stderr_on_a_terminal(args: List[str], stdout: Path) -> Tuple[int, str]:
    """Runs the console script with standard error on a pseudo-terminal (standard output to a
    file, as in `partner-rules eval big.jsonl > answers.jsonl`); returns what the terminal got."""
    master, slave = pty.openpty()
    received: List[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 65536)
            except OSError:  # the terminal closed
                return
            if not data:
                return
            received.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "100"}
    env.pop("NO_COLOR", None)
    with open(stdout, "wb") as out:
        process = subprocess.run([COMMAND, *args], stdout=out, stderr=slave, env=env, timeout=120)
    os.close(slave)
    reader.join(timeout=10)
    os.close(master)
    return process.returncode, b"".join(received).decode("utf-8", "replace")


def test_a_progress_bar_on_a_terminal_and_none_elsewhere(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    write_requests(path, 30_000)
    status, terminal = run_with_stderr_on_a_terminal(["eval", str(path)], tmp_path / "out")
    assert status == 0
    assert "evaluating" in terminal and "requests" in terminal and "━" in terminal, terminal[-500:]
    assert "partner-rules eval: 30,000 requests, 30,000 answered" in terminal
    # The same run with standard error on a pipe: the summary only.
    piped = subprocess.run([COMMAND, "eval", str(path)], stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, text=True, timeout=120)
    assert piped.returncode == 0
    assert "evaluating" not in piped.stderr and "━" not in piped.stderr and "\r" not in piped.stderr
    assert piped.stderr.startswith("partner-rules eval: 30,000 requests")
    # And on a terminal, but small: no bar either.
    write_requests(path, PROGRESS_AFTER_LINES - 1)
    status, terminal = run_with_stderr_on_a_terminal(["eval", str(path)], tmp_path / "out")
    assert status == 0 and "evaluating" not in terminal and "━" not in terminal
