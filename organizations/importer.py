"""Importing a two-new organization ledger (台賬) as street offices keep it.

One sheet, Chinese headers, one organization a row; Excel or CSV in UTF-8 or
GBK. ``preview`` checks every row with the same form that staff use and
changes nothing; ``commit`` saves only when every row is valid, inside one
transaction, updating organizations already in the ledger (keyed by credit code).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from organizations.forms import OrganizationForm
from organizations.models import Building, TwoNewOrganization
from organizations.validators import normalize_credit_code

# Header → form field. Simplified headers as the ledgers use them, with Traditional variants.
HEADERS = {
    "单位名称": "name",
    "統一社會信用代碼": "credit_code",
    "统一社会信用代码": "credit_code",
    "组织类别": "kind",
    "組織類別": "kind",
    "经济类型": "ownership",
    "經濟類型": "ownership",
    "所属行业": "industry",
    "所屬行業": "industry",
    "所在楼宇": "building",
    "所在樓宇": "building",
    "楼层": "floor",
    "樓層": "floor",
    "房间号": "unit",
    "房間號": "unit",
    "从业人员数": "headcount",
    "從業人員數": "headcount",
    "党员数": "party_members",
    "黨員數": "party_members",
    "党组织覆盖情况": "coverage",
    "黨組織覆蓋情況": "coverage",
    "联系人": "contact_name",
    "聯繫人": "contact_name",
    "联系电话": "contact_phone",
    "聯繫電話": "contact_phone",
    "配合程度": "cooperation",
    "状态": "status",
    "狀態": "status",
    "备注": "notes",
    "備註": "notes",
    "單位名稱": "name",
    "序号": "serial",
    "序號": "serial",
}
REQUIRED_HEADERS = {"name", "credit_code"}

# Ledger wording → stored value.
CHOICES = {
    "kind": {
        "新经济组织": "economic",
        "新經濟組織": "economic",
        "新社会组织": "social",
        "新社會組織": "social",
    },
    "ownership": {
        "内资民营": "domestic_private",
        "內資民營": "domestic_private",
        "中外合资": "joint_venture",
        "中外合資": "joint_venture",
        "外商独资": "foreign_owned",
        "外商獨資": "foreign_owned",
        "港澳台": "hmt",
        "其他": "other",
    },
    "coverage": {
        "单独组建": "own",
        "單獨組建": "own",
        "联合党支部覆盖": "joint",
        "聯合黨支部覆蓋": "joint",
        "群建覆盖": "mass",
        "群建覆蓋": "mass",
        "未覆盖": "none",
        "未覆蓋": "none",
    },
    "cooperation": {"好": "good", "一般": "fair", "较差": "poor", "較差": "poor"},
    "status": {
        "正常": "active",
        "已迁出": "moved_out",
        "已遷出": "moved_out",
        "已注销": "deregistered",
        "已註銷": "deregistered",
    },
}


# Stored value → the ledger's own (Simplified) wording, for exports that can be imported again.
LEDGER_LABELS = {
    name: {value: label for label, value in reversed(list(mapping.items()))}
    for name, mapping in CHOICES.items()
}

# What an empty cell means.
DEFAULTS = {
    "kind": "economic",
    "ownership": "domestic_private",
    "coverage": "none",
    "cooperation": "fair",
    "status": "active",
    "headcount": "0",
    "party_members": "0",
}


class LedgerFileError(Exception):
    """The file as a whole cannot be read (not a spreadsheet, wrong encoding, no headers)."""


@dataclass
class RowResult:
    row: int
    serial: str
    name: str
    credit_code: str
    errors: list = field(default_factory=list)  # (column label, message)
    action: str = "create"  # or "update"
    new_building: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Preview:
    rows: list
    columns: dict  # field → (header, column letter)

    @property
    def ok(self) -> bool:
        return bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def error_count(self) -> int:
        return sum(1 for r in self.rows if not r.ok)


def _read_table(data: bytes, filename: str) -> list[list]:
    if data[:2] == b"PK" or filename.lower().endswith(".xlsx"):
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise LedgerFileError(_("This is not an Excel .xlsx file that can be read.")) from exc
        sheet = workbook.worksheets[0]
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise LedgerFileError(_("The CSV file is neither UTF-8 nor GBK; save it again from Excel as CSV."))
    return list(csv.reader(io.StringIO(text)))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _map_headers(header_row) -> dict[int, str]:
    mapping = {}
    for index, header in enumerate(header_row):
        key = _text(header)
        if key in HEADERS:
            mapping[index] = HEADERS[key]
    missing = REQUIRED_HEADERS - set(mapping.values())
    if missing:
        raise LedgerFileError(
            _("The first row must hold the ledger's headers; missing: %(missing)s.")
            % {
                "missing": "、".join(h for h, f in HEADERS.items() if f in missing and h.isascii() is False)[
                    :60
                ]
            }
        )
    return mapping


def preview(data: bytes, filename: str, user) -> Preview:
    """Check every row; nothing is saved."""
    table = [row for row in _read_table(data, filename) if any(_text(c) for c in row)]
    if not table:
        raise LedgerFileError(_("The file is empty."))
    mapping = _map_headers(table[0])
    columns = {f: (_text(table[0][i]), get_column_letter(i + 1)) for i, f in mapping.items()}
    labels = {f: f"{h}（{letter}）" for f, (h, letter) in columns.items()}
    street_id = user.street_id
    buildings = {b.name: b for b in Building.objects.filter(street_id=street_id)} if street_id else {}
    codes_in_file: dict[str, int] = {}
    raw_rows = []
    for offset, row in enumerate(table[1:], start=2):
        values = {f: _text(row[i]) if i < len(row) else "" for i, f in mapping.items()}
        raw_rows.append((offset, values))
    normalized = {}
    for offset, values in raw_rows:
        try:
            normalized[offset] = normalize_credit_code(values.get("credit_code", ""))
        except Exception:
            normalized[offset] = values.get("credit_code", "").upper()
    existing = {
        o.credit_code: o
        for o in TwoNewOrganization.objects.filter(credit_code__in=set(normalized.values())).select_related(
            "street"
        )
    }
    results = []
    for offset, values in raw_rows:
        code = normalized[offset]
        result = RowResult(
            row=offset, serial=values.get("serial", ""), name=values.get("name", ""), credit_code=code
        )
        instance = existing.get(code)
        if instance is not None:
            result.action = "update"
            if instance.street_id != street_id and not user.is_portal_admin:
                result.errors.append(
                    (labels["credit_code"], _("This organization is in another street's ledger."))
                )
        if code and code in codes_in_file:
            result.errors.append(
                (
                    labels["credit_code"],
                    _("The same credit code is already on row %(row)d of this file.")
                    % {"row": codes_in_file[code]},
                )
            )
        elif code:
            codes_in_file[code] = offset
        form_data, bad_choices = {}, []
        for name, value in values.items():
            if name in ("serial", "building"):
                continue
            if name in CHOICES and value:
                mapped = CHOICES[name].get(value)
                if mapped is None:
                    bad_choices.append(
                        (
                            labels[name],
                            _("“%(value)s” is not one of: %(allowed)s.")
                            % {
                                "value": value[:30],
                                "allowed": "、".join(k for k in CHOICES[name] if k.isascii() is False)[:80],
                            },
                        )
                    )
                    continue
                value = mapped
            form_data[name] = value
        for name, default in DEFAULTS.items():
            if not form_data.get(name):
                form_data[name] = default
        building_name = values.get("building", "")
        building = buildings.get(building_name)
        if building_name and building is None:
            result.new_building = building_name
        form = OrganizationForm(
            data={**form_data, "street": street_id, "version": getattr(instance, "version", "")},
            instance=instance or TwoNewOrganization(street_id=street_id),
            user=user,
        )
        # Only the columns the ledger has are checked; the others keep their stored values.
        for name in list(form.fields):
            if name not in form_data and name not in ("street", "version"):
                del form.fields[name]
        if building:
            form.instance.building = building
        if not form.is_valid():
            for name, errors in form.errors.items():
                label = labels.get(name, _("row"))
                result.errors.extend((label, message) for message in errors)
        result.errors.extend(bad_choices)
        result.form = form
        result.building = building
        results.append(result)
    return Preview(rows=results, columns=columns)


def commit(data: bytes, filename: str, user) -> tuple[int, int]:
    """Save every row, or none: returns (created, updated). Re-checks the file first."""
    checked = preview(data, filename, user)
    if not checked.ok:
        raise LedgerFileError(_("The file has rows with errors; nothing was saved."))
    created = updated = 0
    with transaction.atomic():
        buildings = {}
        for result in checked.rows:
            instance = result.form.save(commit=False)
            if result.new_building:
                if result.new_building not in buildings:
                    buildings[result.new_building], _created = Building.objects.get_or_create(
                        street_id=user.street_id, name=result.new_building
                    )
                instance.building = buildings[result.new_building]
            elif result.building:
                instance.building = result.building
            instance._change_reason = "import"
            if result.action == "update":
                instance.version += 1
                updated += 1
            else:
                created += 1
            instance.save()
    return created, updated
