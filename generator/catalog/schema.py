"""JSON Schema checks with messages a contributor can act on.

The schemas ship inside the package (generator/schemas/) so that the wheel,
the editor modelines and the validator all use the same files.
"""

from __future__ import annotations

import json
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
    found = sorted(validator(name).iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
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
        extra = sorted(k for k in value if k not in schema.get("properties", {}))
        for key in extra:
            yield (
                [*path, key],
                "schema-unknown-field",
                f"{_at(field)}unknown field '{key}'; allowed: {', '.join(known)}",
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
            f"{field}: {_show(value)} is not allowed; allowed: {allowed}{hint}",
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
        yield (
            path,
            "schema-type",
            f"{_at(field)}expected {_kind(expected)}, found {_type_name(value)} {_show(value)}{hint}",
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
                f"{field}: {_show(value)} is not valid; expected {hint}",
                (),
            )
        return
    if kind == "maxLength" and isinstance(value, str):
        # Not jsonschema's message: it repeats the whole text, however long.
        yield (
            path,
            "schema-too-long",
            f"{field}: {_show(value)} is {len(value)} characters long; at most {expected} allowed",
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
    yield path, "schema-other", f"{_at(field)}{error.message}", ()


def dotted(path: Sequence[str | int]) -> str:
    out = ""
    for step in path:
        out += f"[{step}]" if isinstance(step, int) else (f".{step}" if out else str(step))
    return out or "(top level)"


def _at(field: str) -> str:
    return "" if field == "(top level)" else f"{field}: "


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 60 else text[:57] + "..."


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
    return {dict: "a mapping", list: "a list", str: "text", int: "a number", float: "a number"}.get(
        type(value), type(value).__name__
    )
