"""A smoke test of an installed partner-rules under any CPython 3.9 or later: the library, its
schemas and the console script. ci.sh runs it under the interpreters other than the one that
runs the full suite, and after installing the sdist. Not collected by pytest (no test_ name)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import partner_rules
from partner_rules._schema import schema_names


def main() -> None:
    where = partner_rules.__file__
    assert "site-packages" in where, f"imported from {where}, not from an installed package"
    engine = partner_rules.Engine("cn")
    decision = engine.check_preregistration(
        partner={"id": "p-1", "has_reserved_contact": True},
        customer={"id": "c-1", "has_huawei_contract": True},
        now="2026-11-21T10:00:00+08:00",
    )
    assert decision["outcome"] == "blocked", decision
    for name in schema_names():
        assert isinstance(partner_rules.schema(name), dict), name

    command = str(Path(sys.executable).parent / "partner-rules")
    request = {"op": "failure_cause.lookup", "message": "The invitation link has expired."}
    run = subprocess.run(
        [command, "eval", "-"], input=json.dumps(request) + "\n{}\n",
        capture_output=True, text=True, timeout=60,
    )
    assert run.returncode == 1, run.stderr  # the second line is invalid
    first, second = (json.loads(line) for line in run.stdout.splitlines())
    assert first["cause"]["code"] == "invitation_link_expired", first
    assert second["error"]["code"] == "invalid_input", second
    assert "<stdin>:2: invalid_input" in run.stderr, run.stderr
    explain = subprocess.run([command, "explain", "nothing like it"], capture_output=True, timeout=60)
    assert explain.returncode == 1
    version = sys.version.split()[0]
    print(f"smoke: partner_rules {partner_rules.__version__} on CPython {version} from {where}")


if __name__ == "__main__":
    main()
