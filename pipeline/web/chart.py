"""A server-side SVG chart: documents per theme and year, as grouped horizontal bars.

Plain SVG with a <title> and a table beside it on the page, so it needs no script and a
screen reader gets the same numbers from the table.
"""

from __future__ import annotations

from markupsafe import Markup, escape

# Colours distinguishable in print and by most colour-blind readers (Okabe–Ito), all with at
# least 3:1 contrast against white as WCAG 1.4.11 asks of graphics.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#996600", "#56B4E9", "#000000")
BAR, GAP, LABEL_W, WIDTH = 14, 10, 230, 720
THEMES_SHOWN = 7


def themes_by_year_svg(table: dict[str, dict[str, int]], theme_label) -> Markup:
    """`table` is {theme: {year: documents}}; the THEMES_SHOWN largest themes get a bar per year."""
    years = sorted({y for counts in table.values() for y in counts})
    themes = sorted(table, key=lambda t: -sum(table[t].values()))[:THEMES_SHOWN]
    if not years or not themes:
        return Markup("")
    most = max(n for t in themes for n in table[t].values()) or 1
    row_h = len(years) * BAR + GAP
    legend_h = 24 * ((len(years) + 5) // 6)
    height = legend_h + len(themes) * row_h + 10
    parts = [f'<svg class="chart" role="img" aria-labelledby="chart-title" viewBox="0 0 {WIDTH} {height}" '
             f'width="{WIDTH}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
             '<title id="chart-title">Dokument per tema och år</title>']
    colour = {y: COLOURS[i % len(COLOURS)] for i, y in enumerate(years)}
    for i, year in enumerate(years):
        x, y = 10 + (i % 6) * 110, 4 + 24 * (i // 6)
        parts.append(f'<rect x="{x}" y="{y}" width="14" height="14" fill="{colour[year]}"/>'
                     f'<text x="{x + 20}" y="{y + 12}" font-size="13" fill="#1b1b1b">{escape(year)}</text>')
    for r, theme in enumerate(themes):
        top = legend_h + r * row_h
        parts.append(f'<text x="{LABEL_W - 8}" y="{top + row_h / 2}" font-size="13" text-anchor="end" '
                     f'fill="#1b1b1b">{escape(theme_label(theme))}</text>')
        for i, year in enumerate(years):
            n = table[theme].get(year, 0)
            w = (WIDTH - LABEL_W - 50) * n / most
            y = top + i * BAR
            parts.append(f'<rect x="{LABEL_W}" y="{y}" width="{w:.1f}" height="{BAR - 2}" fill="{colour[year]}">'
                         f'<title>{escape(theme_label(theme))}, {escape(year)}: {n}</title></rect>')
            if n:
                parts.append(f'<text x="{LABEL_W + w + 4:.1f}" y="{y + BAR - 3}" font-size="11" '
                             f'fill="#1b1b1b">{n}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
