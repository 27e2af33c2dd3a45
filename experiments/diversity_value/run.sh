#!/bin/sh
# Why diversity pays: both sweeps (link budgets under complementarity, and the mesh), their
# tables and figure into results/diversity_value/ (docs/VALIDATION.md §4 quotes them).
# Usage: sh experiments/diversity_value/run.sh [output folder]
set -eu
here=$(dirname "$0")
out="${1:-results/diversity_value}"
mesh=$(ecosim sweep diversity_value_mesh)
sweep=$(ecosim sweep diversity_value)
python "$here/analyse.py" "$sweep" "$mesh" --out "$out"
