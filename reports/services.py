"""Which streets a user's figures cover, and the report workbook."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from core.exports import Column, Sheet, write_workbook
from needs.models import Category
from organizations.models import Street
from reports import figures
from reports.periods import Period


def streets_for(user, street_id=None):
    """The streets a user's dashboard covers: staff their own; district and admin any of theirs."""
    visible = Street.objects.visible_to(user).select_related("district")
    if not user.can_read_street_records:
        raise PermissionDenied
    if street_id:
        try:
            street = visible.get(pk=int(street_id))
        except (Street.DoesNotExist, ValueError, TypeError):
            raise Http404 from None
        return [street]
    return list(visible)


def figure_rows(figs):
    """(label, value) rows of one street's figures, in the dashboard's order, with the two rates."""
    rows = []
    for figure in figures.FIGURES:
        rows.append((str(figure.label), figs.value(figure.key)))
        if figure.key == "organizations_visited":
            rows.append((_("Coverage rate (%)"), figs.coverage if figs.coverage is not None else "—"))
        if figure.key == "residents":
            rows.append(
                (_("Participation rate (%)"), figs.participation if figs.participation is not None else "—")
            )
    return rows


def write_report(fileobj, streets, period: Period, progress=lambda pct: None):
    """The report workbook: figures, needs by category, events held, needs resolved, items needing attention."""
    today = None
    computed = figures.compute(streets, period, today)
    progress(30)
    ids = [s.pk for s in streets]
    names = {s.pk: s.name for s in streets}
    per_street = {sid: figure_rows(computed[sid]) for sid in ids}
    labels = [label for label, _value in per_street[ids[0]]] if ids else []
    figure_sheet = Sheet(
        "概况",
        [Column("指标", lambda r: r[0], 28)]
        + [Column(names[sid], (lambda i: lambda r: r[1][i])(n), 14) for n, sid in enumerate(ids)],
        [(label, [per_street[sid][i][1] for sid in ids]) for i, label in enumerate(labels)],
    )
    category_labels = dict(Category.choices)
    category_sheet = Sheet(
        "需求分类",
        [
            Column("街道", lambda r: r[0], 14),
            Column("类别", lambda r: r[1], 18),
            Column("提出", lambda r: r[2], 8),
            Column("办结", lambda r: r[3], 8),
        ],
        [
            (names[sid], str(category_labels[c]), raised, handled)
            for sid in ids
            for c, (raised, handled) in computed[sid].needs_by_category.items()
        ],
    )
    progress(50)
    events = figures.events_held(ids, period, None).order_by("starts_at")
    event_sheet = Sheet(
        "活动",
        [
            Column("街道", lambda e: names.get(e.street_id, ""), 14),
            Column("活动", lambda e: e.title, 30),
            Column("类型", lambda e: e.get_kind_display(), 16),
            Column("开始", lambda e: e.starts_at, 18),
            Column("地点", lambda e: e.place, 20),
        ],
        events.iterator(chunk_size=2000),
    )
    resolved = figures.needs_handled(ids, period, None).select_related("organization").order_by("resolved_at")
    need_sheet = Sheet(
        "已办结需求",
        [
            Column("街道", lambda n: names.get(n.street_id, ""), 14),
            Column("编号", lambda n: n.reference, 14),
            Column("标题", lambda n: n.title, 30),
            Column("类别", lambda n: n.get_category_display(), 14),
            Column("单位", lambda n: n.organization.name if n.organization else "", 26),
            Column("办结时间", lambda n: n.resolved_at, 18),
            Column("满意度", lambda n: n.rating or "", 8),
        ],
        resolved.iterator(chunk_size=2000),
    )
    progress(70)
    breached = figures.breached_needs(ids, period, None).order_by("due_at")
    attention_sheet = Sheet(
        "重点事项",
        [
            Column("街道", lambda n: names.get(n.street_id, ""), 14),
            Column("超时需求", lambda n: n.title, 30),
            Column("编号", lambda n: n.reference, 14),
            Column("期限", lambda n: n.due_at, 18),
        ],
        breached.iterator(chunk_size=2000),
    )
    write_workbook([figure_sheet, category_sheet, event_sheet, need_sheet, attention_sheet], fileobj)
    progress(100)
