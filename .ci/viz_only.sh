#!/usr/bin/env bash
# The path a teacher takes: `make viz` in this fresh clone, in an environment of its own
# (the model and the app's extra only - `pip install -e '.[viz]'`, not the dev extra -,
# and the front-end assets fetched with npm), then the page loaded in headless Debian
# chromium, which must show the app and step it (.ci/page_check.py). Fails loudly.
# Needs chromium and npm (.ci/run installs them); pip's and npm's caches are reused.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV="${VIZ_ONLY_VENV:-.venv-vizonly}"
start=$SECONDS
rm -rf "$VENV"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
url="http://127.0.0.1:$port/"
log=$(mktemp)

# make and the server it becomes get a process group of their own, stopped at the end
setsid make viz VENV="$VENV" VIZ_ARGS="--port $port" >"$log" 2>&1 &
server=$!
stop() {
  kill -- "-$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap stop EXIT

for _ in $(seq 900); do  # install, assets and start: up to 15 minutes
  if python3 -c "import urllib.request as u, sys; sys.exit(u.urlopen('$url', timeout=5).status != 200)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "make viz stopped before serving the app:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 1
done
echo "== make viz served the app in $((SECONDS - start)) s =="
if "$VENV/bin/python" -m pip show pytest >/dev/null 2>&1; then
  echo "the viz-only environment has pytest: make viz installed more than the app's extra" >&2
  exit 1
fi
if ! "$VENV/bin/python" .ci/page_check.py "$url"; then
  echo "--- make viz log ---" >&2
  cat "$log" >&2
  exit 1
fi
echo "== viz-only check passed in $((SECONDS - start)) s =="
