"""Whole-process time of `ecosim run` with defaults against importing what it stands on.

Both are fresh processes, started alternately in this run (so a busy machine slows both):
`ecosim run` with the defaults (80 quarters, imports, Hydra's composition, writing the
run directory into a temporary directory), and `python -c 'import mesa, numpy, pandas'`.
Medians of REPEATS each; the ratio is target <= 1.25. Also lists the heavy modules the
run imports that it does not need (matplotlib, Solara): there should be none.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import append_results

REPEATS = 7
BASELINE = "import mesa, numpy, pandas"
NOT_NEEDED = ("matplotlib", "solara")


def timed(cmd: list[str], cwd: str) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - start


def unneeded_imports(cwd: str) -> list[str]:
    """Heavy modules `ecosim run` imports though a run does not use them."""
    probe = (
        "import sys; from ecosim.cli import main\n"
        "try:\n    main(['run', 'sim.progress=false', 'sim.steps=1'])\n"
        "except SystemExit:\n    pass\n"
        f"print('unneeded:', *(m for m in {NOT_NEEDED!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=cwd, check=True, capture_output=True, text=True
    )
    (line,) = [x for x in out.stdout.splitlines() if x.startswith("unneeded:")]
    return line.split()[1:]


def main() -> None:
    script = str(Path(sys.executable).parent / "ecosim")
    run, base = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(REPEATS):
            run.append(timed([script, "run", "sim.progress=false"], tmp))
            base.append(timed([sys.executable, "-c", BASELINE], tmp))
        extra = unneeded_imports(tmp)
    ratios = [r / b for r, b in zip(run, base, strict=True)]
    append_results(
        "Whole process: `ecosim run` (defaults) vs importing mesa, numpy, pandas",
        [
            f"- `ecosim run` with defaults (80 quarters), whole process: "
            f"{statistics.median(run):.2f} s (median of {REPEATS})",
            f"- `python -c '{BASELINE}'`: {statistics.median(base):.2f} s",
            f"- ratio (median of paired ratios): {statistics.median(ratios):.2f} (target <= 1.25)",
            f"- modules imported though unused: {', '.join(extra) or 'none'}",
        ],
    )


if __name__ == "__main__":
    main()
