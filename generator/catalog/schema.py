"""JSON Schema checks with messages a contributor can act on.

The schemas ship inside the package (generator/schemas/) so that the wheel,
the editor modelines and the validator all use the same files.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import fastjsonschema

if TYPE_CHECKING:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

SCHEMA_FILES = ("common", "catalog", "sources", "items", "profile")
# Schema violations explained per file, at most.
MAX_ERRORS = 200


def schema_text(name: str) -> str:
    return (resources.files("generator") / "schemas" / f"{name}.schema.json").read_text("utf-8")


@cache
def _schemas() -> dict[str, Any]:
    """Every schema that ships, by its $id (its file name)."""
    out = {}
    for name in SCHEMA_FILES:
        try:
            contents = json.loads(schema_text(name))
        except FileNotFoundError:
            continue
        out[contents["$id"]] = contents
    return out


# jsonschema (with referencing) is imported only when a file fails the compiled
# check: it costs more to import than a valid catalog takes to check.
@cache
def _registry() -> Registry:
    from referencing import Registry
    from referencing.jsonschema import DRAFT7

    return Registry().with_resources(
        (uri, DRAFT7.create_resource(contents)) for uri, contents in _schemas().items()
    )


@cache
def validator(name: str) -> Draft7Validator:
    from jsonschema import Draft7Validator

    return Draft7Validator(json.loads(schema_text(name)), registry=_registry())


def _inline(node: Any, resolve: Callable[[str, str], Any], here: str) -> Any:
    """The schema with every $ref replaced by what it points to.

    fastjsonschema would fetch a $ref to another file over the network; our
    schemas refer to each other by file name and have no cycles.
    """
    if isinstance(node, dict):
        if "$ref" in node:
            target, _, pointer = node["$ref"].partition("#")
            file = target or here
            return _inline(resolve(file, pointer), resolve, file)
        return {k: _inline(v, resolve, here) for k, v in node.items() if k != "$id"}
    if isinstance(node, list):
        return [_inline(v, resolve, here) for v in node]
    return node


@cache
def _fast(name: str) -> Callable[[Any], Any]:
    """A compiled validator: it only says whether the data is valid, and fast."""
    loaded = _schemas()

    def resolve(file: str, pointer: str) -> Any:
        node = loaded[file]
        for step in filter(None, pointer.split("/")):
            node = node[step]
        return node

    root = f"{name}.schema.json"
    # Only valid or not is asked of it (jsonschema explains failures), so its
    # exceptions need no details: without them the generated code is less than
    # half as long and compiles five times faster (70 ms -> 13 ms for the four
    # schemas, paid by every command and every site build).
    return fastjsonschema.compile(_inline(loaded[root], resolve, root), detailed_exceptions=False)


def is_valid(name: str, data: Any) -> bool:
    try:
        _fast(name)(data)
    except fastjsonschema.JsonSchemaValueException:
        return False
    return True


# (path, code, message, allowed values): one schema violation, explained.
Explained = tuple[Sequence[str | int], str, str, tuple[str, ...]]


def errors(name: str, data: Any) -> Iterator[Explained]:
    """Yield (path, code, message, allowed) for each schema violation, in document order."""
    # Most files are valid: the compiled check settles those several times
    # faster than jsonschema, which runs only to explain what is wrong.
    if is_valid(name, data):
        return
    # A file can break the schema a hundred thousand times (a list of 200,000
    # numbers where mappings belong): explaining the first MAX_ERRORS keeps time
    # and memory bounded, and nobody reads further before fixing those.
    first = itertools.islice(validator(name).iter_errors(data), MAX_ERRORS)
    found = sorted(first, key=lambda e: list(map(str, e.absolute_path)))
    # One failure can break several keywords ("" fails minLength and pattern):
    # say it once.
    said: set[tuple[tuple[str | int, ...], str]] = set()
    for error in found:
        for path, code, message, allowed in _explain(error):
            if (tuple(path), message) not in said:
                said.add((tuple(path), message))
                yield path, code, message, allowed


def _explain(error: ValidationError) -> Iterator[Explained]:
    path = list(error.absolute_path)
    field = dotted(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    value: Any = error.instance
    expected: Any = error.validator_value
    if kind == "required":
        missing = [k for k in expected if isinstance(value, dict) and k not in value]
        for key in missing:
            yield path, "schema-required", f"{_at(field)}missing required field '{key}'", ()
        return
    if kind == "additionalProperties":
        known = tuple(sorted(schema.get("properties", {})))
        # Keys may be numbers too (YAML reads 0: as 0): sort them as text.
        extra = sorted((k for k in value if k not in schema.get("properties", {})), key=str)
        for key in extra:
            yield (
                [*path, key],
                "schema-unknown-field",
                f"{_at(field)}unknown field {show(str(key))}; allowed: {', '.join(known)}",
                known,
            )
        return
    if kind == "enum":
        allowed = ", ".join(str(v) if v != "" else '"" (empty)' for v in expected)
        hint = (
            " (YAML reads bare yes/no/on/off as true/false: put the text in quotes)"
            if isinstance(value, bool)
            else ""
        )
        yield (
            path,
            "schema-enum",
            f"{field}: {show(value)} is not allowed; allowed: {allowed}{hint}",
            tuple(str(v) for v in expected),
        )
        return
    if kind == "type":
        hint = ""
        if isinstance(value, bool) and expected == "string":
            hint = (
                " (YAML reads bare yes/no/on/off/true/false as true/false: put the text in quotes)"
            )
        elif isinstance(value, int | float) and expected == "string":
            hint = " (put the value in quotes)"
        # The top level of a file is the file's whole content: never echo it (the
        # file may not be ours at all, such as a secret a link points to).
        found = _type_name(value) if not path else describe(value)
        yield (
            path,
            "schema-type",
            f"{_at(field)}expected {_kind(expected)}, found {found}{hint}",
            (),
        )
        return
    if kind in ("pattern", "minLength"):
        hint = schema.get("description", f"text matching {expected}")
        if isinstance(value, str) and not value.strip():
            yield path, "schema-empty", f"{field}: is empty; expected {hint}", ()
        else:
            yield (
                path,
                "schema-pattern",
                f"{field}: {show(value)} is not valid; expected {hint}",
                (),
            )
        return
    if kind == "maxLength" and isinstance(value, str):
        # Not jsonschema's message: it repeats the whole text, however long.
        yield (
            path,
            "schema-too-long",
            f"{field}: {show(value)} is {len(value)} characters long; at most {expected} allowed",
            (),
        )
        return
    if kind == "minItems":
        yield (
            path,
            "schema-too-few",
            f"{field}: needs at least {expected} entr{'y' if expected == 1 else 'ies'}",
            (),
        )
        return
    if kind == "uniqueItems":
        yield (
            path,
            "schema-duplicate-value",
            f"{field}: lists the same value more than once; each value may appear once",
            (),
        )
        return
    if kind == "minProperties":
        yield (
            path,
            "schema-empty-mapping",
            f"{field}: is empty; remove it or give at least one entry",
            (),
        )
        return
    if kind in ("oneOf", "anyOf") and isinstance(expected, list):
        # A value of the kind one branch takes failed inside that branch: say what
        # failed there (conditions[0].due), not that no branch matched.
        for n, branch in enumerate(expected):
            if isinstance(branch, dict) and _is_type(value, branch.get("type")):
                inner = [e for e in error.context or () if e.relative_schema_path[0] == n]
                if inner:
                    for sub in inner:
                        yield from _explain(sub)
                    return
        kinds = [_kind(s["type"]) for s in expected if isinstance(s, dict) and "type" in s]
        if kinds:
            yield (
                path,
                "schema-other",
                f"{_at(field)}expected {' or '.join(kinds)}, found {describe(value)}",
                (),
            )
            return
    # jsonschema's own message would show the value as Python writes it.
    yield path, "schema-other", f"{_at(field)}{describe(value)} is not allowed here ({kind})", ()


_TYPES: dict[str, type | tuple[type, ...]] = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "integer": int,
    "number": (int, float),
    "null": type(None),
}


def _is_type(value: Any, name: Any) -> bool:
    if not isinstance(name, str) or name not in _TYPES:
        return False
    if isinstance(value, bool) and name not in ("boolean",):
        return False
    return isinstance(value, _TYPES[name])


def dotted(path: Sequence[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"


def _at(field: str) -> str:
    return "" if field == "(top level)" else f"{field}: "


def show(value: Any) -> str:
    """A value as a message quotes it: text in quotes, anything else as YAML writes it."""
    if isinstance(value, str):
        text = f"'{value}'"
    elif value is None:
        text = "an empty value"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, float) and not math.isfinite(value):
        text = ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    elif isinstance(value, int) and abs(value) >= 10**30:
        text = f"a number of {len(str(abs(value)))} digits"
    elif isinstance(value, int | float):
        text = str(value)
    else:
        text = _type_name(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe(value: Any) -> str:
    """What a value is and, when short, what it says: the number 12, text 'x', a list."""
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return f"true/false ({show(value)})"
    if isinstance(value, int | float):
        return f"the number {show(value)}"
    if isinstance(value, str):
        return f"text {show(value)}"
    return _type_name(value)


def _kind(expected: Any) -> str:
    names = {
        "object": "a mapping",
        "array": "a list",
        "string": "text",
        "boolean": "true or false",
        "integer": "a whole number",
        "number": "a number",
        "null": "nothing",
    }
    if isinstance(expected, list):
        return " or ".join(names.get(str(e), str(e)) for e in expected)
    return names.get(expected, str(expected))


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    return "a value of another kind"
