#!/bin/sh
# docs/SEED_MAP.md's measured effects of the seed text's challenges and strategies: the
# behaviour tests' comparisons over seeds 0-39, more by precision (batches of 40, cap 200),
# Benjamini-Hochberg over the table. Writes results.md into this folder by default (SEED_MAP
# quotes the committed one). About 6 minutes on 2 shared cores.
# Usage: sh experiments/seed_effects/run.sh [output folder] [cap]
set -eu
here=$(dirname "$0")
# the scenarios and measures are imported from tests/test_seed_behaviour.py
PYTHONPATH="$here/../..${PYTHONPATH:+:$PYTHONPATH}" \
    python "$here/run.py" --out "${1:-$here}" --cap "${2:-200}"
