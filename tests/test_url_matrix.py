"""Every URL against every role (see tests/matrix.py)."""

import importlib
import pkgutil

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework.test import APIClient

import tests
from tests.matrix import ROLES

# URL names that are not ours to test here, or are the same view under another name.
IGNORED_PREFIXES = ("admin:", "set_language", "javascript-catalog")
IGNORED_SUFFIXES = ("api-root",)


def all_url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}{pattern.namespace}:"
            yield from all_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def matrix_modules():
    for info in pkgutil.iter_modules(tests.__path__):
        if info.ispkg:
            try:
                yield importlib.import_module(f"tests.{info.name}.matrix")
            except ModuleNotFoundError:
                continue


def covered_names(world):
    names = set()
    for module in matrix_modules():
        names |= {case.name for case in module.cases(world)}
    return names


def test_every_url_has_an_expected_result(world):
    names = {
        n for n in all_url_names() if not n.startswith(IGNORED_PREFIXES) and not n.endswith(IGNORED_SUFFIXES)
    }
    missing = sorted(names - covered_names(world))
    assert not missing, f"URLs without an expected result in any tests/<app>/matrix.py: {missing}"


def _client(world, role, api):
    client = APIClient() if api else Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


@pytest.mark.parametrize("module_name", [m.__name__ for m in matrix_modules()])
def test_role_by_url(world, module_name):
    module = importlib.import_module(module_name)
    failures = []
    for case in module.cases(world):
        url = reverse(case.name, kwargs=case.kwargs) + (f"?{case.query}" if case.query else "")
        for role in ROLES:
            client = _client(world, role, case.api)
            data = case.data(world) if callable(case.data) else case.data
            kwargs = {"format": "json"} if case.api and case.method != "get" else {}
            response = getattr(client, case.method)(url, data or {}, **kwargs)
            if response.status_code != case.expect[role]:
                failures.append(
                    f"{case.method.upper()} {url} as {role}: {response.status_code}, expected {case.expect[role]}"
                )
    assert not failures, "\n".join(failures)
