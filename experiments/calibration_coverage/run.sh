#!/bin/sh
# Coverage study (simulation-based calibration) of `ecosim calibrate`: 20 truths drawn
# from the priors of spec.yaml (the default calibration's eight parameters on a small
# world), each calibrated by ABC-SMC on one core (population 100, at most 3 generations),
# two at a time; then the table, summary and rank histogram are copied into
# docs/figures/calibration/coverage/, which docs/VALIDATION.md §5 quotes.
# Usage: sh experiments/calibration_coverage/run.sh [output folder] [ecosim calibrate options]
set -eu
here=$(dirname "$0")
out="${1:-results/calibration_coverage}"
[ $# -gt 0 ] && shift
docs=docs/figures/calibration/coverage
ecosim calibrate --coverage 20 --config "$here/spec.yaml" --population-size 100 \
    --generations 3 --jobs 2 --seed 0 --out "$out" "$@"
mkdir -p "$docs"
for f in summary.md coverage.csv coverage_summary.csv rank_histogram.png calibration.yaml; do
    cp "$out/$f" "$docs/$f"
done
