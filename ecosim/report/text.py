"""The report's words, in English (default) and French (the seed text's language), and
the plain-language findings written from the paired statistics.

A finding keeps the numbers it states (`Finding.effects`), so a test can check each
sentence against the collected table. Wording follows the interval, not the point
estimate: "raises"/"lowers" only when the 95% interval excludes zero, otherwise "does
not change ... distinguishably", with the interval shown.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ecosim.kpis import KPIS, REPORTED

TEXT = {
    "en": {
        "title": "ecosim report: {what}",
        "run_columns": ["run", "status", "error"],
        "statuses": {
            "complete": "complete",
            "failed": "failed",
            "unfinished": "unfinished",
            "not started": "not started",
            "damaged": "damaged: to redo",
        },
        "sweep": "Sweep",
        "experiment": "experiment",
        "runs": "runs",
        "status": "Runs",
        "not_complete": "Runs that are not complete (not in the statistics)",
        "findings": "Findings",
        "kpi_table": "KPIs per scenario: mean [95% confidence interval] over seeds",
        "paired": "Paired differences against {baseline} (same seeds), 95% interval; "
        "bold: distinguishable from zero",
        "paired_note": "% of the baseline's mean for amounts, points (x100) for shares",
        "timeseries": "World time series: mean over seeds and 95% band",
        "tradeoff": "Trade-off: long-run returns, diversity loss and attractiveness",
        "tradeoff_caption": "Left: circled scenarios are on the frontier (no other scenario "
        "has both higher long-run returns and lower diversity loss); marker area is "
        "attractiveness. Right: short-run vs whole-run discounted returns.",
        "differences": "Paired differences against the baseline",
        "territories": f"Per territory: final {KPIS['cum_net_return'].label['en']}",
        "territories_caption": "Left: mean over seeds. Right: paired difference against "
        "the baseline, EUR M (* distinguishable from zero). Colours on a symmetric log scale.",
        "territory_sentence": "Per territory, {s} raises the final cumulative net return "
        "distinguishably in {gain} of {n} territories{names} and lowers it in {loss}.",
        "territory": "territory",
        "scenario": "scenario",
        "step": "quarter",
        "no_baseline": "No paired comparison: no two scenarios have complete runs with "
        "the same seeds.",
        "method": "How to read this report",
        "method_text": "Each scenario runs with the same seeds; a seed gives the same "
        "world and the same random streams in every scenario (common random numbers, "
        "docs/ODD.md §6.3), so differences between scenarios are paired by seed. "
        "Intervals are Student-t 95% intervals over seeds (docs/EXPERIMENTS.md).",
        "up": "raises {what} by {mag} {ci} over {base}",
        "down": "lowers {what} by {mag} {ci} relative to {base}",
        "flat": "does not change {what} distinguishably from {base} ({val} {ci})",
        "div_up": "at a diversity loss of {mag} {ci}",
        "div_down": "with {mag} less diversity loss {ci}",
        "div_flat": "with no distinguishable change in diversity loss ({val} {ci})",
        "short_run": "Over the first {h} quarters, {s} {phrase}.",
        "pareto": "On the trade-off between long-run returns and diversity loss, no "
        "scenario does better on both than: {names}.",
        "points": "points",
    },
    "fr": {
        "title": "Rapport ecosim : {what}",
        "run_columns": ["simulation", "état", "erreur"],
        "statuses": {
            "complete": "terminées",
            "failed": "en échec",
            "unfinished": "interrompues",
            "not started": "non lancées",
            "damaged": "endommagées : à refaire",
        },
        "sweep": "Balayage",
        "experiment": "expérience",
        "runs": "simulations",
        "status": "Simulations",
        "not_complete": "Simulations non terminées (hors statistiques)",
        "findings": "Constats",
        "kpi_table": "Indicateurs par scénario : moyenne [intervalle de confiance à 95 %] "
        "sur les graines",
        "paired": "Différences appariées par rapport à {baseline} (mêmes graines), "
        "intervalle à 95 % ; en gras : distinguable de zéro",
        "paired_note": "% de la moyenne de référence pour les montants, points (x100) "
        "pour les parts",
        "timeseries": "Séries temporelles (monde) : moyenne sur les graines et bande à 95 %",
        "tradeoff": "Arbitrage : rendement de long terme, perte de diversité et attractivité",
        "tradeoff_caption": "À gauche : les scénarios cerclés sont sur la frontière (aucun "
        "autre n'a à la fois un meilleur rendement de long terme et une moindre perte de "
        "diversité) ; la taille des points est l'attractivité. À droite : rendement "
        "actualisé à court terme et sur toute la période.",
        "differences": "Différences appariées par rapport à la référence",
        "territories": f"Par territoire : {KPIS['cum_net_return'].label['fr']}, final",
        "territories_caption": "À gauche : moyenne sur les graines. À droite : différence "
        "appariée par rapport à la référence, M EUR (* distinguable de zéro). Couleurs en "
        "échelle logarithmique symétrique.",
        "territory_sentence": "Par territoire, {s} augmente de façon distinguable le "
        "rendement net cumulé final dans {gain} territoires sur {n}{names} et le réduit "
        "dans {loss}.",
        "territory": "territoire",
        "scenario": "scénario",
        "step": "trimestre",
        "no_baseline": "Pas de comparaison appariée : aucun couple de scénarios n'a de "
        "simulations terminées avec les mêmes graines.",
        "method": "Comment lire ce rapport",
        "method_text": "Chaque scénario tourne avec les mêmes graines ; une graine donne "
        "le même monde et les mêmes tirages aléatoires dans tous les scénarios (nombres "
        "aléatoires communs, docs/ODD.md §6.3) : les différences entre scénarios sont "
        "appariées par graine. Les intervalles sont des intervalles de Student à 95 % "
        "sur les graines (docs/EXPERIMENTS.md).",
        "up": "augmente {what} de {mag} {ci} par rapport à {base}",
        "down": "réduit {what} de {mag} {ci} par rapport à {base}",
        "flat": "ne modifie pas {what} de façon distinguable par rapport à {base} ({val} {ci})",
        "div_up": "pour une perte de diversité de {mag} {ci}",
        "div_down": "avec {mag} de perte de diversité en moins {ci}",
        "div_flat": "sans changement distinguable de la perte de diversité ({val} {ci})",
        "short_run": "Sur les {h} premiers trimestres, {s} {phrase}.",
        "pareto": "Sur l'arbitrage entre rendement de long terme et perte de diversité, "
        "aucun scénario ne fait mieux sur les deux que : {names}.",
        "points": "points",
    },
}

LANGS = tuple(TEXT)


def number(x: float, lang: str, digits: int | None = None) -> str:
    """A number as the language writes it (French: decimal comma); `digits` by magnitude."""
    if x is None or not math.isfinite(x):
        return "n/a"
    if digits is None:
        size = abs(x)
        digits = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
    text = f"{x:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


@dataclass(frozen=True)
class Effect:
    """A paired difference as a sentence states it: value and interval in `unit`."""

    metric: str
    value: float
    low: float
    high: float
    unit: str  # "%", "points" or the KPI's own unit when the baseline mean is zero
    distinguishable: bool


def effect(row: dict) -> Effect:
    """From a row of `ecosim.analysis.stats.paired_differences` to the numbers a sentence uses."""
    kpi = REPORTED[row["metric"]]
    if kpi.kind == "points":
        scale, unit = 100.0, "points"
        values = (row["mean"], row["low"], row["high"])
    elif math.isfinite(row["rel_mean"]) and row["baseline_mean"] > 0:
        scale, unit = 1.0, "%"
        values = (row["rel_mean"], row["rel_low"], row["rel_high"])
    else:
        scale, unit = 1.0, kpi.unit
        values = (row["mean"], row["low"], row["high"])
    v, lo, hi = (scale * x for x in values)
    return Effect(row["metric"], v, lo, hi, unit, bool(row["distinguishable"]))


def _with_unit(x: float, unit: str, lang: str, t: dict) -> str:
    text = number(x, lang, 1)
    if unit == "%":
        return text + ("\u00a0%" if lang == "fr" else "%")
    return f"{text} {t['points'] if unit == 'points' else unit}"


def _interval(e: Effect, lang: str, t: dict, magnitude: bool) -> str:
    """`[8.1%, 16.5%]`; other units are stated once, with the value: `[1.2, 3.4]`."""
    lo, hi = (-e.high, -e.low) if magnitude and e.value < 0 else (e.low, e.high)
    sep = " ; " if lang == "fr" else ", "
    if e.unit == "%":
        return f"[{_with_unit(lo, '%', lang, t)}{sep}{_with_unit(hi, '%', lang, t)}]"
    return f"[{number(lo, lang, 1)}{sep}{number(hi, lang, 1)}]"


def effect_text(e: Effect, lang: str) -> str:
    """`+12.3% [8.1%, 16.5%]`: a signed difference and its interval, for tables."""
    t = TEXT[lang]
    sign = "+" if e.value > 0 else ""
    return f"{sign}{_with_unit(e.value, e.unit, lang, t)} {_interval(e, lang, t, False)}"


def phrase(e: Effect, base: str, lang: str, what: str | None = None) -> str:
    """`raises X by 12.3% [8.1%, 16.5%] over isolated`, or its fall or no-change forms."""
    t = TEXT[lang]
    what = what or REPORTED[e.metric].phrase[lang]
    if not e.distinguishable:
        val = _with_unit(e.value, e.unit, lang, t)
        return t["flat"].format(what=what, base=base, val=val, ci=_interval(e, lang, t, False))
    key = "up" if e.value > 0 else "down"
    mag = _with_unit(abs(e.value), e.unit, lang, t)
    return t[key].format(what=what, base=base, mag=mag, ci=_interval(e, lang, t, True))


def diversity_clause(e: Effect, lang: str) -> str:
    t = TEXT[lang]
    if not e.distinguishable:
        val = _with_unit(e.value, e.unit, lang, t)
        return t["div_flat"].format(val=val, ci=_interval(e, lang, t, False))
    key = "div_up" if e.value > 0 else "div_down"
    mag = _with_unit(abs(e.value), e.unit, lang, t)
    return t[key].format(mag=mag, ci=_interval(e, lang, t, True))


@dataclass
class Finding:
    scenario: str
    baseline: str
    text: str
    effects: dict[str, Effect] = field(default_factory=dict)


def scenario_findings(
    scenario: str, baseline: str, rows: dict[str, dict], horizon: int, lang: str
) -> Finding:
    """The paragraph on one scenario against its baseline, from its paired-difference rows
    (by metric); sentences whose numbers are missing (e.g. too few seeds) are left out."""
    effects = {m: effect(r) for m, r in rows.items() if r["n"] >= 2 and math.isfinite(r["low"])}
    sentences = []
    if "cum_net_return" in effects:
        sentence = f"{scenario} {phrase(effects['cum_net_return'], baseline, lang)}"
        if "diversity_loss" in effects:
            sentence += ", " + diversity_clause(effects["diversity_loss"], lang)
        sentences.append(sentence + ".")
    if "npv_short" in effects:
        short = phrase(effects["npv_short"], baseline, lang)
        sentences.append(TEXT[lang]["short_run"].format(h=horizon, s=scenario, phrase=short))
    for metric in ("attractiveness", "gini_investment"):
        if metric in effects:
            sentences.append(f"{scenario} {phrase(effects[metric], baseline, lang)}.")
    return Finding(scenario, baseline, " ".join(sentences), effects)


def territory_sentence(scenario: str, rows: list[dict], lang: str) -> str:
    """Who gains: from the per-territory paired differences of one scenario."""
    gains = [r["territory"] for r in rows if r["distinguishable"] and r["mean"] > 0]
    losses = [r for r in rows if r["distinguishable"] and r["mean"] < 0]
    names = f" ({', '.join(gains)})" if gains else ""
    return TEXT[lang]["territory_sentence"].format(
        s=scenario, gain=len(gains), n=len(rows), names=names, loss=len(losses)
    )


def pareto_sentence(names: list[str], lang: str) -> str:
    return TEXT[lang]["pareto"].format(names="; ".join(names))
