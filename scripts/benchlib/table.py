#!/usr/bin/env python3
"""Renders the results file of scripts/bench (tab-separated) as the Markdown table of docs/performance.md.

Columns in: path, data, breach seconds, limit tool, limit seconds, target, check (python expression on
`b` = breach seconds, `l` = limit seconds, `r` = ratio, `rate`, `rss`), rate, rss, notes.
"""
import sys

def fmt(seconds):
    return "—" if seconds is None else (f"{seconds * 1000:.1f} ms" if seconds < 10 else f"{seconds:.2f} s")

print("| path | data | breach (median) | limit tool | limit (median) | ratio | rate / memory | target | met? |")
print("|---|---|---|---|---|---|---|---|---|")
for line in open(sys.argv[1]):
    path, data, b, tool, l, target, check, rate, rss, notes = (line.rstrip("\n").split("\t") + [""] * 10)[:10]
    b = float(b) if b else None
    l = float(l) if l else None
    r = b / l if b and l else None
    extra = ", ".join(x for x in (rate, rss, notes) if x)
    met = "—"
    if check:
        met = "yes" if eval(check, {}, {"b": b, "l": l, "r": r, "rate": float(rate.split()[0].replace(",", "")) if rate else None,
                                          "rss": float(rss.split()[0]) if rss else None}) else "**no**"
    print(f"| {path} | {data} | {fmt(b)} | {tool} | {fmt(l)} | {'—' if r is None else f'{r:.2f}'} | {extra or '—'} | {target or '—'} | {met} |")
