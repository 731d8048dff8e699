"""A fixed now for the rule-agreement tests: 1 July 2026, 10:00 Asia/Shanghai (02:00 UTC).

Nothing in the suite freezes time, so ``django.utils.timezone.now`` is patched: every caller
reads it through the module (timezone.now(), localdate(), auto_now_add), so all see one instant.
"""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 7, 1, 10, 0, tzinfo=SHANGHAI)


def at(y, m, d, hh=0, mm=0, ss=0):
    """An aware instant in Shanghai local time."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=SHANGHAI)


@pytest.fixture
def frozen(world):
    with mock.patch("django.utils.timezone.now", return_value=NOW):
        yield NOW
