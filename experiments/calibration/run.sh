#!/bin/sh
# Calibration and findings over the posterior (docs/VALIDATION.md §5 quotes both):
# 1. `ecosim calibrate` on configs/calibration/default.yaml (population 200, 8 generations,
#    all cores, seed 0) into <output folder>/calibration (the pyABC history stays there);
# 2. every policy of policy_comparison at 20 posterior draws x 5 seeds, and its report;
# 3. the posterior's figures and tables, and the report's findings, copied into
#    docs/figures/calibration/ (what the docs show).
# Usage: sh experiments/calibration/run.sh [output folder] [ecosim calibrate options]
set -eu
out="${1:-results/calibration-study}"
[ $# -gt 0 ] && shift
docs=docs/figures/calibration
mkdir -p "$out" "$docs"
if [ ! -f "$out/calibration/summary.md" ]; then
    ecosim calibrate --out "$out/calibration" --seed 0 "$@"
fi
for f in summary.md identifiability.csv predictive.csv posterior.parquet \
    posterior_marginals.png posterior_pairs.png calibration.yaml; do
    cp "$out/calibration/$f" "$docs/$f"
done
sweep=$(ecosim sweep policy_comparison 'seed=range(0,5)' \
    --posterior "$out/calibration" --draws 20)
ecosim report "$sweep" --out "$out/robustness"
cp "$out/robustness/report.md" "$docs/robustness_report.md"
