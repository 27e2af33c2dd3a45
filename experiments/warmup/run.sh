#!/bin/sh
# Steady state and warm-up of the default world: why investment rose before the recycling
# cap, MSER-5 of the world's investment and live startups, and the facts by run length
# (docs/ODD.md sections 6.2 and 8.1 quote them). About 1.5 minutes on 2 cores.
# Usage: sh experiments/warmup/run.sh [output folder] [seeds]
set -eu
here=$(dirname "$0")
python "$here/analyse.py" --out "${1:-results/warmup}" --seeds "${2:-20}"
