"""The KPI registry is the one place a KPI is labelled, and every KPI in it is measured."""

import ast
from pathlib import Path

from ecosim import kpis
from ecosim.runs.run import format_kpis
from tests.conftest import run_model

PACKAGE = Path(__file__).resolve().parent.parent / "ecosim"


def labels() -> set[str]:
    out = set()
    for kpi in [*kpis.KPIS.values(), *kpis.PAIRED.values()]:
        for words in (kpi.label, kpi.short, kpi.phrase):
            out |= set(words.values())
    for words in kpis.CHANNELS.values():
        out |= set(words.values())
    return out


def test_every_kpi_has_words_in_both_languages():
    for key, kpi in kpis.KPIS.items():
        assert kpi.key == key and set(kpi.label) == {"en", "fr"}
        assert kpi.kind in ("relative", "points")
    for kpi in kpis.REPORTED.values():
        assert set(kpi.short) == set(kpi.phrase) == {"en", "fr"}
    assert set(kpis.CHARTED) | set(kpis.DECISION) <= set(kpis.KPIS)
    for key, kpi in kpis.PAIRED.items():  # paired KPIs: named in sentences and tables too
        assert kpi.key == key and key not in kpis.KPIS
        assert set(kpi.label) == set(kpi.short) == set(kpi.phrase) == {"en", "fr"}
    assert all(set(words) == {"en", "fr"} for words in kpis.CHANNELS.values())


def test_no_other_module_writes_a_kpi_label():
    known, found = labels(), []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "kpis.py" and path.parent == PACKAGE:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            keys = set(kpis.KPIS) | set(kpis.PAIRED) | set(kpis.CHANNELS)
            if isinstance(node, ast.Constant) and node.value in known - keys:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.value!r}")
    assert not found, "\n".join(found)


def test_every_registered_kpi_is_in_a_run_summary():
    summary = run_model(steps=4).summary()
    assert set(kpis.KPIS) <= set(summary)
    table = format_kpis(summary)
    assert all(kpi.label["en"] in table for kpi in kpis.KPIS.values())


def test_every_kpi_states_its_smallest_effect_with_a_reason():
    from ecosim.kpis import KPIS, PAIRED, SMALLEST_EFFECT, smallest_effect

    assert set(SMALLEST_EFFECT) == set(KPIS) | set(PAIRED)
    for key in SMALLEST_EFFECT:
        effect = smallest_effect(key)
        assert effect.size > 0 and effect.scale in ("relative", "absolute") and effect.why
    assert smallest_effect("cum_net_return").margin(-2000.0) == 100.0  # 5% of |baseline|
    assert smallest_effect("diversity_loss").margin(0.4) == 0.02  # points, whatever the base
