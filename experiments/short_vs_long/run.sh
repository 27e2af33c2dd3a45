#!/bin/sh
# Short vs long term: the horizon sweep, its report and the horizon's own metrics into
# results/short_vs_long/.
# Usage: sh experiments/short_vs_long/run.sh [output folder] [ecosim sweep overrides]
set -eu
here=$(dirname "$0")
out="${1:-results/short_vs_long}"
[ $# -gt 0 ] && shift
sweep=$(ecosim sweep horizon_tradeoff "$@")
ecosim report "$sweep" --baseline horizon.quarters=0 --out "$out"
python "$here/../mechanism_table.py" "$sweep" horizon.quarters=0 \
    links_cut_by_horizon mean_link_lifetime links npv_short npv_long --out "$out/horizon.md"
