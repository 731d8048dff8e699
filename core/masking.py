"""Masking of personal data for roles that do not need to see it."""


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; 021-62345678 → 021-****5678."""
    if not phone:
        return ""
    if "-" in phone:
        area, _, rest = phone.partition("-")
        return f"{area}-{'*' * max(len(rest) - 4, 0)}{rest[-4:]}"
    if len(phone) <= 4:
        return "*" * len(phone)
    return (
        f"{phone[:3]}{'*' * (len(phone) - 7)}{phone[-4:]}"
        if len(phone) > 7
        else "*" * (len(phone) - 4) + phone[-4:]
    )


def mask_id_number(value: str) -> str:
    """An ID card number keeps its first 3 and last 2 characters."""
    if not value:
        return ""
    return value[:3] + "*" * max(len(value) - 5, 0) + value[-2:]


def shown_phone(user, phone: str, *, owner_street_id=None) -> str:
    """The phone as this user may see it: whole for staff of the record's street and admins."""
    if user.is_authenticated and (
        user.is_portal_admin
        or (user.is_street_staff and (owner_street_id is None or owner_street_id == user.street_id))
    ):
        return phone
    return mask_phone(phone)
