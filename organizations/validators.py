"""The unified social credit code (GB 32100-2015) and its organization code (GB 11714).

One function, ``normalize_credit_code``, is the rule: forms, serializers, the
ledger import and admin all call it.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# GB 32100-2015: 31 characters, no I, O, Z, S or V.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714: weights of the 8 body characters of the organization code.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_check_character(first17: str) -> str:
    total = sum(CREDIT_CHARSET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def org_code_check_digit(body8: str) -> str:
    total = sum(int(c, 36) * w for c, w in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def normalize_credit_code(value: str) -> str:
    """Return the code in upper case without spaces, or raise a ValidationError saying what is wrong."""
    code = "".join((value or "").split()).upper()
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d."),
            code="length",
            params={"count": len(code)},
        )
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_CHARSET:
            raise ValidationError(
                _("Character %(position)d (“%(char)s”) cannot appear in a credit code."),
                code="charset",
                params={"position": position, "char": char},
            )
    if not code[2:8].isdigit():
        raise ValidationError(
            _("Characters 3 to 8 of a credit code are the six-digit area code."),
            code="area",
        )
    if org_code_check_digit(code[8:16]) != code[16]:
        raise ValidationError(
            _("The organization code (characters 9 to 17) has a wrong check digit."),
            code="org_check",
        )
    if credit_check_character(code[:17]) != code[17]:
        raise ValidationError(
            _("The last character, the check character, is wrong: please check the code."),
            code="check",
        )
    return code


def validate_credit_code(value: str) -> None:
    normalize_credit_code(value)


def make_credit_code(prefix: str, serial: int) -> str:
    """Build a valid code from a 2-character prefix, a 6-digit area code and a serial (demo data)."""
    body = f"{serial:08d}"[-8:]
    first17 = f"{prefix}{body}{org_code_check_digit(body)}"
    assert len(first17) == 17, first17
    return first17 + credit_check_character(first17)
