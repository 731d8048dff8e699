"""The app graph runs one way: an app may use the apps below it, never one above it.

docs/architecture.md explains the layers; this file is where they are written down. Every
Python file of an app is parsed (not imported) and each reference to another app counts:
module-level and function-level imports, ``apps.get_model``/``import_module``/
``import_string`` calls, and dotted strings naming another app's model or module (a lazy
foreign key ``"organizations.Street"``, a label in a registry). A lower app that must react
to a higher one offers a signal or a registry that the higher app fills in its ``ready()``.
"""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Lowest first. Apps in one layer may not use each other either.
LAYERS = [
    ["core"],
    ["organizations"],
    ["accounts"],
    ["crossposts"],
    ["needs"],
    ["volunteers"],
    ["events"],
    ["cadre_reports"],
    ["members"],
    ["reports"],
    ["demo"],
]
# hongqiao/models.py holds the abstract bases every app builds on; the rest of hongqiao is the
# project (settings, URLs, the Celery app), which wires every app together and sits on top.
BASE_MODULES = {"hongqiao.models"}
PROJECT = "hongqiao"

# References that still run against the order, each to be removed (issue 16). The test also
# fails when one of these no longer occurs, so the list can only shrink.
KNOWN = {
    ("volunteers/models.py", "events"),
}

RANK = {app: rank for rank, layer in enumerate(LAYERS) for app in layer}
APPS = set(RANK) | {PROJECT}
DOTTED = re.compile(r"(" + "|".join(sorted(APPS)) + r")(\.[A-Za-z_][A-Za-z0-9_]*)+")
LAZY_CALLS = {"get_model", "import_module", "import_string", "is_installed", "get_app_config"}


def references(tree: ast.AST):
    """(line, dotted name) for every reference to another module or model in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module
            for alias in node.names:  # ``from core import scope`` names core.scope
                yield node.lineno, f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            args = [a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in LAZY_CALLS and args:
                # get_model("needs", "Need") as well as get_model("needs.Need")
                yield node.lineno, args[0] if "." in args[0] else f"{args[0]}.x"
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and DOTTED.fullmatch(node.value):
            yield node.lineno, node.value


def app_files():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # frozen history: it names what the models were, in any direction
            yield app, path


def target_of(name: str):
    top = name.split(".")[0].lower()
    if top not in APPS:
        return None
    if top == PROJECT and any(name == m or name.startswith(m + ".") for m in BASE_MODULES):
        return None  # the abstract bases: below everything
    return top


def violations():
    found = {}
    for app, path in app_files():
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
        for line, name in references(tree):
            target = target_of(name)
            if target is None or target == app:
                continue
            if app == PROJECT and rel != "hongqiao/models.py":
                continue  # the project wires every app
            if target == PROJECT or RANK[target] >= RANK.get(app, len(LAYERS)):
                found.setdefault((rel, target), []).append(f"{rel}:{line} {name}")
    return found


def test_every_app_has_a_layer():
    ours = {p.parent.name for p in ROOT.glob("*/apps.py")}
    assert ours <= APPS, f"apps without a layer in tests/test_layering.py: {sorted(ours - APPS)}"


def test_imports_run_down_the_layers():
    found = violations()
    new = {key: lines for key, lines in found.items() if key not in KNOWN}
    assert not new, "imports against the layer order:\n" + "\n".join(
        line for lines in new.values() for line in lines
    )


def test_known_exceptions_still_exist():
    gone = KNOWN - set(violations())
    assert not gone, f"no longer against the order, remove from KNOWN: {sorted(gone)}"


@pytest.mark.parametrize(
    "source, expected",
    [
        ("from needs.models import Need", {"needs.models", "needs.models.Need"}),
        ("def f():\n    from volunteers import rating", {"volunteers", "volunteers.rating"}),
        ("apps.get_model('events', 'Event')", {"events.x"}),
        ("import_module('reports.figures')", {"reports.figures"}),
        ("models.ForeignKey('organizations.Street', on_delete=None)", {"organizations.Street"}),
        ("x = 'needs'", set()),
    ],
)
def test_references_are_found(source, expected):
    assert {name for _line, name in references(ast.parse(source))} == expected
