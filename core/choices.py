"""Cached (value, label) pairs for the long filter selects (buildings, areas, cadres).

A street's building select has about 300 options: loading them as model instances on every list
page cost more than the page's own rows. The pairs are read with ``values_list`` and cached under
the scoped query's SQL (so each scope has its own entry) plus a version per model the list depends
on; saving or deleting one of those models bumps its version, so a new building shows at once.
Validation of a submitted value still goes through the scoped queryset (ModelChoiceField.to_python).
The sources themselves live with the apps whose models they list (``<app>/choices.py``); each such
app imports that module in its ``ready()``, so every process, web or worker, bumps the versions.
"""

import hashlib
import time

import django_filters
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save
from django.forms.models import ModelChoiceIterator

# A safety net for writes that send no signal (bulk_create, QuerySet.update, seeding scripts).
TIMEOUT = 600


def _version_key(using: str, label: str) -> str:
    # The database's name is part of every key: databases of one machine share one Redis.
    return f"choices:v:{connections[using].settings_dict['NAME']}:{label}"


def versions(using: str, labels) -> tuple:
    keys = [_version_key(using, label) for label in labels]
    found = cache.get_many(keys)
    return tuple(found.get(key, 0) for key in keys)


def bump(using: str, label: str) -> None:
    key = _version_key(using, label)
    try:
        cache.incr(key)
    except ValueError:  # not set yet, or evicted: start from a value no earlier version had
        cache.add(key, time.time_ns(), timeout=None)


class ChoiceSource:
    """How to read a select's pairs: the columns, how a row becomes a label, what it depends on."""

    def __init__(self, columns, depends_on, label=None):
        """``depends_on``: "app_label.modelname" (lower case) labels, or a dict of them to a test
        ``(instance, created, update_fields) -> bool`` that says whether a save matters."""
        self.columns = tuple(columns)
        if not isinstance(depends_on, dict):
            depends_on = dict.fromkeys(depends_on)
        self.depends_on = tuple(depends_on)
        self.label = label or (lambda row: row[1])
        for name, test in depends_on.items():
            _watch(name, test)

    def pairs(self, queryset) -> list:
        rows = queryset.values_list(*self.columns)
        try:
            sql, params = rows.query.sql_with_params()
        except EmptyResultSet:  # queryset.none() or an empty IN list
            return []
        stamp = versions(rows.db, self.depends_on)
        digest = hashlib.sha256(repr((sql, params, stamp)).encode()).hexdigest()
        key = f"choices:{connections[rows.db].settings_dict['NAME']}:{digest}"
        pairs = cache.get(key)
        if pairs is None:
            pairs = [(row[0], str(self.label(row))) for row in rows]
            cache.set(key, pairs, timeout=TIMEOUT)
        return pairs


class CachedChoiceIterator(ModelChoiceIterator):
    """ModelChoiceIterator that yields the cached pairs instead of model instances."""

    def _pairs(self):
        return self.field.choice_source.pairs(self.queryset)

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self._pairs()

    def __len__(self):
        return len(self._pairs()) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self._pairs())


class FilterCachedChoiceIterator(django_filters.fields.ModelChoiceIterator, CachedChoiceIterator):
    """django-filter's iterator (its null choice) over the cached pairs."""


class CachedModelChoiceField(django_filters.fields.ModelChoiceField):
    iterator = FilterCachedChoiceIterator

    def __init__(self, *args, choice_source, **kwargs):
        self.choice_source = choice_source
        super().__init__(*args, **kwargs)


class CachedModelChoiceFilter(django_filters.ModelChoiceFilter):
    """ModelChoiceFilter whose options come from ``choice_source`` (pass it as a keyword)."""

    field_class = CachedModelChoiceField


def _changed(sender, instance, created=False, update_fields=None, using="default", signal=None, **kwargs):
    label = sender._meta.label_lower
    if signal is post_save:
        tests = _SAVE_TESTS.get(label, ())
        if tests and not any(test(instance, created, update_fields) for test in tests):
            return  # a save that changes no label and no scope
    bump(using, label)
    # Again after commit: a page rendered meanwhile may have cached the list as it was.
    transaction.on_commit(lambda: bump(using, label), using=using)


# label -> the sources' tests of whether a save of that model matters to them
_SAVE_TESTS = {}


def _watch(label: str, test) -> None:
    if test is not None:
        _SAVE_TESTS.setdefault(label, []).append(test)

    def connect(model):
        post_save.connect(_changed, sender=model, dispatch_uid=f"choices-save-{label}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"choices-delete-{label}")

    apps.lazy_model_operation(connect, tuple(label.split(".")))
