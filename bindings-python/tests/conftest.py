"""Shared fixtures: where the conformance vectors are, and helpers to load them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Dict, List, Tuple

# The repository's shared corpus; PARTNER_RULES_VECTORS points elsewhere (a copy beside an
# installed wheel, say).
VECTOR_DIR = Path(
    os.environ.get(
        "PARTNER_RULES_VECTORS",
        Path(__file__).resolve().parents[2] / "tests" / "vectors",
    )
)


def load_vectors() -> List[Tuple[str, Dict[str, Any]]]:
    """Every vector of every `*.json` file, as (`file / name`, vector), files sorted by name."""
    out = []
    for path in sorted(VECTOR_DIR.glob("*.json")):
        with open(path, encoding="utf-8") as f:
            document = json.load(f)
        for vector in document["vectors"]:
            out.append((f"{path.name} / {vector['name']}", vector))
    return out
