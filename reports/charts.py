"""Bar charts as server-rendered SVG: readable without JavaScript, printable, and each
with its numbers as a table for screen readers (the template renders the table)."""

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import mark_safe


@dataclass
class Chart:
    key: str
    title: str
    rows: list  # (label, value) or (label, value, second value)
    unit: str = ""

    def svg(self) -> str:
        width, bar_h, gap, label_w = 560, 24, 8, 180
        rows = self.rows or [("—", 0)]
        peak = max((r[1] for r in rows), default=0) or 1
        height = len(rows) * (bar_h + gap) + gap
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
            f'role="img" aria-labelledby="chart-{self.key}-title" preserveAspectRatio="xMinYMin meet">',
            f'<title id="chart-{self.key}-title">{escape(self.title)}</title>',
        ]
        for i, row in enumerate(rows):
            label, value = row[0], row[1]
            y = gap + i * (bar_h + gap)
            bar = int((width - label_w - 60) * value / peak)
            parts.append(
                f'<text x="{label_w - 6}" y="{y + bar_h - 6}" text-anchor="end" font-size="15" fill="#1f2328">'
                f"{escape(str(label)[:24])}</text>"
                f'<rect x="{label_w}" y="{y}" width="{max(bar, 1)}" height="{bar_h}" rx="3" fill="#b71c1c"/>'
            )
            if len(row) > 2 and row[2]:
                inner = int((width - label_w - 60) * row[2] / peak)
                parts.append(
                    f'<rect x="{label_w}" y="{y + 6}" width="{max(inner, 1)}" height="{bar_h - 12}" rx="2" fill="#f9a825"/>'
                )
            parts.append(
                f'<text x="{label_w + max(bar, 1) + 6}" y="{y + bar_h - 6}" font-size="15" fill="#1f2328">'
                f"{value}{escape(self.unit)}</text>"
            )
        parts.append("</svg>")
        return mark_safe("".join(parts))  # noqa: S308 - every text part is escaped above
