"""The report's words for a policy team (issue 26): numbers grouped as each language
writes them, shares with intervals inside [0, 1], no unbounded ratio called a share, a
frontier sentence that does not read as a ranking, and French grammar for zero."""

from __future__ import annotations

import numpy as np
import pytest

from ecosim.kpis import heading
from ecosim.report.text import (
    headline_sentence,
    number,
    pareto_sentence,
    share_interval,
    who_sentence,
)


def test_thousands_are_grouped_in_english_and_french():
    assert number(11143.2, "en") == "11,143"
    assert number(4972.0, "fr") == "4\u202f972"  # narrow no-break space
    assert number(-1234.56, "fr", 1) == "-1\u202f234,6"


@pytest.mark.parametrize(("share", "trials"), [(0.15, 13), (0.0, 13), (1.0, 26), (0.5, 2)])
def test_share_intervals_stay_inside_zero_one(share, trials):
    low, high = share_interval(share, trials)
    assert 0.0 <= low <= share <= high <= 1.0


def test_link_costs_over_exit_value_are_not_called_a_share():
    for lang in ("en", "fr"):
        assert "share" not in heading("link_cost_share", lang)
        assert "part" not in heading("link_cost_share", lang)
    assert heading("link_cost_share", "en") == "link costs / exit value"


def test_a_frontier_of_every_scenario_is_not_stated_as_a_ranking():
    names = ["isolated", "preferential", "complementarity", "open"]
    every = pareto_sentence(names, "en", compared=4)
    assert "no scenario does better on both than" not in every and "none can be ruled out" in every
    some = pareto_sentence(names[:2], "en", compared=4)
    assert "no scenario does better on both than: isolated; preferential." in some


def _row(mean, low, high, n=3):
    return {"mean": mean, "low": low, "high": high, "n": n}


def who(lang, gains):
    """The who-wins sentence of 13 territories, none distinguishable unless `gains`."""
    territories = [
        {"territory": f"R{i}", "gain": 5.0 if i < gains else -1.0, "verdict": "distinguishable"}
        if i < gains
        else {"territory": f"R{i}", "gain": -1.0, "verdict": "not established"}
        for i in range(13)
    ]
    kpis = {
        "share_gaining": _row(0.0 if not gains else gains / 13, -0.04, 0.34),
        "worst_off_gain": _row(-20.0, -30.0, -10.0),
        "periphery_gain": _row(-50.0, -80.0, -20.0),
        "core_gain": _row(11143.0, 9000.0, 13000.0),
    }
    return who_sentence("open", "isolated", None, kpis, territories, "Île-de-France", lang)


def test_the_who_sentence_says_none_in_french_grammar_with_a_bounded_share():
    fr = who("fr", 0)
    assert "aucun des 13 territoires ne gagne de façon distinguable" in fr
    assert " 0 territoires" not in fr and "0\u00a0% des territoires gagnent [0 ; 9]" in fr
    assert "11\u202f143 M EUR [9\u202f000 ; 13\u202f000]" in fr
    en = who("en", 2)
    assert "2 of 13 territories gain distinguishably (R0, R1)" in en
    assert "11,143 EUR M [9,000 to 13,000]" in en  # not "[9,000, 13,000]"
    assert "none of the 13" in who("en", 0)


def test_the_headline_says_where_the_gain_goes_how_many_gain_and_defines_its_word():
    kpis = {
        "periphery_gain": _row(-50.0, -80.0, -20.0) | {"verdict": "distinguishable"},
        "core_gain": _row(11143.0, 9000.0, 13000.0) | {"verdict": "distinguishable"},
    }
    territories = [{"territory": "Île-de-France", "gain": 11143.0, "verdict": "distinguishable"}]
    territories += [
        {"territory": f"R{i}", "gain": -4.0, "verdict": "not established"} for i in range(12)
    ]
    en = headline_sentence("open", "isolated", None, kpis, territories, "Île-de-France", "en")
    assert en.startswith("In short: against isolated, open") and en.count(". ") == 0
    assert "Île-de-France gains 11,143 EUR M [9,000 to 13,000]" in en
    assert "the periphery (the other 12 territories) loses 50.0 EUR M" in en
    assert "1 of 13 territories gains distinguishably (a change whose 95% interval" in en
    fr = headline_sentence("ouvert", "isolé", None, kpis, territories, "Île-de-France", "fr")
    assert "la périphérie (les 12 autres territoires) perd 50,0 M EUR" in fr
    assert "1 territoire sur 13 gagne de façon distinguable (une variation" in fr


def test_the_french_report_points_to_no_developer_docs():
    """A regional council is handed the report, not the repository's docs/."""
    from ecosim.report.text import TEXT

    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict | list | tuple):
            for item in node.values() if isinstance(node, dict) else node:
                yield from strings(item)

    assert not [text for text in strings(TEXT["fr"]) if "docs/" in text]


def test_french_prose_names_policies_and_worlds_in_french():
    from ecosim.names import preset_name

    assert preset_name("policy", "complementarity", "fr") == "Complémentarité"
    assert preset_name("world", "two_speed", "fr") == "Monde à deux vitesses"
    assert preset_name("policy", "complementarity", "en") == "complementarity"  # typed ids
    assert preset_name("policy.link_budget", 3, "fr") == "3"


def test_colour_bar_ticks_do_not_overlap_and_carry_the_unit():
    """Gains from -11,143 to 11,143 EUR M on the report's symmetric log scale: the tick
    labels sit clear of each other and the bar says EUR M."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ecosim.report.figures import _colorbar, _gain_norm

    values = np.array([[-11143.0, -3.0, 0.5], [12.0, 480.0, 11143.0]])
    norm = _gain_norm(values.ravel())
    fig, ax = plt.subplots(figsize=(4, 3))
    image = ax.imshow(values, cmap="RdBu", norm=norm)
    _colorbar(fig, image, ax, norm, "fr")
    fig.canvas.draw()
    bar = fig.axes[-1]
    boxes = [t.get_window_extent() for t in bar.get_yticklabels() if t.get_text()]
    assert len(boxes) >= 5
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert bar.get_ylabel() == "M EUR"
    assert "11\u202f143" in [t.get_text() for t in bar.get_yticklabels()]
    plt.close(fig)


def test_gains_map_labels_of_frances_13_regions_do_not_collide():
    """The report's map on France's regions (positions and sizes of the preset), labels
    with a gain under each name: no two labels overlap."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ecosim.report.figures import place_map_labels
    from ecosim.runs.api import configure

    world = configure("world=france_regions").world
    xy = np.array([(t.x, t.y) for t in world.territories])
    population = np.array([t.population_m for t in world.territories])
    area = 60 + 900 * population / population.max()
    names = [t.name for t in world.territories]
    values = [number(-11143 / (i + 1), "fr", 0) for i in range(len(names))]
    fig, ax = plt.subplots(figsize=(5.2, 4.6))
    ax.scatter(xy[:, 0], xy[:, 1], s=area)
    ax.margins(0.15)
    place_map_labels(fig, ax, xy, area, names, values)
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts]
    assert len(boxes) == 13
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            width = min(a.x1, b.x1) - max(a.x0, b.x0)
            height = min(a.y1, b.y1) - max(a.y0, b.y0)
            assert width <= 0.5 or height <= 0.5, (a, b)
    plt.close(fig)
