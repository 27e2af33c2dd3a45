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

from ecosim.analysis.distribution import channel_column
from ecosim.kpis import CHANNELS, KPIS, REPORTED

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
        "who": "Who wins, who pays",
        "who_intro": "Each territory's gain is the change in its final cumulative net return "
        "against {base}, run by run with the same seed; the periphery is every territory but "
        "the largest. Amounts in EUR M, mean [95% interval] over seeds.",
        "who_sentence": "{s} vs {base}: {agg} overall; {gain} of {n} territories gain "
        "distinguishably{names} and {loss} lose; the periphery (all but {core}) {periphery}; "
        "{core} {core_change}; per run, {share} of territories gain {share_ci} and the "
        "worst-off territory's gain is {worst}.",
        "aggregate": "long-run returns {effect}",
        "gains": "gains {mag} EUR M {ci}",
        "loses": "loses {mag} EUR M {ci}",
        "no_gain": "does not change distinguishably ({val} EUR M {ci})",
        "loser": "Under {s}, {t} {change}: {parts}.",
        "other_channels": "other channels",
        "who_kpis": "Distributional KPIs against {base}: mean [95% interval] over seeds",
        "who_table": "Per territory: gain against {base} (EUR M) and its channels",
        "seeds_gaining": "seeds gaining",
        "gain": "gain [95% CI]",
        "gains_map": "Who gains: territories on the map, coloured by mean gain",
        "gains_map_caption": "Each panel compares one scenario with {base}; area: territory "
        "size; colour: mean gain (EUR M, symmetric log scale; blue gains, red loses). "
        "Positions are those of the first seed's world.",
        "channels": "Why the biggest losers lose: the channels of their gain",
        "channels_caption": "Bars: each channel's mean contribution (EUR M); black mark: the "
        "gain. Channels add up to the gain (docs/EXPERIMENTS.md, who wins and who pays).",
        "robust": "Over the posterior, {s} {verb} {what} compared with {base} in {share} of {k} "
        "posterior draws (effect per draw, 5th to 95th percentile over draws: {lo} to {hi}).",
        "robust_none": "Over the posterior, {s} leaves {what} exactly as {base} does.",
        "robust_table": "Robustness over the posterior: in how many draws each finding's "
        "direction holds (per-draw paired effect, pooled direction)",
        "robust_columns": [
            "scenario",
            "KPI",
            "direction",
            "share of draws",
            "draws",
            "per-draw effect, 5th-95th percentile",
        ],
        "raises": "raises",
        "lowers": "lowers",
        "robust_method": " This sweep ran every scenario at draws from a calibration's "
        "posterior ({dir}): runs are paired by draw and seed, intervals are over draws "
        "and seeds, and a finding's robustness is the share of draws in which its "
        "direction holds (docs/VALIDATION.md).",
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
        "who": "Qui gagne, qui paie",
        "who_intro": "Le gain d'un territoire est la variation de son rendement net cumulé "
        "final par rapport à {base}, simulation par simulation avec la même graine ; la "
        "périphérie regroupe tous les territoires sauf le plus grand. Montants en M EUR, "
        "moyenne [intervalle à 95 %] sur les graines.",
        "who_sentence": "{s} par rapport à {base} : {agg} au total ; {gain} territoires sur "
        "{n} gagnent de façon distinguable{names} et {loss} perdent ; la périphérie (tous "
        "sauf {core}) {periphery} ; {core} {core_change} ; par simulation, {share} des "
        "territoires gagnent {share_ci} et le gain du territoire le moins bien loti est de "
        "{worst}.",
        "aggregate": "rendement de long terme {effect}",
        "gains": "gagne {mag} M EUR {ci}",
        "loses": "perd {mag} M EUR {ci}",
        "no_gain": "ne change pas de façon distinguable ({val} M EUR {ci})",
        "loser": "Avec {s}, {t} {change} : {parts}.",
        "other_channels": "autres canaux",
        "who_kpis": "Indicateurs de répartition par rapport à {base} : moyenne [intervalle "
        "à 95 %] sur les graines",
        "who_table": "Par territoire : gain par rapport à {base} (M EUR) et ses canaux",
        "seeds_gaining": "graines gagnantes",
        "gain": "gain [IC 95 %]",
        "gains_map": "Qui gagne : les territoires sur la carte, colorés par gain moyen",
        "gains_map_caption": "Chaque panneau compare un scénario à {base} ; surface : taille "
        "du territoire ; couleur : gain moyen (M EUR, échelle logarithmique symétrique ; bleu "
        "gagne, rouge perd). Positions : le monde de la première graine.",
        "channels": "Pourquoi les plus grands perdants perdent : les canaux de leur gain",
        "channels_caption": "Barres : contribution moyenne de chaque canal (M EUR) ; trait "
        "noir : le gain. Les canaux s'additionnent pour donner le gain (docs/EXPERIMENTS.md).",
        "robust": "Sur la loi a posteriori, {s} {verb} {what} par rapport à {base} dans "
        "{share} des {k} tirages a posteriori (effet par tirage, du 5e au 95e centile sur "
        "les tirages : de {lo} à {hi}).",
        "robust_none": "Sur la loi a posteriori, {s} laisse {what} exactement comme {base}.",
        "robust_table": "Robustesse sur la loi a posteriori : dans combien de tirages le "
        "sens de chaque constat tient (effet apparié par tirage, sens global)",
        "robust_columns": [
            "scénario",
            "indicateur",
            "sens",
            "part des tirages",
            "tirages",
            "effet par tirage, 5e-95e centile",
        ],
        "raises": "augmente",
        "lowers": "réduit",
        "robust_method": " Ce balayage a fait tourner chaque scénario sur des tirages de la "
        "loi a posteriori d'une calibration ({dir}) : les simulations sont appariées par "
        "tirage et par graine, les intervalles portent sur les tirages et les graines, et "
        "la robustesse d'un constat est la part des tirages où son sens tient "
        "(docs/VALIDATION.md).",
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


def per_draw_effect(metric: str, value: float, lang: str) -> str:
    """A per-draw effect in the KPI's unit (points x100 for shares), signed."""
    kpi = REPORTED[metric]
    if kpi.kind == "points":
        return _signed(100 * value, lang) + " " + TEXT[lang]["points"]
    return f"{_signed(value, lang)} {kpi.unit}".rstrip()


def robust_sentence(scenario: str, baseline: str, row: dict, lang: str) -> str:
    """`complementarity raises X over isolated in 94% of 20 posterior draws (...)` from a
    row of `ecosim.analysis.robustness.robustness`."""
    t, what = TEXT[lang], REPORTED[row["metric"]].phrase[lang]
    if row["direction"] == 0:
        return t["robust_none"].format(s=scenario, what=what, base=baseline)
    share = number(100 * row["share_holding"], lang, 0) + ("\u00a0%" if lang == "fr" else "%")
    return t["robust"].format(
        s=scenario,
        verb=t["raises" if row["direction"] > 0 else "lowers"],
        what=what,
        base=baseline,
        share=share,
        k=row["draws"],
        lo=per_draw_effect(row["metric"], row["draw_q05"], lang),
        hi=per_draw_effect(row["metric"], row["draw_q95"], lang),
    )


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


def _amount_ci(low: float, high: float, lang: str, flip: bool = False) -> str:
    sep = " ; " if lang == "fr" else ", "
    lo, hi = (-high, -low) if flip else (low, high)
    return f"[{number(lo, lang)}{sep}{number(hi, lang)}]"


def amount_change(row: dict, lang: str) -> str:
    """`gains 385 EUR M [12, 758]`, `loses ...` or `does not change distinguishably (...)`
    from a mean/low/high row in EUR M; the verb follows the interval."""
    t, mean, low, high = TEXT[lang], row["mean"], row["low"], row["high"]
    if not (math.isfinite(low) and math.isfinite(high)) or low <= 0 <= high:
        return t["no_gain"].format(val=number(mean, lang), ci=_amount_ci(low, high, lang))
    key, flip = ("gains", False) if mean > 0 else ("loses", True)
    return t[key].format(mag=number(abs(mean), lang), ci=_amount_ci(low, high, lang, flip))


def _ci_text(row: dict, lang: str, scale: float = 1.0, digits: int | None = None) -> str:
    sep = " ; " if lang == "fr" else ", "
    lo, hi = (number(scale * row[k], lang, digits) for k in ("low", "high"))
    return f"[{lo}{sep}{hi}]"


def who_sentence(
    scenario: str,
    baseline: str,
    aggregate: Effect | None,
    kpis: dict[str, dict],
    territories: list[dict],
    core: str,
    lang: str,
) -> str:
    """Aggregate and distribution of one scenario against its baseline, in one sentence:
    `kpis`: the PAIRED KPIs' mean/low/high rows; `territories`: its territory_table rows."""
    t = TEXT[lang]
    gains = [r["territory"] for r in territories if r["distinguishable"] and r["gain"] > 0]
    losses = [r for r in territories if r["distinguishable"] and r["gain"] < 0]
    share, worst = kpis["share_gaining"], kpis["worst_off_gain"]
    pct = "\u00a0%" if lang == "fr" else "%"
    agg = t["aggregate"].format(effect=effect_text(aggregate, lang)) if aggregate else "n/a"
    return t["who_sentence"].format(
        s=scenario,
        base=baseline,
        agg=agg,
        gain=len(gains),
        n=len(territories),
        names=f" ({', '.join(gains)})" if gains else "",
        loss=len(losses),
        core=core,
        periphery=amount_change(kpis["periphery_gain"], lang),
        core_change=amount_change(kpis["core_gain"], lang),
        share=number(100 * share["mean"], lang, 0) + pct,
        share_ci=_ci_text(share, lang, 100, 0),
        worst=f"{number(worst['mean'], lang)} EUR M {_ci_text(worst, lang)}"
        if lang == "en"
        else f"{number(worst['mean'], lang)} M EUR {_ci_text(worst, lang)}",
    )


def loser_sentence(scenario: str, row: dict, lang: str, shown: int = 3) -> str:
    """`Under S, T06 loses 98 EUR M [..]: link costs -91, talent in/out -12, ...`: the
    `shown` largest channels by size, the rest summed."""
    t = TEXT[lang]
    change = amount_change({"mean": row["gain"], "low": row["low"], "high": row["high"]}, lang)
    parts = sorted(CHANNELS, key=lambda c: -abs(row[channel_column(c)]))
    text = [f"{CHANNELS[c][lang]} {_signed(row[channel_column(c)], lang)}" for c in parts[:shown]]
    rest = sum(row[channel_column(c)] for c in parts[shown:])
    text.append(f"{t['other_channels']} {_signed(rest, lang)}")
    return t["loser"].format(s=scenario, t=row["territory"], change=change, parts=", ".join(text))


def _signed(x: float, lang: str) -> str:
    return ("+" if x > 0 else "") + number(x, lang)
