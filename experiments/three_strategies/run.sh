#!/bin/sh
# The three strategies: 1. value local strengths (policy_comparison against random),
# 2. mobilize the diaspora (diaspora_incentives), 3. rethink narratives
# (narrative_campaign); reports into results/three_strategies/<strategy>/.
# Usage: sh experiments/three_strategies/run.sh [output folder] [ecosim sweep overrides]
set -eu
here=$(dirname "$0")
out="${1:-results/three_strategies}"
[ $# -gt 0 ] && shift
sweep=$(ecosim sweep policy_comparison "$@")
ecosim report "$sweep" --baseline policy=random --out "$out/local_strengths"

sweep=$(ecosim sweep diaspora_incentives "$@")
ecosim report "$sweep" --baseline diaspora.programmes=0.0 --out "$out/diaspora"
python "$here/../mechanism_table.py" "$sweep" diaspora.programmes=0.0 \
    cum_origin_investment cum_returnees cum_diaspora_links cum_diaspora_investment links \
    --out "$out/diaspora/diaspora.md"

sweep=$(ecosim sweep narrative_campaign "$@")
ecosim report "$sweep" --baseline narrative.campaign_start=0 --out "$out/narrative"
python "$here/../mechanism_table.py" "$sweep" narrative.campaign_start=0 \
    perception_gap periphery_investment_share external_investment \
    --out "$out/narrative/narrative.md"
