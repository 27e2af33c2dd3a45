#!/bin/sh
# The homogenization risk: the sweep, its report and the protection metrics into
# results/homogenization/.
# Usage: sh experiments/homogenization/run.sh [output folder] [ecosim sweep overrides]
set -eu
here=$(dirname "$0")
out="${1:-results/homogenization}"
[ $# -gt 0 ] && shift
sweep=$(ecosim sweep homogenization "$@")
ecosim report "$sweep" --baseline protection.level=0.0 --out "$out"
python "$here/../mechanism_table.py" "$sweep" protection.level=0.0 \
    diversity_loss distinct_specializations identity_kept cum_revenue \
    --out "$out/protection.md"
