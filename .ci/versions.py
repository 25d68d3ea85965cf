"""Checks that every built package carries the one version and the license.

The version is set once, as `version` under `[workspace.package]` in the root Cargo.toml. This
reads the packages in a dist directory (test-all.sh fills dist/ at the repository root) and
fails when any of them says otherwise, lacks the repository's LICENSE, or when CHANGELOG.md has
no section for the version:

    partner_rules-<v>-cp39-abi3-*.whl   the wheel: file name, METADATA, licenses/LICENSE
    partner_rules-<v>.tar.gz            the sdist: PKG-INFO, LICENSE
    partner-rules-<v>.tgz               the npm tarball: package.json, LICENSE
    partner-rules-<v>.crate             the crate (cargo package): Cargo.toml, LICENSE

Usage: python3 .ci/versions.py [DIST_DIR]
"""

from __future__ import annotations

import json
import re
import sys
import tarfile
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path
from typing import Callable, List, Tuple

ROOT = Path(__file__).resolve().parents[1]


def one(dist: Path, pattern: str) -> Path:
    found = sorted(dist.glob(pattern))
    if len(found) != 1:
        raise SystemExit(f"versions: expected one {pattern} in {dist}, found {[p.name for p in found]}")
    return found[0]


def tar_member(archive: Path, name: str) -> bytes:
    with tarfile.open(archive) as tar:
        member = tar.extractfile(name)
        if member is None:
            raise SystemExit(f"versions: {archive.name} has no file {name}")
        return member.read()


def main() -> None:
    dist = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist").resolve()
    version = tomllib.loads((ROOT / "Cargo.toml").read_text())["workspace"]["package"]["version"]
    license_text = (ROOT / "LICENSE").read_bytes()
    failures: List[str] = []
    rows: List[Tuple[str, str, bool]] = []

    def check(what: str, found: str, license_of: Callable[[], bytes]) -> None:
        try:
            licensed = license_of() == license_text
        except (KeyError, SystemExit) as err:
            licensed = False
            failures.append(f"{what}: {err}")
        rows.append((what, found, licensed))
        if found != version:
            failures.append(f"{what} says {found}, the workspace {version}")
        if not licensed:
            failures.append(f"{what} lacks the repository's LICENSE")

    wheel = one(dist, "partner_rules-*.whl")
    with zipfile.ZipFile(wheel) as zipped:
        info = next(n.split("/")[0] for n in zipped.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = HeaderParser().parsestr(zipped.read(f"{info}/METADATA").decode())
        wheel_license = zipped.read(f"{info}/licenses/LICENSE")
    check(f"wheel {wheel.name} (file name)", wheel.name.split("-")[1], lambda: wheel_license)
    check("wheel METADATA", metadata["Version"], lambda: wheel_license)

    sdist = one(dist, "partner_rules-*.tar.gz")
    top = sdist.name[: -len(".tar.gz")]
    pkg_info = HeaderParser().parsestr(tar_member(sdist, f"{top}/PKG-INFO").decode())
    check(f"sdist {sdist.name} PKG-INFO", pkg_info["Version"], lambda: tar_member(sdist, f"{top}/LICENSE"))

    npm = one(dist, "partner-rules-*.tgz")
    package = json.loads(tar_member(npm, "package/package.json"))
    check(f"npm {npm.name} package.json", package["version"], lambda: tar_member(npm, "package/LICENSE"))

    crate = one(dist, "partner-rules-*.crate")
    top = crate.name[: -len(".crate")]
    manifest = tomllib.loads(tar_member(crate, f"{top}/Cargo.toml").decode())
    check(f"crate {crate.name} Cargo.toml", manifest["package"]["version"], lambda: tar_member(crate, f"{top}/LICENSE"))

    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    if re.search(rf"^## \[{re.escape(version)}\]", changelog, re.MULTILINE) is None:
        failures.append(f"CHANGELOG.md has no '## [{version}]' section")

    width = max(len(what) for what, _, _ in rows)
    print(f"workspace version (Cargo.toml [workspace.package]): {version}")
    for what, found, licensed in rows:
        print(f"  {what:<{width}}  {found:<10} {'LICENSE' if licensed else 'no LICENSE'}")
    if failures:
        for failure in failures:
            print(f"versions: {failure}", file=sys.stderr)
        raise SystemExit(1)
    print(f"versions: every package is {version} and carries the LICENSE; CHANGELOG.md has [{version}]")


if __name__ == "__main__":
    main()
