"""The one registry of KPIs: what each measures, its unit, its words and its direction.

Every place that names a KPI to a reader - the run's console table, the report's
sentences, tables and figures, the app's charts, sensitivity and search - reads it
here, so a KPI is labelled once, in English and French. Definitions of the KPIs
themselves are in docs/ODD.md §7; the model computes them (`ecosim.core.model`).
"""

from __future__ import annotations

from dataclasses import dataclass, field


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


def heading(key: str, lang: str = "en") -> str:
    """A KPI's column heading, or the key itself for a metric that is not a KPI."""
    kpi = KPIS.get(key)
    if kpi is None:
        return key
    return kpi.short.get(lang) or kpi.label[lang]
