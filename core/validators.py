"""Validators shared by every app: phones and plain text fields."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Mainland numbering plan: mobiles are 11 digits from 13x to 19x; landlines are a
# 3-digit area code (010, 02x) with 8 digits, or a 4-digit one with 7 or 8.
_MOBILE = re.compile(r"(?:\+?86)?(1[3-9]\d{9})", re.ASCII)
_LANDLINE = re.compile(
    r"(?:\+?86-?)?(?:(0(?:10|2\d))-?(\d{8})|(0[3-9]\d{2})-?(\d{7,8}))(?:(?:-|转|ext\.?)(\d{1,6}))?",
    re.IGNORECASE | re.ASCII,
)


def normalize_phone(value: str) -> str:
    """Return a mainland mobile (13812345678) or landline (021-62345678) number in one form.

    Raises a ValidationError with a translated message when it is neither.
    """
    # NFKC turns full-width digits typed with a Chinese input method into ASCII.
    raw = "".join(ch for ch in unicodedata.normalize("NFKC", str(value or "")) if ch not in " ()")
    if not raw:
        raise ValidationError(_("Enter a phone number."), code="required")
    if match := _MOBILE.fullmatch(raw):
        return match.group(1)
    if match := _LANDLINE.fullmatch(raw):
        area = match.group(1) or match.group(3)
        local = match.group(2) or match.group(4)
        result = f"{area}-{local}"
        return f"{result}-{match.group(5)}" if match.group(5) else result
    raise ValidationError(
        _("“%(value)s” is not a mainland mobile (11 digits) or landline (area code and number)."),
        code="phone",
        params={"value": str(value)[:30]},
    )


def validate_phone(value: str) -> None:
    if value:
        normalize_phone(value)


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: str) -> bool:
    """A cell a spreadsheet would evaluate (formula injection)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def validate_not_formula(value: str) -> None:
    if value and looks_like_formula(value) and not value[1:2].isdigit():
        raise ValidationError(
            _("This text starts like a spreadsheet formula (=, +, -, @); remove that character."),
            code="formula",
        )
