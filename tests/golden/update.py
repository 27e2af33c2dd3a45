"""Regenerate the golden summaries (run from the repository root):

    .venv/bin/python -m tests.golden.update

Only after a deliberate change of the model's results, stated in the commit message:
the golden test exists so that optimisations cannot change results unnoticed."""

from __future__ import annotations

import json
from pathlib import Path

from ecosim.config import EcosimConfig, validate
from ecosim.runs.run import simulate

HERE = Path(__file__).resolve().parent
CASES = {"default_seed0": {}, "open_mesh_seed3": {"policy": "open_mesh", "seed": 3}}


def summary(case: dict) -> dict:
    cfg = EcosimConfig(seed=case.get("seed", 0))
    cfg.policy.name = case.get("policy", cfg.policy.name)
    cfg.sim.progress = False
    return simulate(validate(cfg))[0]


def main() -> None:
    for name, case in CASES.items():
        text = json.dumps(summary(case), indent=1, sort_keys=True) + "\n"
        (HERE / f"{name}.json").write_text(text)
        print(f"wrote tests/golden/{name}.json")


if __name__ == "__main__":
    main()
