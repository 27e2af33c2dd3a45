#!/bin/sh
# What the educator app's lessons show at quarter 40: each lesson's seed and the verdict
# over seeds chosen by precision (batches of 20, cap 200). The lessons quote the
# committed experiments/lessons/results.csv. About 5 minutes on 2 cores.
# Usage: sh experiments/lessons/run.sh [output folder] [cap]
set -eu
here=$(dirname "$0")
python "$here/analyse.py" --out "${1:-$here}" --cap "${2:-200}"
