#!/bin/sh
# Unequal capacity: the sweep, then its report into results/unequal_capacity/.
# Usage: sh experiments/unequal_capacity/run.sh [output folder] [ecosim sweep overrides]
set -eu
out="${1:-results/unequal_capacity}"
[ $# -gt 0 ] && shift
sweep=$(ecosim sweep unequal_capacity "$@")
ecosim report "$sweep" --baseline policy=isolated --out "$out"
