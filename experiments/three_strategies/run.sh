#!/bin/sh
# The three strategies: strategy 1 (value local strengths) now; the diaspora and
# narrative experiments are added with their mechanisms (see README.md).
# Usage: sh experiments/three_strategies/run.sh [output folder] [ecosim sweep overrides]
set -eu
out="${1:-results/three_strategies}"
[ $# -gt 0 ] && shift
sweep=$(ecosim sweep policy_comparison "$@")
ecosim report "$sweep" --baseline policy=random --out "$out/local_strengths"
