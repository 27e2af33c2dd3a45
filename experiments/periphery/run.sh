#!/bin/sh
# Who wins, who pays: the policy sweep and its report, then scenario discovery over the
# levers a small territory has, into results/periphery/.
# Usage: sh experiments/periphery/run.sh [output folder] [samples] [seeds per sample]
set -eu
out="${1:-results/periphery}"
samples="${2:-40}"
seeds="${3:-2}"
sweep=$(ecosim sweep periphery)
discovery=$(ecosim discover --outcome 'periphery_gain>0' \
    --params policy.link_cost=0:0.6,policy.link_budget=0:8,diaspora.programmes=0:1,narrative.campaign_start=0:8,protection.level=0:1 \
    --samples "$samples" --seeds "$seeds" narrative.stereotype=0.5 --out "$out/discovery")
ecosim report "$sweep" --baseline policy=isolated --add "$discovery" --out "$out"
ecosim report "$sweep" --baseline policy=isolated --add "$discovery" --out "$out/fr" lang=fr
