#!/bin/sh
# Why diversity pays: both sweeps (link budgets under complementarity, and the mesh), their
# tables and figure into an output folder (docs/VALIDATION.md §4 quotes them).
# Usage: sh experiments/diversity_value/run.sh [output folder] [sweep overrides]
#   e.g. ... docs/figures/diversity_value 'knowledge.turbulence=0.0,0.1' 'seed=range(0,10)'
#   (the smaller grid the docs report; without overrides: the full 20-seed grid)
set -eu
here=$(dirname "$0")
out="${1:-results/diversity_value}"
[ $# -gt 0 ] && shift
mesh=$(ecosim sweep diversity_value_mesh "$@")
sweep=$(ecosim sweep diversity_value "$@")
python "$here/analyse.py" "$sweep" "$mesh" --out "$out"
