"""The report as HTML (one file: figures embedded as base64 PNG, inline style, no
script and no external resource, so it opens offline) and as markdown (figures linked
from `figures/`). Both render the same tables, built once here."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field

from ecosim.analysis.distribution import channel_column
from ecosim.analysis.stats import DISTINGUISHABLE
from ecosim.kpis import CHANNELS, PAIRED, REPORTED, heading
from ecosim.names import preset_name
from ecosim.report.figures import WHO_FIGURES
from ecosim.report.text import (
    RANGE_SEP,
    TEXT,
    effect,
    effect_text,
    margin_text,
    number,
    p_text,
    per_draw_effect,
    verdict_of,
    verdict_word,
)
from ecosim.runs.run_dir import COMPLETE


@dataclass
class Table:
    title: str
    headers: list[str]
    rows: list[list[tuple[str, bool]]] = field(default_factory=list)  # (text, bold)


def _ci(row, lang: str) -> str:
    """`12.3 [8.1, 16.5]`; the mean alone when there is no interval (a single run)."""
    mean = number(row["mean"], lang)
    if row["n"] < 2:
        return mean
    sep = RANGE_SEP[lang]
    return f"{mean} [{number(row['low'], lang)}{sep}{number(row['high'], lang)}]"


def tables(a) -> list[Table]:
    t = TEXT[a.lang]
    metrics = list(REPORTED)
    runs = a.collected.runs
    counts = runs[runs.status == COMPLETE].groupby("scenario").size()
    kpi = Table(t["kpi_table"], [t["scenario"], "n", *(heading(m, a.lang) for m in metrics)])
    by_scenario = {s: g.set_index("metric") for s, g in a.kpis.groupby("scenario")}
    for scenario in a.labels:
        if scenario in by_scenario:
            cells = [_ci(by_scenario[scenario].loc[m], a.lang) for m in metrics]
            kpi.rows.append([(a.labels[scenario], False), (str(counts[scenario]), False)])
            kpi.rows[-1] += [(c, False) for c in cells]
    out = [kpi]
    if not a.paired.empty:
        out.append(paired_table(a))
    if a.robust is not None:
        out.append(robust_table(a))
    names = list(a.territories["territory"].drop_duplicates())
    order = [s for s in a.labels if s in by_scenario]
    terr = Table(t["territories"], [t["territory"], *(a.labels[s] for s in order)])
    cells = a.territories.set_index(["territory", "scenario"])
    for name in names:
        terr.rows.append(
            [(name, False)] + [(_ci(cells.loc[(name, s)], a.lang), False) for s in order]
        )
    out.append(terr)
    failed = runs[runs.status != COMPLETE]
    if not failed.empty:
        bad = Table(t["not_complete"], t["run_columns"])
        for r in failed.itertuples():
            bad.rows.append([(r.job, False), (t["statuses"][r.status], False), (r.error, False)])
        out.append(bad)
    return out


def paired_table(a) -> Table:
    """One row per compared scenario and KPI: the paired difference and its interval, the
    KPI's margin, the p-value before and after the report's correction, and the verdict
    (bold: distinguishable)."""
    t = TEXT[a.lang]
    title = t["paired"].format(baseline=f"{a.factor}={a.baseline}") + f" ({t['paired_note']})"
    table = Table(title, list(t["paired_columns"]))
    for scenario, rows in a.paired.groupby("scenario", sort=False):
        rows = rows.set_index("metric")
        for m in REPORTED:
            e = effect(rows.loc[m].to_dict() | {"metric": m})
            cells = [a.labels[scenario], a.base_label, heading(m, a.lang)]
            cells += [str(int(rows.loc[m, "n"])), effect_text(e, a.lang), margin_text(e, a.lang)]
            cells += [p_text(e.p_value, a.lang), p_text(e.p_adjusted, a.lang)]
            cells.append(verdict_word(e.verdict, a.lang))
            table.rows.append([(c, e.distinguishable and i in (4, 8)) for i, c in enumerate(cells)])
    return table


def robust_table(a) -> Table:
    """Per compared scenario and KPI: the pooled direction, the share of posterior draws
    in which it holds, and the range of the per-draw effects."""
    t = TEXT[a.lang]
    table = Table(t["robust_table"], list(t["robust_columns"]))
    sep = RANGE_SEP[a.lang]
    for r in a.robust.to_dict("records"):
        arrow = {1: "+", -1: "−", 0: "0"}[r["direction"]]
        share = number(r["share_holding"], a.lang, 2)
        span = f"[{per_draw_effect(r['metric'], r['draw_q05'], a.lang)}{sep}"
        span += f"{per_draw_effect(r['metric'], r['draw_q95'], a.lang)}]"
        cells = [a.labels[r["scenario"]], heading(r["metric"], a.lang), arrow, share]
        table.rows.append([(c, False) for c in [*cells, str(r["draws"]), span]])
    return table


def who_tables(a) -> list[Table]:
    """The distributional KPIs per compared scenario, and each territory's gain with its
    channels (`ecosim.analysis.distribution`)."""
    t, dist = TEXT[a.lang], a.distribution
    if dist is None or dist.kpis.empty:
        return []
    kpis = Table(
        t["who_kpis"].format(base=a.base_label),
        [t["scenario"], "n", *(heading(k, a.lang) for k in PAIRED)],
    )
    for scenario, rows in dist.kpis.groupby("scenario", sort=False):
        rows = rows.set_index("metric")
        kpis.rows.append([(a.labels[scenario], False), (str(int(rows["n"].max())), False)])
        kpis.rows[-1] += [(_ci(rows.loc[k], a.lang), False) for k in PAIRED]
    share = heading("link_cost_share", a.lang)
    terr = Table(
        t["who_table"].format(base=a.base_label),
        [t["scenario"], t["territory"], t["gain"], *t["judged"], t["seeds_gaining"], share]
        + [CHANNELS[c][a.lang] for c in CHANNELS],
    )
    for r in dist.territories.to_dict("records"):
        gain = _ci({"mean": r["gain"], "low": r["low"], "high": r["high"], "n": r["n"]}, a.lang)
        verdict = verdict_of(r)
        cells = [a.labels[r["scenario"]], r["territory"], gain]
        cells += [number(r.get("margin", float("nan")), a.lang)]
        cells += [p_text(r.get(k, float("nan")), a.lang) for k in ("p_value", "p_adjusted")]
        cells += [verdict_word(verdict, a.lang)]
        cells += [number(r["seeds_gaining"], a.lang, 2), number(r["link_cost_share"], a.lang, 3)]
        cells += [number(r[channel_column(c)], a.lang) for c in CHANNELS]
        sure = verdict == DISTINGUISHABLE
        terr.rows.append([(c, sure and i in (2, 6)) for i, c in enumerate(cells)])
    return [kpis, terr]


def method_text(a) -> str:
    t, posterior = TEXT[a.lang], a.collected.plan.posterior
    extra = t["robust_method"].format(dir=posterior["dir"]) if posterior else ""
    return t["method_text"] + extra


def verdicts_text(a) -> str:
    """What the three verdicts mean, the correction for many comparisons (named, with
    their number) and, in a posterior sweep, the clustering of intervals by draw; ""
    when the report compares nothing."""
    if not a.family:
        return ""
    t, f = TEXT[a.lang], a.family
    text = t["verdicts_text"].format(base=a.base_label)
    text += " " + t["correction"].format(
        m=f["comparisons"],
        k=f["scenarios"],
        scenarios=t["scenarios"][f["scenarios"] > 1],
        base=a.base_label,
        kpis=f["kpis"],
        t=f["territories"],
    )
    if a.collected.cluster is not None:
        draws = a.collected.complete[a.collected.cluster].nunique()
        text += " " + t["clustered"].format(k=draws)
    return text


def _header(a) -> tuple[str, str]:
    t, plan, runs = TEXT[a.lang], a.collected.plan, a.collected.runs
    counts = runs.status.value_counts().items()
    counts = ", ".join(f"{n} {t['statuses'][status]}" for status, n in counts)
    title = t["title"].format(what=plan.experiment or "ecosim run -m")
    return title, f"{a.collected.sweep_dir} — {len(runs)} {t['runs']} ({counts})"


def simulated_text(a) -> str:
    """What was simulated: the world(s), quarters and years, seeds and scenarios, read from
    the complete runs' own configs (a swept world or length lists every value)."""
    import yaml

    done = a.collected.runs[a.collected.runs.status == COMPLETE]
    configs = [
        yaml.safe_load((a.collected.sweep_dir / job / "config.yaml").read_text(encoding="utf-8"))
        for job in done.job
    ]
    worlds = sorted({c["world"]["name"] for c in configs})
    steps = sorted({int(c["sim"]["steps"]) for c in configs})
    seeds = sorted({int(s) for s in done.seed})
    per = done.groupby("scenario").size()
    return TEXT[a.lang]["simulated"].format(
        world=", ".join(
            w if a.lang == "en" else f"{preset_name('world', w, a.lang)} ({w})" for w in worlds
        ),
        q=", ".join(str(q) for q in steps),
        y=", ".join(number(q / 4, a.lang, 0 if q % 4 == 0 else 2) for q in steps),
        seeds=", ".join(str(s) for s in seeds),
        n=per.min() if per.min() == per.max() else f"{per.min()}-{per.max()}",
        names=", ".join(a.labels.values()),
        dir=a.collected.sweep_dir,
    )


def render_markdown(a, figures, sections=()) -> str:
    t = TEXT[a.lang]
    title, subtitle = _header(a)
    lines = [f"# {title}", "", subtitle, ""]
    lines += [f"**{a.headline}**", ""] if a.headline else []
    lines += [simulated_text(a), ""]
    if a.family:
        lines += [f"## {t['verdicts_title']}", "", verdicts_text(a), ""]
    if a.who:
        lines += [f"## {t['who']}", "", t["who_intro"].format(base=a.base_label), ""]
        lines += [f"- {text}" for text in [*a.who, *a.losers]]
        for fig in figures:
            if fig.name in WHO_FIGURES:
                lines += _md_figure(fig, "###")
        for table in who_tables(a):
            lines += _md_table(table, "###")
        lines.append("")
    lines += [f"## {t['findings']}", ""]
    lines += [f"- {f.text}" for f in a.findings] or [f"- {t['no_baseline']}"]
    if a.pareto:
        lines.append(f"- {a.pareto}")
    for table in tables(a):
        lines += _md_table(table)
    for fig in figures:
        if fig.name not in WHO_FIGURES:
            lines += _md_figure(fig)
    for section in sections:
        lines += ["", f"## {section.title}", ""] + section.paragraphs
        for table in section.tables:
            lines += _md_table(table, "###")
        for fig in section.figures:
            lines += _md_figure(fig, "###")
    lines += ["", f"## {t['method']}", "", method_text(a), ""]
    return "\n".join(lines)


def _md_table(table: Table, level: str = "##") -> list[str]:
    lines = ["", f"{level} {table.title}", "", _md_row(table.headers)]
    lines.append(_md_row(["---"] * len(table.headers)))
    return lines + [_md_row([f"**{c}**" if bold else c for c, bold in row]) for row in table.rows]


def _md_figure(fig, level: str = "##") -> list[str]:
    lines = ["", f"{level} {fig.title}", "", f"![{fig.title}](figures/{fig.name}.png)"]
    return lines + (["", fig.caption] if fig.caption else [])


def _md_row(cells) -> str:
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1200px; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: right; white-space: nowrap; }
th:first-child, td:first-child { text-align: left; }
li { margin: 0.4em 0; } img { max-width: 100%; } figcaption { color: #555; font-size: 0.9em; }
"""


def render_html(a, figures, sections=()) -> str:
    t, esc = TEXT[a.lang], html.escape
    title, subtitle = _header(a)
    parts = [
        f'<!DOCTYPE html>\n<html lang="{a.lang}"><head><meta charset="utf-8">',
        f"<title>{esc(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{esc(title)}</h1><p>{esc(subtitle)}</p>",
    ]
    parts += [f"<p><b>{esc(a.headline)}</b></p>"] if a.headline else []
    parts += [f"<p>{esc(simulated_text(a))}</p>"]
    if a.family:
        parts += [f"<h2>{esc(t['verdicts_title'])}</h2><p>{esc(verdicts_text(a))}</p>"]
    if a.who:
        parts += [f"<h2>{esc(t['who'])}</h2>"]
        parts += [f"<p>{esc(t['who_intro'].format(base=a.base_label))}</p><ul>"]
        parts += [f"<li>{esc(text)}</li>" for text in [*a.who, *a.losers]] + ["</ul>"]
        parts += [_html_figure(fig, "h3") for fig in figures if fig.name in WHO_FIGURES]
        for table in who_tables(a):
            parts += _html_table(table, "h3")
    parts.append(f"<h2>{esc(t['findings'])}</h2><ul>")
    parts += [f"<li>{esc(f.text)}</li>" for f in a.findings] or [
        f"<li>{esc(t['no_baseline'])}</li>"
    ]
    if a.pareto:
        parts.append(f"<li>{esc(a.pareto)}</li>")
    parts.append("</ul>")
    for table in tables(a):
        parts += _html_table(table)
    parts += [_html_figure(fig) for fig in figures if fig.name not in WHO_FIGURES]
    for section in sections:
        parts.append(f"<h2>{esc(section.title)}</h2>")
        parts += [f"<p>{esc(text)}</p>" for text in section.paragraphs]
        for table in section.tables:
            parts += _html_table(table, "h3")
        parts += [_html_figure(fig, "h3") for fig in section.figures]
    parts += [f"<h2>{esc(t['method'])}</h2><p>{esc(method_text(a))}</p></body></html>\n"]
    return "\n".join(parts)


def _html_table(table: Table, tag: str = "h2") -> list[str]:
    esc = html.escape
    parts = [f'<{tag}>{esc(table.title)}</{tag}><div class="scroll"><table><tr>']
    parts += [f"<th>{esc(h)}</th>" for h in table.headers] + ["</tr>"]
    for row in table.rows:
        cells = [f"<td>{'<b>' + esc(c) + '</b>' if bold else esc(c)}</td>" for c, bold in row]
        parts.append("<tr>" + "".join(cells) + "</tr>")
    return [*parts, "</table></div>"]


def _html_figure(fig, tag: str = "h2") -> str:
    """A figure embedded as base64 PNG (the report stays one offline file)."""
    esc = html.escape
    data = base64.b64encode(fig.png).decode("ascii")
    return (
        f'<figure id="{fig.name}"><{tag}>{esc(fig.title)}</{tag}>'
        f'<img alt="{esc(fig.title)}" src="data:image/png;base64,{data}">'
        f"<figcaption>{esc(fig.caption)}</figcaption></figure>"
    )
