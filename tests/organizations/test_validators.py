import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from core.validators import normalize_phone
from organizations.validators import make_credit_code, normalize_credit_code

VALID = ["91310105UGEHTY3759", "91310105N92L43K43K", "9131010537P6MYGX35", "91310105XUYUNY3301"]


@pytest.mark.parametrize("code", VALID)
def test_valid_codes_pass(code):
    assert normalize_credit_code(code) == code


def test_lower_case_and_spaces_are_normalised():
    assert normalize_credit_code(" 91310105r6ulpynx8t ") == "91310105R6ULPYNX8T"


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("9131010506PTFWNQ2", "length"),
        ("9131010506PTFWNQ2HX", "length"),
        ("91310105I6PTFWNQ2H", "charset"),  # I is not in the GB 32100 character set
        ("91310105O6PTFWNQ2H", "charset"),
        ("913101A506PTFWNQ2H", "area"),
        ("9131010506PTFWNQ3H", "org_check"),  # organization code check digit (character 17) wrong
        ("91310105N92L43K430", "check"),  # final check character wrong
    ],
)
def test_each_kind_of_invalid_code_is_named(code, error):
    with pytest.raises(ValidationError) as exc:
        normalize_credit_code(code)
    assert exc.value.code == error


def test_error_is_translated():
    with translation.override("zh-hans"), pytest.raises(ValidationError) as exc:
        normalize_credit_code("123")
    assert "18" in exc.value.messages[0]
    assert "统一社会信用代码" in exc.value.messages[0]


def test_generated_codes_are_valid():
    for serial in (1, 20170001, 99999999):
        code = make_credit_code("91310105", serial)
        assert normalize_credit_code(code) == code


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("13812345678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        ("021-62345678", "021-62345678"),
        ("021 6234 5678", "021-62345678"),
        ("0755-2345678", "0755-2345678"),
        ("021-62345678转123", "021-62345678-123"),
    ],
)
def test_phones_are_normalised(raw, stored):
    assert normalize_phone(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "1381234567", "23812345678", "021-1234", "abc", "１３８"])
def test_bad_phones_are_refused(raw):
    with pytest.raises(ValidationError):
        normalize_phone(raw)
