#!/bin/sh
# The homogenization risk: the sweep, then its report into results/homogenization/.
# Usage: sh experiments/homogenization/run.sh [output folder] [ecosim sweep overrides]
set -eu
out="${1:-results/homogenization}"
[ $# -gt 0 ] && shift
sweep=$(ecosim sweep homogenization "$@")
ecosim report "$sweep" --baseline policy=complementarity --out "$out"
