#!/bin/sh
# Who wins, who pays on real regions (issue 24, item 5): the periphery sweep (isolated,
# preferential, complementarity; small territories under-rated) on France's 13 regions
# and the UK's 12, SEEDS seeds each, and its report against isolated in English and
# French. Usage: sh experiments/periphery_regions/run.sh [output folder] [seeds] [overrides]
# (overrides, e.g. policy.link_cost=0.1, go to both sweeps)
set -eu
out="${1:-experiments/periphery_regions/results}"
seeds="${2:-40}"
for _ in 1 2; do [ $# -gt 0 ] && shift; done
for country in france uk; do
    sweep=$(ecosim sweep periphery "world=${country}_regions" "seed=range(0,$seeds)" "$@" | tail -n 1)
    ecosim report "$sweep" --baseline policy=isolated --out "$out/$country"
    ecosim report "$sweep" --baseline policy=isolated --out "$out/$country/fr" lang=fr
done
