"""The report's words, in English (default) and French (the seed text's language), and
the plain-language findings written from the paired statistics.

A finding keeps the numbers it states (`Finding.effects`), so a test can check each
sentence against the collected table. Wording follows the comparison's verdict
(docs/STATISTICS.md), not the point estimate: "raises"/"lowers" only when it is
*distinguishable* (adjusted p-value below 5% and 95% interval excluding zero), "changes
... by less than ± the margin: equivalent" when TOST puts it within the KPI's smallest
effect, and "may or may not change ...: not established" otherwise - never "no effect".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from ecosim.analysis.distribution import channel_column
from ecosim.analysis.stats import DISTINGUISHABLE, EQUIVALENT, NOT_ESTABLISHED
from ecosim.kpis import CHANNELS, KPIS, REPORTED
from ecosim.numbers import number as grouped

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
        "paired": "Paired differences against {baseline} (same seeds): 95% interval, margin "
        "(smallest effect), p-value, adjusted p-value and verdict; bold: distinguishable",
        "paired_note": "% of the baseline's mean for amounts, points (x100) for shares",
        "paired_columns": [
            "scenario",
            "vs",
            "KPI",
            "n",
            "difference [95% interval]",
            "margin",
            "p",
            "adjusted p",
            "verdict",
        ],
        "timeseries": "World time series: mean over seeds and 95% band",
        "tradeoff": "Trade-off: long-run returns, diversity loss and attractiveness",
        "tradeoff_caption": "Left: circled scenarios are on the frontier (no other scenario "
        "has both higher long-run returns and lower diversity loss); marker area is "
        "attractiveness. Right: short-run vs whole-run discounted returns.",
        "differences": "Paired differences against the baseline",
        "territories": f"Per territory: final {KPIS['cum_net_return'].label['en']}",
        "territories_caption": "Left: mean over seeds. Right: paired difference against "
        "the baseline, EUR M (* distinguishable: adjusted p < 0.05). Colours on a symmetric "
        "log scale.",
        "territory_sentence": "Per territory, {s} raises the final cumulative net return "
        "distinguishably in {gain} of {n} territories{names} and lowers it in {loss}; the "
        "change is equivalent to zero in {eq} and not established in {ne}.",
        "territory": "territory",
        "heat_mean": "Final cumulative net return (EUR M), mean over seeds",
        "heat_diff": "Paired difference against {base} (EUR M)",
        "scenario": "scenario",
        "step": "quarter",
        "no_baseline": "No paired comparison: no two scenarios have complete runs with "
        "the same seeds.",
        "method": "How to read this report",
        "method_text": "Each scenario runs with the same seeds; a seed gives the same "
        "world and the same random streams in every scenario (common random numbers, "
        "docs/ODD.md §6.3), so differences between scenarios are paired by seed. "
        "Intervals are Student-t 95% intervals over seeds, or over posterior draws in a "
        "posterior sweep (docs/EXPERIMENTS.md); verdicts "
        "and the correction for many comparisons are defined at the top of this report "
        "(docs/STATISTICS.md).",
        "verdicts_title": "How findings are judged",
        "verdicts_text": "Each comparison with {base} has one of three verdicts, against "
        "the smallest effect that matters for its KPI (its margin, in the tables: e.g. 5% "
        "of the baseline's mean for returns, 2 points for shares; docs/STATISTICS.md). "
        "Distinguishable: its p-value, adjusted for many comparisons, is below 0.05 and its "
        "95% interval excludes zero; the scenario changes the KPI in the interval's "
        "direction. Equivalent: two one-sided tests at 5% (TOST) put the difference within "
        "± its margin; the only way this report says a scenario leaves a KPI unchanged. "
        "Not established: neither; the data cannot tell, which is not evidence of no effect.",
        "correction": "p-values adjusted for {m} comparisons (Benjamini-Hochberg false "
        "discovery rate): the differences with {base} of {k} compared {scenarios} on "
        "{kpis} KPIs, in {t} territories and on the periphery's gain; equivalence (TOST) "
        "is tested comparison by comparison.",
        "scenarios": ("scenario", "scenarios"),
        "clustered": "Intervals clustered by posterior draw: runs are paired by draw and "
        "seed, each draw's paired differences (or runs) are averaged, and the 95% interval "
        "and the tests are over the {k} draws ({k} - 1 degrees of freedom), so they hold "
        "the parameters' uncertainty and not only the seeds'.",
        "verdicts": {
            DISTINGUISHABLE: "distinguishable",
            EQUIVALENT: "equivalent",
            NOT_ESTABLISHED: "not established",
        },
        "up": "raises {what} by {mag} {ci} over {base}",
        "down": "lowers {what} by {mag} {ci} relative to {base}",
        "equivalent": "changes {what} by less than ±{margin} relative to {base}: "
        "equivalent ({val} {ci})",
        "not_established": "may or may not change {what} relative to {base}: not "
        "established ({val} {ci})",
        "div_up": "at a diversity loss of {mag} {ci}",
        "div_down": "with {mag} less diversity loss {ci}",
        "div_equivalent": "with a change in diversity loss of less than ±{margin}: "
        "equivalent ({val} {ci})",
        "div_not_established": "with a change in diversity loss that is not established "
        "({val} {ci})",
        "short_run": "Over the first {h} quarters, {s} {phrase}.",
        "pareto": "On the trade-off between long-run returns and diversity loss, no "
        "scenario does better on both than: {names}.",
        "pareto_all": "On the trade-off between long-run returns and diversity loss, each "
        "scenario ({names}) is better than every other on one of the two: none can be "
        "ruled out on these two alone.",
        "points": "points",
        "who": "Who wins, who pays",
        "who_intro": "Each territory's gain is the change in its final cumulative net return "
        "against {base}, run by run with the same seed; the periphery is every territory but "
        "the largest. Amounts in EUR M, mean [95% interval] over seeds; the share of territories "
        "that gain has a Wilson 95% interval over territory-runs (inside 0-100%; it treats "
        "territories of one run as independent, so it is if anything too narrow).",
        "who_sentence": "{s} vs {base}: {agg} overall; {gain} distinguishably{names} "
        "and {loss} lose; the periphery (all but {core}) {periphery}; "
        "{core} {core_change}; per run, {share} of territories gain {share_ci} and the "
        "worst-off territory's gain is {worst}.",
        "aggregate": "long-run returns {effect}",
        "gains": "gains {mag} EUR M {ci}",
        "loses": "loses {mag} EUR M {ci}",
        "no_gain": "does not change distinguishably ({val} EUR M {ci})",
        "gain_equivalent": "changes by less than ±{margin} EUR M: equivalent ({val} EUR M {ci})",
        "gain_not_established": "may or may not change: not established ({val} EUR M {ci})",
        "loser": "Under {s}, {t} {change}: {parts}.",
        "other_channels": "other channels",
        "who_kpis": "Distributional KPIs against {base}: mean [95% interval] over seeds",
        "who_table": "Per territory: gain against {base} (EUR M) and its channels",
        "seeds_gaining": "seeds gaining",
        "gain": "gain [95% CI]",
        "gaining": (
            "none of the {n} territories gains",
            "1 of {n} territories gains",
            "{k} of {n} territories gain",
        ),
        "headline": "In short: against {base}, {s} changes long-run returns by {agg}; {core} "
        "{core_change} and the periphery (the other {m} territories) {periphery}; {gaining} "
        "distinguishably (a change whose 95% interval excludes zero after the correction "
        "for many comparisons).",
        "simulated": "What was simulated: world {world}, {q} quarters ({y} years), seeds "
        "{seeds} ({n} per scenario), scenarios {names}; each run's full configuration, to "
        "rerun it, is the config.yaml of its directory in {dir}.",
        "judged": ["margin", "p", "adjusted p", "verdict"],
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
        "posterior ({dir}): runs are paired by draw and seed, intervals are clustered by "
        "posterior draw, and a finding's robustness is the share of draws in which its "
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
        "paired": "Différences appariées par rapport à {baseline} (mêmes graines) : "
        "intervalle à 95 %, marge (plus petit effet), p-valeur, p-valeur ajustée et "
        "verdict ; en gras : distinguable",
        "paired_note": "% de la moyenne de référence pour les montants, points (x100) "
        "pour les parts",
        "paired_columns": [
            "scénario",
            "par rapport à",
            "indicateur",
            "n",
            "différence [intervalle à 95 %]",
            "marge",
            "p",
            "p ajustée",
            "verdict",
        ],
        "timeseries": "Séries temporelles (monde) : moyenne sur les graines et bande à 95 %",
        "tradeoff": "Arbitrage : rendement de long terme, perte de diversité et attractivité",
        "tradeoff_caption": "À gauche : les scénarios cerclés sont sur la frontière (aucun "
        "autre n'a à la fois un meilleur rendement de long terme et une moindre perte de "
        "diversité) ; la taille des points est l'attractivité. À droite : rendement "
        "actualisé à court terme et sur toute la période.",
        "differences": "Différences appariées par rapport à la référence",
        "territories": f"Par territoire : {KPIS['cum_net_return'].label['fr']}, final",
        "territories_caption": "À gauche : moyenne sur les graines. À droite : différence "
        "appariée par rapport à la référence, M EUR (* distinguable : p ajustée < 0,05). "
        "Couleurs en échelle logarithmique symétrique.",
        "territory_sentence": "Par territoire, {s} augmente de façon distinguable le "
        "rendement net cumulé final dans {gain} territoires sur {n}{names} et le réduit "
        "dans {loss} ; la variation est équivalente à zéro dans {eq} et non établie dans "
        "{ne}.",
        "territory": "territoire",
        "heat_mean": "Rendement net cumulé final (M EUR), moyenne sur les graines",
        "heat_diff": "Différence appariée par rapport à {base} (M EUR)",
        "scenario": "scénario",
        "step": "trimestre",
        "no_baseline": "Pas de comparaison appariée : aucun couple de scénarios n'a de "
        "simulations terminées avec les mêmes graines.",
        "method": "Comment lire ce rapport",
        "method_text": "Chaque scénario tourne avec les mêmes graines ; une graine donne "
        "le même monde et les mêmes tirages aléatoires dans tous les scénarios (nombres "
        "aléatoires communs) : les différences entre scénarios sont "
        "appariées par graine. Les intervalles sont des intervalles de Student à 95 % "
        "sur les graines, ou sur les tirages a posteriori dans un balayage a posteriori "
        "; les verdicts et la correction pour "
        "comparaisons multiples sont définis en tête de ce rapport.",
        "verdicts_title": "Comment les constats sont jugés",
        "verdicts_text": "Chaque comparaison avec {base} reçoit l'un de trois verdicts, "
        "par rapport au plus petit effet qui compte pour son indicateur (sa marge, dans les "
        "tableaux : par exemple 5 % de la moyenne de référence pour les rendements, 2 points "
        "pour les parts). Distinguable : sa p-valeur, ajustée pour les "
        "comparaisons multiples, est inférieure à 0,05 et son intervalle à 95 % exclut "
        "zéro ; le scénario modifie l'indicateur dans le sens de l'intervalle. Équivalent : "
        "deux tests unilatéraux à 5 % (TOST) placent la différence à l'intérieur de ± sa "
        "marge ; c'est la seule façon dont ce rapport dit qu'un scénario laisse un "
        "indicateur inchangé. Non établi : ni l'un ni l'autre ; les données ne permettent "
        "pas de conclure, ce qui ne prouve pas l'absence d'effet.",
        "correction": "p-valeurs ajustées pour {m} comparaisons (taux de fausses "
        "découvertes de Benjamini-Hochberg) : les différences avec {base} de {k} "
        "{scenarios} sur {kpis} indicateurs, dans {t} territoires et sur le gain de la "
        "périphérie ; l'équivalence (TOST) est testée comparaison par comparaison.",
        "scenarios": ("scénario comparé", "scénarios comparés"),
        "clustered": "Intervalles regroupés par tirage a posteriori : les simulations sont "
        "appariées par tirage et par graine, les différences appariées (ou les simulations) "
        "de chaque tirage sont moyennées, et l'intervalle à 95 % et les tests portent sur "
        "les {k} tirages ({k} - 1 degrés de liberté) : ils tiennent compte de "
        "l'incertitude sur les paramètres, pas seulement des graines.",
        "verdicts": {
            DISTINGUISHABLE: "distinguable",
            EQUIVALENT: "équivalent",
            NOT_ESTABLISHED: "non établi",
        },
        "up": "augmente {what} de {mag} {ci} par rapport à {base}",
        "down": "réduit {what} de {mag} {ci} par rapport à {base}",
        "equivalent": "modifie {what} de moins de ±{margin} par rapport à {base} : "
        "équivalent ({val} {ci})",
        "not_established": "peut ou non modifier {what} par rapport à {base} : non établi "
        "({val} {ci})",
        "div_up": "pour une perte de diversité de {mag} {ci}",
        "div_down": "avec {mag} de perte de diversité en moins {ci}",
        "div_equivalent": "avec une variation de la perte de diversité de moins de "
        "±{margin} : équivalent ({val} {ci})",
        "div_not_established": "avec une variation de la perte de diversité non établie "
        "({val} {ci})",
        "short_run": "Sur les {h} premiers trimestres, {s} {phrase}.",
        "pareto": "Sur l'arbitrage entre rendement de long terme et perte de diversité, "
        "aucun scénario ne fait mieux sur les deux que : {names}.",
        "pareto_all": "Sur l'arbitrage entre rendement de long terme et perte de diversité, "
        "chaque scénario ({names}) fait mieux que tous les autres sur l'un des deux : aucun "
        "ne peut être écarté sur ces deux critères seuls.",
        "points": "points",
        "who": "Qui gagne, qui paie",
        "who_intro": "Le gain d'un territoire est la variation de son rendement net cumulé "
        "final par rapport à {base}, simulation par simulation avec la même graine ; la "
        "périphérie regroupe tous les territoires sauf le plus grand. Montants en M EUR, "
        "moyenne [intervalle à 95 %] sur les graines ; la part des territoires qui gagnent a un "
        "intervalle de Wilson à 95 % sur les couples territoire-simulation (entre 0 et "
        "100 % ; il traite les territoires d'une même simulation comme indépendants, il est "
        "donc plutôt trop étroit).",
        "who_sentence": "{s} par rapport à {base} : {agg} au total ; {gain} de façon "
        "distinguable{names} et {loss} perdent ; la périphérie (tous "
        "sauf {core}) {periphery} ; {core} {core_change} ; par simulation, {share} des "
        "territoires gagnent {share_ci} et le gain du territoire le moins bien loti est de "
        "{worst}.",
        "aggregate": "rendement de long terme {effect}",
        "gains": "gagne {mag} M EUR {ci}",
        "loses": "perd {mag} M EUR {ci}",
        "no_gain": "ne change pas de façon distinguable ({val} M EUR {ci})",
        "gain_equivalent": "varie de moins de ±{margin} M EUR : équivalent ({val} M EUR {ci})",
        "gain_not_established": "peut ou non varier : non établi ({val} M EUR {ci})",
        "loser": "Avec {s}, {t} {change} : {parts}.",
        "other_channels": "autres canaux",
        "who_kpis": "Indicateurs de répartition par rapport à {base} : moyenne [intervalle "
        "à 95 %] sur les graines",
        "who_table": "Par territoire : gain par rapport à {base} (M EUR) et ses canaux",
        "seeds_gaining": "graines gagnantes",
        "gain": "gain [IC 95 %]",
        "gaining": (
            "aucun des {n} territoires ne gagne",
            "1 territoire sur {n} gagne",
            "{k} territoires sur {n} gagnent",
        ),
        "headline": "En bref : par rapport à {base}, {s} modifie le rendement de long terme "
        "de {agg} ; {core} {core_change} et la périphérie (les {m} autres territoires) "
        "{periphery} ; {gaining} de façon distinguable (une variation dont l'intervalle à "
        "95 % exclut zéro après correction pour comparaisons multiples).",
        "simulated": "Ce qui a été simulé : monde {world}, {q} trimestres ({y} ans), graines "
        "{seeds} ({n} par scénario), scénarios {names} ; la configuration complète de "
        "chaque simulation, pour la refaire, est le config.yaml de son répertoire dans "
        "{dir}.",
        "judged": ["marge", "p", "p ajustée", "verdict"],
        "gains_map": "Qui gagne : les territoires sur la carte, colorés par gain moyen",
        "gains_map_caption": "Chaque panneau compare un scénario à {base} ; surface : taille "
        "du territoire ; couleur : gain moyen (M EUR, échelle logarithmique symétrique ; bleu "
        "gagne, rouge perd). Positions : le monde de la première graine.",
        "channels": "Pourquoi les plus grands perdants perdent : les canaux de leur gain",
        "channels_caption": "Barres : contribution moyenne de chaque canal (M EUR) ; trait "
        "noir : le gain. Les canaux s'additionnent pour donner le gain.",
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
        "tirage et par graine, les intervalles sont regroupés par tirage a posteriori, et "
        "la robustesse d'un constat est la part des tirages où son sens tient.",
    },
}

LANGS = tuple(TEXT)

#: between an interval's bounds: "[9,000 to 13,000]", since ", " would read as one more
#: thousands group once numbers are grouped; French groups with a space, so "[9 000 ; 13 000]"
RANGE_SEP = {"en": " to ", "fr": " ; "}


def number(x: float, lang: str, digits: int | None = None) -> str:
    """A number as the language writes it, thousands grouped (11,143; French 11 143 with a
    narrow no-break space, decimal comma: the app's `grouped`); `digits` by magnitude."""
    if x is None or not math.isfinite(x):
        return "n/a"
    if digits is None:
        size = abs(x)
        digits = 0 if size >= 100 else 1 if size >= 10 else 2 if size >= 1 else 3
    return grouped(x, lang, digits)


@dataclass(frozen=True)
class Effect:
    """A paired difference as a sentence states it: value, interval and margin (the KPI's
    smallest effect) in `unit`, with its test and verdict (docs/STATISTICS.md)."""

    metric: str
    value: float
    low: float
    high: float
    unit: str  # "%", "points" or the KPI's own unit when the baseline mean is zero
    distinguishable: bool
    verdict: str = NOT_ESTABLISHED
    margin: float = float("nan")
    p_value: float = float("nan")
    p_adjusted: float = float("nan")


def verdict_of(row: dict) -> str:
    """A row's verdict; a row judged by its interval alone (no `verdict` column) is
    distinguishable or not established."""
    found, flag = row.get("verdict"), row.get("distinguishable")
    if isinstance(found, str):
        return found
    return DISTINGUISHABLE if isinstance(flag, bool | np.bool_) and flag else NOT_ESTABLISHED


def effect(row: dict) -> Effect:
    """From a row of `ecosim.analysis.stats.paired_differences` to the numbers a sentence uses."""
    kpi = REPORTED[row["metric"]]
    margin = row.get("margin", float("nan"))
    if kpi.kind == "points":
        scale, unit = 100.0, "points"
        values = (row["mean"], row["low"], row["high"], margin)
    elif math.isfinite(row["rel_mean"]) and row["baseline_mean"] > 0:
        scale, unit = 1.0, "%"
        values = (row["rel_mean"], row["rel_low"], row["rel_high"])
        values += (100 * margin / row["baseline_mean"],)
    else:
        scale, unit = 1.0, kpi.unit
        values = (row["mean"], row["low"], row["high"], margin)
    v, lo, hi, m = (scale * x for x in values)
    name = verdict_of(row)
    p, adjusted = row.get("p_value", float("nan")), row.get("p_adjusted", float("nan"))
    return Effect(row["metric"], v, lo, hi, unit, name == DISTINGUISHABLE, name, m, p, adjusted)


def _with_unit(x: float, unit: str, lang: str, t: dict) -> str:
    text = number(x, lang, 1)
    if unit == "%":
        return text + ("\u00a0%" if lang == "fr" else "%")
    return f"{text} {t['points'] if unit == 'points' else unit}"


def _interval(e: Effect, lang: str, t: dict, magnitude: bool) -> str:
    """`[8.1%, 16.5%]`; other units are stated once, with the value: `[1.2, 3.4]`."""
    lo, hi = (-e.high, -e.low) if magnitude and e.value < 0 else (e.low, e.high)
    sep = RANGE_SEP[lang]
    if e.unit == "%":
        return f"[{_with_unit(lo, '%', lang, t)}{sep}{_with_unit(hi, '%', lang, t)}]"
    return f"[{number(lo, lang, 1)}{sep}{number(hi, lang, 1)}]"


def effect_text(e: Effect, lang: str) -> str:
    """`+12.3% [8.1%, 16.5%]`: a signed difference and its interval, for tables."""
    t = TEXT[lang]
    sign = "+" if e.value > 0 else ""
    return f"{sign}{_with_unit(e.value, e.unit, lang, t)} {_interval(e, lang, t, False)}"


def verdict_word(verdict: str, lang: str) -> str:
    """`distinguishable`, `equivalent`, `not established` in the report's language."""
    return TEXT[lang]["verdicts"].get(verdict, verdict)


def p_text(p: float, lang: str) -> str:
    """A p-value for a table: `0.012`, `< 0.001`, `n/a`."""
    if p is None or not math.isfinite(p):
        return "n/a"
    return f"< {number(0.001, lang, 3)}" if p < 0.001 else number(p, lang, 3)


def margin_text(e: Effect, lang: str) -> str:
    """`±5.0%`, `±2.0 points`, or `n/a` when no margin can be stated."""
    if not math.isfinite(e.margin):
        return "n/a"
    return "±" + _with_unit(e.margin, e.unit, lang, TEXT[lang])


def phrase(e: Effect, base: str, lang: str, what: str | None = None) -> str:
    """`raises X by 12.3% [8.1%, 16.5%] over isolated`, or its fall, equivalent or
    not-established forms."""
    t = TEXT[lang]
    what = what or REPORTED[e.metric].phrase[lang]
    if e.verdict != DISTINGUISHABLE:
        key = "equivalent" if e.verdict == EQUIVALENT else "not_established"
        val = ("+" if e.value > 0 else "") + _with_unit(e.value, e.unit, lang, t)
        ci, margin = _interval(e, lang, t, False), margin_text(e, lang).removeprefix("±")
        return t[key].format(what=what, base=base, val=val, ci=ci, margin=margin)
    key = "up" if e.value > 0 else "down"
    mag = _with_unit(abs(e.value), e.unit, lang, t)
    return t[key].format(what=what, base=base, mag=mag, ci=_interval(e, lang, t, True))


def diversity_clause(e: Effect, lang: str) -> str:
    t = TEXT[lang]
    if e.verdict != DISTINGUISHABLE:
        key = "div_equivalent" if e.verdict == EQUIVALENT else "div_not_established"
        val = ("+" if e.value > 0 else "") + _with_unit(e.value, e.unit, lang, t)
        ci, margin = _interval(e, lang, t, False), margin_text(e, lang).removeprefix("±")
        return t[key].format(val=val, ci=ci, margin=margin)
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
    """Who gains: from the per-territory paired differences of one scenario, by verdict."""
    verdicts = [verdict_of(r) for r in rows]
    sure = [v == DISTINGUISHABLE for v in verdicts]
    gains = [r["territory"] for r, d in zip(rows, sure, strict=True) if d and r["mean"] > 0]
    losses = [r for r, d in zip(rows, sure, strict=True) if d and r["mean"] < 0]
    names = f" ({', '.join(gains)})" if gains else ""
    return TEXT[lang]["territory_sentence"].format(
        s=scenario,
        gain=len(gains),
        n=len(rows),
        names=names,
        loss=len(losses),
        eq=verdicts.count(EQUIVALENT),
        ne=verdicts.count(NOT_ESTABLISHED),
    )


def pareto_sentence(names: list[str], lang: str, compared: int) -> str:
    """The frontier of `compared` scenarios; when every one is on it, "no scenario does
    better on both than: all of them" would read as a ranking, so it says so plainly."""
    key = "pareto_all" if len(names) == compared else "pareto"
    return TEXT[lang][key].format(names="; ".join(names))


def _amount_ci(low: float, high: float, lang: str, flip: bool = False) -> str:
    sep = RANGE_SEP[lang]
    lo, hi = (-high, -low) if flip else (low, high)
    return f"[{number(lo, lang)}{sep}{number(hi, lang)}]"


def amount_change(row: dict, lang: str) -> str:
    """`gains 385 EUR M [12, 758]`, `loses ...`, `changes by less than ±15 EUR M:
    equivalent (...)` or `may or may not change: not established (...)` from a
    mean/low/high row in EUR M, by its verdict (`verdict`, `margin`); a row without a
    verdict is judged by its interval alone (`does not change distinguishably (...)`)."""
    t, mean, low, high = TEXT[lang], row["mean"], row["low"], row["high"]
    judged = isinstance(row.get("verdict"), str)
    if judged:
        sure = row["verdict"] == DISTINGUISHABLE
    else:
        sure = math.isfinite(low) and math.isfinite(high) and not low <= 0 <= high
    if not sure:
        val, ci = number(mean, lang), _amount_ci(low, high, lang)
        if not judged:
            return t["no_gain"].format(val=val, ci=ci)
        key = "gain_equivalent" if row["verdict"] == EQUIVALENT else "gain_not_established"
        return t[key].format(val=val, ci=ci, margin=number(row.get("margin"), lang))
    key, flip = ("gains", False) if mean > 0 else ("loses", True)
    return t[key].format(mag=number(abs(mean), lang), ci=_amount_ci(low, high, lang, flip))


def share_interval(share: float, trials: int) -> tuple[float, float]:
    """Wilson 95% interval of a proportion over `trials` territory-runs, inside [0, 1]
    where a Student-t interval over seeds is not (15% [-4, 34] of territories gain).
    It treats the territory-runs as independent, which the seeds make them only across
    runs: a lower bound on the interval's width, stated as such in the method text."""
    from scipy.stats import binomtest

    if trials < 1 or not math.isfinite(share):
        return float("nan"), float("nan")
    ci = binomtest(round(share * trials), trials).proportion_ci(method="wilson")
    return float(ci.low), float(ci.high)


def _ci_text(row: dict, lang: str, scale: float = 1.0, digits: int | None = None) -> str:
    sep = RANGE_SEP[lang]
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
    gains, losses = _gainers_and_losers(territories)
    share, worst = kpis["share_gaining"], kpis["worst_off_gain"]
    low, high = share_interval(share["mean"], len(territories) * int(share["n"]))
    pct = "\u00a0%" if lang == "fr" else "%"
    agg = "n/a"
    if aggregate:
        text = f"{effect_text(aggregate, lang)} ({verdict_word(aggregate.verdict, lang)})"
        agg = t["aggregate"].format(effect=text)
    return t["who_sentence"].format(
        s=scenario,
        base=baseline,
        agg=agg,
        gain=_gaining(gains, len(territories), lang),
        names=f" ({', '.join(gains)})" if gains else "",
        loss=len(losses),
        core=core,
        periphery=amount_change(kpis["periphery_gain"], lang),
        core_change=amount_change(kpis["core_gain"], lang),
        share=number(100 * share["mean"], lang, 0) + pct,
        share_ci=_ci_text({"low": low, "high": high}, lang, 100, 0),
        worst=f"{number(worst['mean'], lang)} EUR M {_ci_text(worst, lang)}"
        if lang == "en"
        else f"{number(worst['mean'], lang)} M EUR {_ci_text(worst, lang)}",
    )


def _gainers_and_losers(territories: list[dict]) -> tuple[list[str], list[str]]:
    """The names of the territories that gain and that lose, distinguishably."""
    sure = [r for r in territories if verdict_of(r) == DISTINGUISHABLE]
    return [r["territory"] for r in sure if r["gain"] > 0], [
        r["territory"] for r in sure if r["gain"] < 0
    ]


def _gaining(gains: list[str], n: int, lang: str) -> str:
    """`2 of 13 territories gain`; `none of the 13 territories gains` (never "0 of 13"),
    `1 territoire sur 13 gagne` (the singular)."""
    return TEXT[lang]["gaining"][min(len(gains), 2)].format(k=len(gains), n=n)


def headline_sentence(
    scenario: str,
    baseline: str,
    aggregate: Effect | None,
    kpis: dict[str, dict],
    territories: list[dict],
    core: str,
    lang: str,
) -> str:
    """The report's main message in one sentence: the total change, where it goes (the
    largest territory against all others together) and how many territories gain,
    with "distinguishably" defined where it is first read."""
    agg = "n/a" if aggregate is None else effect_text(aggregate, lang)
    return TEXT[lang]["headline"].format(
        base=baseline,
        s=scenario,
        agg=agg,
        core=core,
        core_change=amount_change(kpis["core_gain"], lang),
        m=len(territories) - 1,
        periphery=amount_change(kpis["periphery_gain"], lang),
        gaining=_gaining(_gainers_and_losers(territories)[0], len(territories), lang),
    )


def loser_sentence(scenario: str, row: dict, lang: str, shown: int = 3) -> str:
    """`Under S, T06 loses 98 EUR M [..]: link costs -91, talent in/out -12, ...`: the
    `shown` largest channels by size, the rest summed."""
    t = TEXT[lang]
    judged = {k: row[k] for k in ("verdict", "margin") if k in row}
    change = amount_change(
        {"mean": row["gain"], "low": row["low"], "high": row["high"], **judged}, lang
    )
    parts = sorted(CHANNELS, key=lambda c: -abs(row[channel_column(c)]))
    text = [f"{CHANNELS[c][lang]} {_signed(row[channel_column(c)], lang)}" for c in parts[:shown]]
    rest = sum(row[channel_column(c)] for c in parts[shown:])
    text.append(f"{t['other_channels']} {_signed(rest, lang)}")
    return t["loser"].format(s=scenario, t=row["territory"], change=change, parts=", ".join(text))


def _signed(x: float, lang: str) -> str:
    return ("+" if x > 0 else "") + number(x, lang)
