#!/bin/sh
# Why interconnect? Both sweeps, then their reports into results/why_interconnect/.
# Usage: sh experiments/why_interconnect/run.sh [output folder] [ecosim sweep overrides]
set -eu
out="${1:-results/why_interconnect}"
[ $# -gt 0 ] && shift
sweep=$(ecosim sweep policy_comparison "$@")
ecosim report "$sweep" --baseline policy=isolated --out "$out/policies"
sweep=$(ecosim sweep connectivity_sweep "$@")
ecosim report "$sweep" --baseline policy.link_budget=0 --out "$out/connectivity"
