#!/usr/bin/env python3
"""Generates the bindings' types from the JSON Schemas of the contract (core/schema/*.json):

- bindings-wasm/types/contract.d.ts: TypeScript declarations of every request, answer and fact,
  and the map from op names to their request and answer types;
- bindings-python/python/partner_rules/_types.py: the same as TypedDicts.

    python3 tests/generate_types.py          # writes both files
    python3 tests/generate_types.py --check  # fails if they differ from the schemas

The schemas are generated from the Rust types, so one source feeds all three languages. The
script reads the subset of JSON Schema that schemars writes for our types; anything else (an
object type with no name, say) stops it with an error rather than a loose type.
"""

from __future__ import annotations

import json
import keyword
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "core" / "schema"
TS_OUT = ROOT / "bindings-wasm" / "types" / "contract.d.ts"
PY_OUT = ROOT / "bindings-python" / "python" / "partner_rules" / "_types.py"
COMMAND = "python3 tests/generate_types.py"


class Unsupported(Exception):
    pass


def load() -> tuple[dict, dict, list[str]]:
    request = json.loads((SCHEMAS / "request.schema.json").read_text())
    response = json.loads((SCHEMAS / "response.schema.json").read_text())
    ops = request["properties"]["op"]["enum"]
    return request, response, ops


def def_name(op: str) -> str:
    return "".join(word[:1].upper() + word[1:] for word in op.replace("_", ".").split("."))


def merged_defs(request: dict, response: dict) -> tuple[dict, set[str]]:
    """Every definition once, and which are read (request side: timestamps also as dates)."""
    defs: dict = {}
    for name, schema in request["$defs"].items():
        defs[name] = schema
    read = set(request["$defs"])
    for name, schema in response["$defs"].items():
        if name in defs and defs[name] != schema:
            raise Unsupported(f"{name} differs between the request and the response schema")
        defs[name] = schema
    return defs, read


def ref_name(schema: dict) -> str | None:
    ref = schema.get("$ref")
    if ref is None:
        return None
    if not ref.startswith("#/$defs/"):
        raise Unsupported(f"reference {ref}")
    return ref[len("#/$defs/"):]


def is_object(schema: dict) -> bool:
    return schema.get("type") == "object" and "properties" in schema


def is_map(schema: dict) -> bool:
    return schema.get("type") == "object" and "properties" not in schema


def doc_lines(text: str | None) -> list[str]:
    if not text:
        return []
    return text.split("\n")


# ---- TypeScript ---------------------------------------------------------------------------


def ts_type(schema, read: bool) -> str:
    if schema is True or schema == {}:
        return "unknown"
    name = ref_name(schema)
    if name is not None:
        return "TimestampInput" if (read and name == "Timestamp") else name
    if "const" in schema:
        return json.dumps(schema["const"], ensure_ascii=False)
    if "enum" in schema:
        return " | ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return " | ".join(ts_type(s, read) for s in schema[key])
    kind = schema.get("type")
    if isinstance(kind, list):
        others = {k: v for k, v in schema.items() if k != "type"}
        return " | ".join(ts_type({**others, "type": k}, read) for k in kind)
    if kind == "string":
        return "string"
    if kind in ("integer", "number"):
        return "number"
    if kind == "boolean":
        return "boolean"
    if kind == "null":
        return "null"
    if kind == "array":
        item = ts_type(schema.get("items", True), read)
        return f"Array<{item}>"
    if is_map(schema):
        return "{ [key: string]: unknown }"
    raise Unsupported(f"no TypeScript for {json.dumps(schema)[:200]}")


def ts_doc(lines: list[str], indent: str) -> list[str]:
    if not lines:
        return []
    out = [f"{indent}/**"]
    for line in lines:
        out.append(f"{indent} * {line}".rstrip())
    out.append(f"{indent} */")
    return out


def ts_definition(name: str, schema: dict, read: bool) -> list[str]:
    out = ts_doc(doc_lines(schema.get("description")), "")
    if is_object(schema):
        required = set(schema.get("required", []))
        out.append(f"export interface {name} {{")
        for field, field_schema in schema["properties"].items():
            out += ts_doc(doc_lines(field_schema.get("description")), "  ")
            optional = "" if field in required else "?"
            out.append(f"  {field}{optional}: {ts_type(field_schema, read)};")
        out.append("}")
    else:
        out.append(f"export type {name} = {ts_type(schema, read)};")
    return out


def typescript(request: dict, response: dict, ops: list[str]) -> str:
    defs, read = merged_defs(request, response)
    out = [
        f"// Generated from core/schema/*.json by {COMMAND}; do not edit.",
        "// The types of the JSON contract (docs/contract.md): every request, answer and fact.",
        "",
        "/** A timestamp a request may give: RFC 3339 text or a `Date` (sent as its ISO text). */",
        "export type TimestampInput = Timestamp | Date;",
    ]
    for name in sorted(defs):
        out.append("")
        out += ts_definition(name, defs[name], name in read)
    out += [
        "",
        "/** Each op's request and answer types. */",
        "export interface Ops {",
    ]
    for op in ops:
        stem = def_name(op)
        out.append(f'  "{op}": [{stem}Request, {stem}Response];')
    out += [
        "}",
        "",
        "/** The name of an op. */",
        "export type OpName = keyof Ops;",
        "",
        "/** Any request. */",
        "export type Request = Ops[OpName][0];",
        "",
        "/** Any answer. */",
        "export type Response = Ops[OpName][1];",
        "",
        "/** The answer to a request of type `R`. */",
        'export type ResponseFor<R extends Request> = Ops[R["op"]][1];',
        "",
    ]
    return "\n".join(out)


# ---- Python -------------------------------------------------------------------------------


def py_type(schema, read: bool) -> str:
    if schema is True or schema == {}:
        return "Any"
    name = ref_name(schema)
    if name is not None:
        name = "TimestampInput" if (read and name == "Timestamp") else name
        return f'"{name}"'
    if "const" in schema:
        return f"Literal[{json.dumps(schema['const'], ensure_ascii=False)}]"
    if "enum" in schema:
        values = ", ".join(json.dumps(v, ensure_ascii=False) for v in schema["enum"])
        return f"Literal[{values}]"
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return union([py_type(s, read) for s in schema[key]])
    kind = schema.get("type")
    if isinstance(kind, list):
        others = {k: v for k, v in schema.items() if k != "type"}
        return union([py_type({**others, "type": k}, read) for k in kind])
    if kind == "string":
        return "str"
    if kind == "integer":
        return "int"
    if kind == "number":
        return "float"
    if kind == "boolean":
        return "bool"
    if kind == "null":
        return "None"
    if kind == "array":
        return f"List[{py_type(schema.get('items', True), read)}]"
    if is_map(schema):
        return "Dict[str, Any]"
    raise Unsupported(f"no Python for {json.dumps(schema)[:200]}")


def union(members: list[str]) -> str:
    if "None" in members and len(members) == 2:
        other = [m for m in members if m != "None"][0]
        return f"Optional[{other}]"
    return f"Union[{', '.join(members)}]"


def py_doc(lines: list[str], indent: str) -> list[str]:
    if not lines:
        return []
    text = "\n".join(lines).replace('"""', '\\"\\"\\"')
    body = text.split("\n")
    if len(body) == 1:
        return [f'{indent}"""{body[0]}"""']
    return [f'{indent}"""{body[0]}'] + [f"{indent}{line}".rstrip() for line in body[1:]] + [f'{indent}"""']


def py_typeddict(name: str, schema: dict, read: bool) -> list[str]:
    """A TypedDict: required keys in a base, the others in a `total=False` class on it (the
    form every Python from 3.9 on reads). Keys that are not identifiers (`from`) are declared
    in the functional form, which only the required base may need here."""
    fields = schema["properties"]
    wanted = set(schema.get("required", []))
    required = [f for f in fields if f in wanted]
    optional = [f for f in fields if f not in wanted]

    def plain(key: str) -> bool:
        return key.isidentifier() and not keyword.iskeyword(key)

    def body(keys: list[str]) -> list[str]:
        lines: list[str] = []
        for key in keys:
            for line in doc_lines(fields[key].get("description")):
                lines.append(f"    #: {line}".rstrip())
            lines.append(f"    {key}: {py_type(fields[key], read)}")
        return lines

    out: list[str] = []
    bases = "TypedDict"
    if required and optional:
        base = f"_{name}Required"
        if all(plain(k) for k in required):
            out.append(f"class {base}(TypedDict):")
            out += body(required)
        else:
            entries = ", ".join(f'"{k}": {py_type(fields[k], read)}' for k in required)
            out.append(f'{base} = TypedDict("{base}", {{{entries}}})')
        out += ["", ""]
        bases = base
        keys, total = optional, ", total=False"
    else:
        keys, total = (required, "") if required else (optional, ", total=False")
    if not all(plain(k) for k in keys):
        if bases != "TypedDict":
            raise Unsupported(f"{name}: optional keys that are not identifiers")
        entries = ", ".join(f'"{k}": {py_type(fields[k], read)}' for k in keys)
        out.append(f'{name} = TypedDict("{name}", {{{entries}}}{total})')
        out += py_doc(doc_lines(schema.get("description")), "")
        return out
    out.append(f"class {name}({bases}{total}):")
    out += py_doc(doc_lines(schema.get("description")), "    ")
    out += body(keys)
    if out[-1].endswith(":"):
        out.append("    pass")
    return out


def python(request: dict, response: dict, ops: list[str]) -> str:
    defs, read = merged_defs(request, response)
    out = [
        f"# Generated from core/schema/*.json by {COMMAND}; do not edit.",
        '"""Typed shapes of the JSON contract (docs/contract.md): every request, answer and fact.',
        "",
        "They are ``TypedDict``s: at run time plain dicts, so ``Partner(id=\"p-1\", frozen=True)`` is",
        '``{"id": "p-1", "frozen": True}`` and any dict of the same shape is accepted. Timestamps are',
        "RFC 3339 text in answers; in requests an aware ``datetime`` is accepted as well.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        "from datetime import datetime",
        "from typing import Any, Dict, List, Literal, Optional, TypedDict, Union",
        "",
        "TimestampInput = Union[str, datetime]",
        '"""A timestamp a request may give: RFC 3339 text or an aware ``datetime``."""',
    ]
    for name in sorted(defs):
        schema = defs[name]
        out += ["", ""]
        if is_object(schema):
            out += py_typeddict(name, schema, name in read)
        else:
            out.append(f"{name} = {py_type(schema, name in read).strip(chr(34))}")
            out += py_doc(doc_lines(schema.get("description")), "")
    public = [name for name in ["TimestampInput", *sorted(defs)] if not name.startswith("_")]
    out += ["", ""]
    out.append("__all__ = [")
    out += [f'    "{name}",' for name in public] + ['    "OP_TYPES",', "]"]
    out += ["", ""]
    out.append("OP_TYPES: Dict[str, Any] = {")
    for op in ops:
        stem = def_name(op)
        out.append(f'    "{op}": ({stem}Request, {stem}Response),')
    out.append("}")
    out.append('"""Each op\'s request and answer types."""')
    out.append("")
    return "\n".join(out)


def main() -> int:
    request, response, ops = load()
    outputs = {
        TS_OUT: typescript(request, response, ops),
        PY_OUT: python(request, response, ops),
    }
    check = "--check" in sys.argv[1:]
    stale = []
    for path, text in outputs.items():
        current = path.read_text() if path.exists() else None
        if current == text:
            continue
        if check:
            stale.append(path.relative_to(ROOT))
        else:
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print(f"out of date: {', '.join(map(str, stale))}; run {COMMAND}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
