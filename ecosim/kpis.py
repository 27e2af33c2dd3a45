"""The one registry of KPIs: what each measures, its unit, its words and its direction.

Every place that names a KPI to a reader - the run's console table, the report's
sentences, tables and figures, the app's charts, sensitivity and search - reads it
here, so a KPI is labelled once, in English and French. Definitions of the KPIs
themselves are in docs/ODD.md §7; the model computes them (`ecosim.core.model`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SmallestEffect:
    """The smallest difference in a KPI that would matter to a reader: findings smaller than
    this are *equivalent to zero*, and seeds are added until intervals are narrower
    (docs/STATISTICS.md). `size` is a share of the baseline's mean (`relative`) or in the
    KPI's own units (`absolute`); `why` says in one line why that size."""

    size: float
    scale: str  # "relative" (of the baseline mean) or "absolute"
    why: str

    def margin(self, baseline_mean: float) -> float:
        """The smallest effect in the KPI's units, against a baseline's mean."""
        if self.scale == "relative":
            return self.size * abs(baseline_mean)
        return self.size


#: smallest effects of interest, by KPI (judgements, each with its reason; none was chosen
#: to make a test pass: they were set before the tests that use them were re-measured)
_RETURNS = SmallestEffect(
    0.05, "relative", "5% of the baseline: below what a regional budget line would notice"
)
_POINTS = SmallestEffect(
    0.02, "absolute", "2 points of a 0-1 share or index: smaller than any chart shows"
)
_GAIN = SmallestEffect(
    15.0, "absolute", "EUR 15 M: a growth round (economy.round_size[1] = 3) for 5 startups"
)
SMALLEST_EFFECT: dict[str, SmallestEffect] = {
    "attractiveness": _RETURNS,
    "diversity_loss": _POINTS,
    "cum_net_return": _RETURNS,
    "cum_exit_value": _RETURNS,
    "value_created": _RETURNS,
    "npv_short": _RETURNS,
    "npv_long": _RETURNS,
    "investor_multiple": _RETURNS,
    "gini_investment": _POINTS,
    "top_share_investment": _POINTS,
    "survival_1y": _POINTS,
    "survival_5y": _POINTS,
    "links": SmallestEffect(0.1, "relative", "10% of the links: one partnership in ten"),
    "live_startups": _RETURNS,
    "share_gaining": SmallestEffect(
        0.1, "absolute", "one territory in ten changes side (a 10-territory world)"
    ),
    "periphery_gain": _GAIN,
    "core_gain": _GAIN,
    "gini_gain": _POINTS,
    "worst_off_gain": _GAIN,
    "link_cost_share": _POINTS,
}


def smallest_effect(key: str) -> SmallestEffect:
    """The smallest effect of interest of a KPI (`SMALLEST_EFFECT`); for a metric that is
    not a KPI, 5% of the baseline (the returns' default), said so in the reason."""
    found = SMALLEST_EFFECT.get(key)
    if found is not None:
        return found
    return SmallestEffect(0.05, "relative", f"{key} is not a KPI: 5% of the baseline by default")


@dataclass(frozen=True)
class Kpi:
    """A KPI and how it is shown.

    `label`: the name with its unit (console table, chart titles); `short`: a column
    heading; `phrase`: how a sentence of the report names it (only for the KPIs the
    report compares). `kind`: a difference is read in % of the baseline (`relative`) or in
    points of a share (`points`, x100). `higher_is_better` orients search objectives.
    """

    key: str
    unit: str
    kind: str
    higher_is_better: bool
    label: dict[str, str]
    short: dict[str, str] = field(default_factory=dict)
    phrase: dict[str, str] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        """The label as a chart title."""
        text = self.label[lang]
        return text[:1].upper() + text[1:]

    @property
    def direction(self) -> str:
        return "maximize" if self.higher_is_better else "minimize"


_ALL = (
    Kpi(
        "attractiveness",
        "startup-eq./quarter",
        "relative",
        True,
        {
            "en": "attractiveness (startup-eq./quarter)",
            "fr": "attractivité (éq.-startups/trimestre)",
        },
        {"en": "attractiveness", "fr": "attractivité"},
        {"en": "attractiveness", "fr": "l'attractivité"},
    ),
    Kpi(
        "diversity_loss",
        "",
        "points",
        False,
        {"en": "diversity loss (0-1)", "fr": "perte de diversité (0-1)"},
        {"en": "diversity loss", "fr": "perte de diversité"},
        {"en": "diversity loss", "fr": "la perte de diversité"},
    ),
    Kpi(
        "cum_net_return",
        "EUR M",
        "relative",
        True,
        {"en": "cumulative net return (EUR M)", "fr": "rendement net cumulé (M EUR)"},
        {"en": "cum. net return (EUR M)", "fr": "rendement net cumulé (M EUR)"},
        {
            "en": "long-run returns (cumulative net return)",
            "fr": "le rendement de long terme (rendement net cumulé)",
        },
    ),
    Kpi(
        "cum_exit_value",
        "EUR M",
        "relative",
        True,
        {"en": "cumulative exit value (EUR M)", "fr": "valeur cumulée des sorties (M EUR)"},
        {"en": "cum. exit value (EUR M)", "fr": "valeur cumulée des sorties (M EUR)"},
        {"en": "cumulative exit value", "fr": "la valeur cumulée des sorties"},
    ),
    Kpi(
        "value_created",
        "EUR M",
        "relative",
        True,
        {
            "en": "value created, net of money invested (EUR M)",
            "fr": "valeur créée, nette des montants investis (M EUR)",
        },
    ),
    Kpi(
        "npv_short",
        "EUR M",
        "relative",
        True,
        {
            "en": "discounted net return, short horizon",
            "fr": "rendement net actualisé, horizon court",
        },
        {"en": "NPV short (EUR M)", "fr": "VAN court terme (M EUR)"},
        {"en": "the discounted net return", "fr": "le rendement net actualisé"},
    ),
    Kpi(
        "npv_long",
        "EUR M",
        "relative",
        True,
        {
            "en": "discounted net return, whole run",
            "fr": "rendement net actualisé, toute la période",
        },
        {"en": "NPV long (EUR M)", "fr": "VAN long terme (M EUR)"},
        {
            "en": "the discounted net return over the whole run",
            "fr": "le rendement net actualisé sur toute la période",
        },
    ),
    Kpi(
        "investor_multiple",
        "x",
        "relative",
        True,
        {"en": "investors' multiple (x)", "fr": "multiple des investisseurs (x)"},
    ),
    Kpi(
        "gini_investment",
        "",
        "points",
        False,
        {
            "en": "Gini of investment across territories",
            "fr": "Gini de l'investissement entre territoires",
        },
        {"en": "Gini of investment", "fr": "Gini de l'investissement"},
        {
            "en": "the Gini of investment across territories",
            "fr": "le Gini de l'investissement entre territoires",
        },
    ),
    Kpi(
        "top_share_investment",
        "",
        "points",
        False,
        {
            "en": "top territory's share of investment",
            "fr": "part de l'investissement du premier territoire",
        },
        {"en": "top share of investment", "fr": "part du premier territoire"},
        {
            "en": "the top territory's share of investment",
            "fr": "la part de l'investissement du premier territoire",
        },
    ),
    Kpi(
        "survival_1y",
        "",
        "points",
        True,
        {"en": "survival at 1 year", "fr": "survie à 1 an"},
    ),
    Kpi(
        "survival_5y",
        "",
        "points",
        True,
        {"en": "survival at 5 years", "fr": "survie à 5 ans"},
        {"en": "5-year survival", "fr": "survie à 5 ans"},
        {"en": "5-year survival", "fr": "la survie à 5 ans"},
    ),
    Kpi("links", "", "relative", True, {"en": "links", "fr": "liens"}),
    Kpi("live_startups", "", "relative", True, {"en": "live startups", "fr": "startups actives"}),
)

#: every KPI by key, in the order of the run's console table
KPIS: dict[str, Kpi] = {k.key: k for k in _ALL}

#: the KPIs the report compares between scenarios, in its order
REPORTED: dict[str, Kpi] = {
    k: KPIS[k]
    for k in (
        "attractiveness",
        "diversity_loss",
        "cum_net_return",
        "cum_exit_value",
        "npv_short",
        "npv_long",
        "gini_investment",
        "top_share_investment",
        "survival_5y",
    )
}

#: the four series a class watches in the app and the report draws over time
CHARTED = ("attractiveness", "diversity_loss", "cum_net_return", "gini_investment")

#: what sensitivity analyses and policy searches look at unless told otherwise
DECISION = ("npv_long", "attractiveness", "diversity_loss", "gini_investment")


#: Who wins, who pays: KPIs of a run *against a baseline run with the same seed*
#: (`ecosim.analysis.distribution`). A territory's gain is the change in its final
#: cumulative net return; the core is the largest territory, the periphery all the others.
#: Not in a run's summary: they need the baseline's run.
PAIRED: dict[str, Kpi] = {
    k.key: k
    for k in (
        Kpi(
            "share_gaining",
            "",
            "points",
            True,
            {"en": "share of territories that gain", "fr": "part des territoires gagnants"},
            {"en": "share gaining", "fr": "part gagnante"},
            {"en": "the share of territories that gain", "fr": "la part des territoires gagnants"},
        ),
        Kpi(
            "periphery_gain",
            "EUR M",
            "relative",
            True,
            {"en": "gain of the periphery (EUR M)", "fr": "gain de la périphérie (M EUR)"},
            {"en": "periphery gain (EUR M)", "fr": "gain périphérie (M EUR)"},
            {"en": "the periphery's gain", "fr": "le gain de la périphérie"},
        ),
        Kpi(
            "core_gain",
            "EUR M",
            "relative",
            True,
            {
                "en": "gain of the largest territory (EUR M)",
                "fr": "gain du plus grand territoire (M EUR)",
            },
            {"en": "core gain (EUR M)", "fr": "gain du centre (M EUR)"},
            {"en": "the largest territory's gain", "fr": "le gain du plus grand territoire"},
        ),
        Kpi(
            "gini_gain",
            "",
            "points",
            False,
            {"en": "Gini of gains across territories", "fr": "Gini des gains entre territoires"},
            {"en": "Gini of gains", "fr": "Gini des gains"},
            {"en": "the Gini of gains", "fr": "le Gini des gains"},
        ),
        Kpi(
            "worst_off_gain",
            "EUR M",
            "relative",
            True,
            {
                "en": "worst-off territory's gain (EUR M)",
                "fr": "gain du territoire le moins bien loti (M EUR)",
            },
            {"en": "worst-off gain (EUR M)", "fr": "gain du moins bien loti (M EUR)"},
            {
                "en": "the worst-off territory's gain",
                "fr": "le gain du territoire le moins bien loti",
            },
        ),
        Kpi(
            "link_cost_share",
            "",
            "points",
            False,
            {
                "en": "link costs / exit value (a ratio, not a share: can exceed 1)",
                "fr": "coûts des liens / valeur des sorties (un rapport, pas une part : "
                "peut dépasser 1)",
            },
            {"en": "link costs / exit value", "fr": "coûts des liens / valeur des sorties"},
            {
                "en": "the ratio of link costs to exit value",
                "fr": "le rapport des coûts des liens à la valeur des sorties",
            },
        ),
    )
}

#: the channels a territory's gain splits into (`ecosim.analysis.distribution.channels`),
#: in the order the report lists them
CHANNELS: dict[str, dict[str, str]] = {
    "external_investment": {"en": "external investment", "fr": "investissement extérieur"},
    "local_investment": {"en": "local investment", "fr": "investissement local"},
    "market_revenue": {"en": "market revenue", "fr": "chiffre d'affaires"},
    "talent": {"en": "talent in/out", "fr": "talents entrants/sortants"},
    "exit_yield": {
        "en": "knowledge/quality (exit yield)",
        "fr": "savoir/qualité (rendement des sorties)",
    },
    "link_cost": {"en": "link costs", "fr": "coûts des liens"},
    "campaign_cost": {"en": "campaign costs", "fr": "coûts des campagnes"},
}


def lookup(key: str) -> Kpi | None:
    """A KPI of a run or a paired KPI, by key; None if neither."""
    return KPIS.get(key) or PAIRED.get(key)


def heading(key: str, lang: str = "en") -> str:
    """A KPI's column heading, or the key itself for a metric that is not a KPI."""
    kpi = lookup(key)
    if kpi is None:
        return key
    return kpi.short.get(lang) or kpi.label[lang]
