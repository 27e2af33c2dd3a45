#!/bin/sh
# Who wins, who pays: the policy sweep and its report, then scenario discovery over the
# levers a small territory has (three outcomes on the same runs), into results/periphery/.
# Usage: sh experiments/periphery/run.sh [output folder] [samples] [seeds per sample]
#        [overrides of both the sweep and the design, e.g. world=france_regions]
set -eu
out="${1:-results/periphery}"
samples="${2:-40}"
seeds="${3:-2}"
for _ in 1 2 3; do [ $# -gt 0 ] && shift; done
sweep=$(ecosim sweep periphery "$@")
design="$out/discovery"
# a rerun replaces the discoveries and reuses the design's finished runs (resume)
rm -rf "$design/discovery.json" "$out/discovery-share_gaining" "$out/discovery-worst_off_gain"
ecosim discover --outcome 'periphery_gain>0' \
    --params policy.link_cost=0:0.6,policy.link_budget=0:8,diaspora.programmes=0:1,narrative.campaign_start=0:8,protection.level=0:1 \
    --samples "$samples" --seeds "$seeds" narrative.stereotype=0.5 "$@" --out "$design"
# the same runs, two more outcomes (no new run: discover reads the design's data.csv)
ecosim discover "$design" --outcome 'share_gaining>=0.5' --out "$out/discovery-share_gaining"
ecosim discover "$design" --outcome 'worst_off_gain>-50' --out "$out/discovery-worst_off_gain"
add="--add $design --add $out/discovery-share_gaining --add $out/discovery-worst_off_gain"
# shellcheck disable=SC2086
ecosim report "$sweep" --baseline policy=isolated $add --out "$out"
# shellcheck disable=SC2086
ecosim report "$sweep" --baseline policy=isolated $add --out "$out/fr" lang=fr
