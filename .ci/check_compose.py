#!/usr/bin/env python
"""Validate docker-compose.yml without a Docker engine.

    python .ci/check_compose.py [COMPOSE_FILE] [--schema SCHEMA_JSON]

Checks, in order:

1. the file is YAML whose top level is a mapping, with no duplicate keys in any
   mapping (Compose rejects them; PyYAML would silently keep the last one);
2. the document is valid against the Compose Specification JSON schema vendored
   in .ci/compose-spec.json (compose-spec/compose-spec, schema/compose-spec.json,
   commit 00655e2222608fa6eaecdf12ac5195889ca2244a, Apache License 2.0), and has
   no top-level ``version:`` key (obsolete under the specification);
3. references resolve: every ``depends_on`` target is a declared service, every
   named volume a service mounts is declared under top-level ``volumes:``, every
   network a service joins is declared under ``networks:`` (or is ``default``),
   and a ``condition: service_healthy`` dependency has a ``healthcheck``.

Variables such as ``${POSTGRES_PASSWORD}`` are not interpolated: the schema
accepts them wherever a string is allowed. Exits 0 when every check passes,
1 with one message per problem on stderr otherwise, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_COMPOSE = ROOT / "docker-compose.yml"
DEFAULT_SCHEMA = Path(__file__).resolve().parent / "compose-spec.json"

_MERGE_TAG = "tag:yaml.org,2002:merge"


def load_schema(path: Path = DEFAULT_SCHEMA) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _duplicate_keys(text: str) -> list[str]:
    """Duplicate keys in any mapping, found on the node graph before merge keys are applied."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    problems: list[str] = []
    seen_nodes: set[int] = set()
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if id(node) in seen_nodes:
            continue
        seen_nodes.add(id(node))
        if isinstance(node, yaml.MappingNode):
            keys: dict[str, int] = {}
            for key_node, value_node in node.value:
                stack.append(value_node)
                if key_node.tag == _MERGE_TAG or not isinstance(key_node, yaml.ScalarNode):
                    continue
                line = key_node.start_mark.line + 1
                if key_node.value in keys:
                    problems.append(
                        f"line {line}: duplicate key {key_node.value!r} "
                        f"(first at line {keys[key_node.value]})"
                    )
                else:
                    keys[key_node.value] = line
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return problems


def _where(path) -> str:
    parts = []
    for part in path:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts) or "(top level)"


def _cause(error: ValidationError) -> str:
    """Why a oneOf/anyOf failed: of its branches, not the "wrong type here" ones (those branches
    simply were not meant) but the deepest complaint within the branch that was meant."""
    while error.context:
        here = list(error.absolute_path)
        meant = [e for e in error.context if not (e.validator == "type" and list(e.absolute_path) == here)]
        if not meant:
            types: list[str] = []
            for branch in error.context:
                value = branch.validator_value
                types += [value] if isinstance(value, str) else list(value)
            return f"{_where(here)}: expected {' or '.join(dict.fromkeys(types))}, got {error.instance!r}"
        error = max(meant, key=lambda e: len(e.absolute_path))
    return f"{_where(error.absolute_path)}: {error.message}"


def _describe(error: ValidationError) -> str:
    # A oneOf failure says only "is not valid under any of the given schemas": say why as well.
    if error.context:
        return f"{_where(error.absolute_path)}: {error.message}; {_cause(error)}"
    return f"{_where(error.absolute_path)}: {error.message}"


def _schema_errors(document: Any, schema: dict[str, Any]) -> list[str]:
    validator = Draft7Validator(schema)
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    return [f"schema: {_describe(error)}" for error in errors]


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _named_volume(entry: Any) -> str | None:
    """The named volume a service's volumes entry mounts, or None for a bind mount, tmpfs, anonymous volume."""
    if isinstance(entry, dict):
        if entry.get("type") == "volume" and entry.get("source"):
            return str(entry["source"])
        return None
    if not isinstance(entry, str):
        return None
    parts = entry.split(":")
    if len(parts) < 2:
        return None  # "/path": an anonymous volume
    source = parts[0]
    if not source or source.startswith(("/", ".", "~", "$")):
        return None  # a bind mount (or a path from a variable)
    return source


def _reference_errors(document: dict[str, Any]) -> list[str]:
    # The schema has already reported anything of the wrong shape: look only at what has the right one.
    problems: list[str] = []
    services = _mapping(document.get("services"))
    volumes = set(_mapping(document.get("volumes")))
    networks = set(_mapping(document.get("networks"))) | {"default"}
    if not services:
        problems.append("no services are declared")
    for name, service in services.items():
        if not isinstance(service, dict):
            continue
        depends_on = service.get("depends_on") or []
        if isinstance(depends_on, dict):
            dependencies = {
                target: spec.get("condition") if isinstance(spec, dict) else None
                for target, spec in depends_on.items()
            }
        else:
            dependencies = dict.fromkeys(t for t in _list(depends_on) if isinstance(t, str))
        for target, condition in dependencies.items():
            if target not in services:
                problems.append(f"services.{name}.depends_on: {target!r} is not a declared service")
            elif target == name:
                problems.append(f"services.{name}.depends_on: a service cannot depend on itself")
            elif condition == "service_healthy":
                check = _mapping(_mapping(services[target]).get("healthcheck"))
                if not check or check.get("disable") is True or check.get("test") in (["NONE"], "NONE"):
                    problems.append(
                        f"services.{name}.depends_on.{target}: condition service_healthy, "
                        f"but services.{target} has no healthcheck"
                    )
        for index, entry in enumerate(_list(service.get("volumes"))):
            volume = _named_volume(entry)
            if volume is not None and volume not in volumes:
                problems.append(
                    f"services.{name}.volumes[{index}]: named volume {volume!r} is not declared "
                    f"under the top-level volumes"
                )
        joined = service.get("networks") or []
        for network in list(joined) if isinstance(joined, list | dict) else []:
            if isinstance(network, str) and network not in networks:
                problems.append(f"services.{name}.networks: {network!r} is not declared under networks")
    return problems


def check_text(text: str, schema: dict[str, Any] | None = None) -> list[str]:
    """Every problem found in a compose document given as text; an empty list when it is valid."""
    try:
        problems = _duplicate_keys(text)
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return [f"not valid YAML: {exc}"]
    if not isinstance(document, dict):
        return [*problems, f"the top level must be a mapping, not {type(document).__name__}"]
    if "version" in document:
        problems.append("top-level 'version' is obsolete under the Compose Specification: remove it")
    problems += _schema_errors(document, schema if schema is not None else load_schema())
    problems += _reference_errors(document)
    return problems


def check_file(path: Path, schema: dict[str, Any] | None = None) -> list[str]:
    return check_text(path.read_text(encoding="utf-8"), schema)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("compose_file", nargs="?", type=Path, default=DEFAULT_COMPOSE)
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA)
    args = parser.parse_args(argv)
    for path in (args.compose_file, args.schema):
        if not path.is_file():
            print(f"check_compose: {path}: no such file", file=sys.stderr)
            return 2
    try:
        schema = load_schema(args.schema)
    except json.JSONDecodeError as exc:
        print(f"check_compose: {args.schema}: not valid JSON: {exc}", file=sys.stderr)
        return 2
    problems = check_file(args.compose_file, schema)
    if problems:
        print(f"check_compose: {args.compose_file}: {len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        return 1
    services = yaml.safe_load(args.compose_file.read_text(encoding="utf-8"))["services"]
    print(f"check_compose: {args.compose_file}: valid ({len(services)} services: {', '.join(services)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
