"""Small inline-SVG bar charts for the report (no plotting library, nothing fetched).

Text is escaped; every bar has a <title> so hovering shows its value.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

FONT = "system-ui,-apple-system,'Segoe UI',Roboto,sans-serif"


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def _fit(text: str, max_chars: int) -> str:
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _count(v: float) -> str:
    return f"{v:,.0f}"


def stacked_bars(
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[tuple[str, str]],
    *,
    width: int = 560,
    bar: int = 18,
    gap: int = 7,
    label_width: int = 150,
    total_fmt: Callable[[float], str] = _count,
    label: str = "chart",
    data_key: str | None = None,
) -> str:
    """Horizontal bars, one per row, stacked by series (name, colour), scaled to the largest total.

    With `data_key`, each row group carries data-<key>="<row label>" so the page script can react
    to clicks (the report filters its claims table that way).
    """
    if not rows:
        return '<p class="empty">Nothing to show.</p>'
    value_w = 56
    plot_w = width - label_width - value_w
    top = 4
    height = top + len(rows) * (bar + gap)
    biggest = max((sum(v) for _, v in rows), default=0) or 1
    max_chars = max(6, label_width // 7)
    out = [
        f'<svg class="chart" role="img" aria-label="{_esc(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{_esc(FONT)}" font-size="12">'
    ]
    for i, (name, values) in enumerate(rows):
        y = top + i * (bar + gap)
        attr = f' data-{data_key}="{_esc(name)}" class="clickable"' if data_key else ""
        out.append(f"<g{attr}>")
        out.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.72:.1f}" text-anchor="end" fill="#1f2937">'
            f"<title>{_esc(name)}</title>{_esc(_fit(name, max_chars))}</text>"
        )
        out.append(f'<rect x="{label_width}" y="{y}" width="{plot_w}" height="{bar}" fill="#f3f4f6" rx="3"/>')
        x = float(label_width)
        total = sum(values)
        for (sname, colour), v in zip(series, values, strict=True):
            if v <= 0:
                continue
            w = plot_w * v / biggest
            out.append(
                f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{bar}" fill="{colour}">'
                f"<title>{_esc(name)} · {_esc(sname)}: {_esc(total_fmt(v))}</title></rect>"
            )
            x += w
        out.append(
            f'<text x="{x + 6:.1f}" y="{y + bar * 0.72:.1f}" fill="#374151" font-weight="600">'
            f"{_esc(total_fmt(total))}</text>"
        )
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def share_bar(
    parts: Sequence[tuple[str, float, str]],
    *,
    width: int = 560,
    height: int = 30,
    label: str = "share",
    labels: bool = True,
) -> str:
    """One 100% bar split into (name, value, colour) parts, with the share printed on wide parts."""
    total = sum(v for _, v, _ in parts)
    out = [
        f'<svg class="chart" role="img" aria-label="{_esc(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{_esc(FONT)}" font-size="12">'
    ]
    if total <= 0:
        out.append(f'<rect width="{width}" height="{height}" fill="#f3f4f6" rx="4"/></svg>')
        return "".join(out)
    x = 0.0
    for name, v, colour in parts:
        if v <= 0:
            continue
        w = width * v / total
        pct = 100 * v / total
        out.append(
            f'<rect x="{x:.2f}" y="0" width="{w:.2f}" height="{height}" fill="{colour}">'
            f"<title>{_esc(name)}: {v:,.0f} ({pct:.1f}%)</title></rect>"
        )
        if labels and w > 44:
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{height / 2 + 4:.1f}" text-anchor="middle" fill="#fff" '
                f'font-weight="600">{pct:.0f}%</text>'
            )
        x += w
    out.append("</svg>")
    return "".join(out)


def grouped_share_bars(
    rows: Sequence[tuple[str, Sequence[float], str]],
    series: Sequence[tuple[str, str]],
    *,
    width: int = 560,
    bar: int = 11,
    gap: int = 12,
    label_width: int = 150,
    label: str = "shares",
) -> str:
    """Per row (name, shares 0..1, note), one thin bar per series on a 0-100% scale."""
    if not rows:
        return '<p class="empty">Nothing to show.</p>'
    value_w = 48
    plot_w = width - label_width - value_w
    group_h = bar * len(series) + 2 * (len(series) - 1)
    height = 4 + len(rows) * (group_h + gap) + 16
    out = [
        f'<svg class="chart" role="img" aria-label="{_esc(label)}" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="{_esc(FONT)}" font-size="12">'
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + plot_w * tick / 100
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="0" y2="{height - 14}" stroke="#e5e7eb"/>')
        out.append(
            f'<text x="{x:.1f}" y="{height - 2}" text-anchor="middle" fill="#6b7280" font-size="10">{tick}%</text>'
        )
    for i, (name, shares, note) in enumerate(rows):
        y = 4 + i * (group_h + gap)
        out.append(
            f'<text x="{label_width - 8}" y="{y + group_h / 2 + 4:.1f}" text-anchor="end" fill="#1f2937">'
            f"{_esc(name)}<title>{_esc(note)}</title></text>"
        )
        for j, ((sname, colour), share) in enumerate(zip(series, shares, strict=True)):
            yy = y + j * (bar + 2)
            w = plot_w * max(0.0, min(1.0, share))
            out.append(
                f'<rect x="{label_width}" y="{yy}" width="{w:.2f}" height="{bar}" fill="{colour}" rx="2">'
                f"<title>{_esc(name)} · {_esc(sname)}: {share:.1%}</title></rect>"
            )
            out.append(
                f'<text x="{label_width + w + 5:.1f}" y="{yy + bar - 1.5:.1f}" fill="#374151" font-size="10.5">'
                f"{share:.0%}</text>"
            )
    out.append("</svg>")
    return "".join(out)
