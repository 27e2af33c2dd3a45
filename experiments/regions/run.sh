#!/bin/sh
# The geography fitted on France's regional venture-capital shares, its predictions for
# the United Kingdom, Germany and Italy, and the held-out check (issue 24; docs/VALIDATION.md
# section 7 quotes the tables). About 10 minutes on 2 cores.
# Usage: sh experiments/regions/run.sh [output folder]
set -eu
here=$(dirname "$0")
out="${1:-results/regions}"
python "$here/fit.py" fit --out "$out"
python "$here/fit.py" predict --out "$out"
python "$here/check.py" --out "$out"
