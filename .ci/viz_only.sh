#!/usr/bin/env bash
# The path a teacher takes: a fresh environment with only the app's extra (the README's
# `pip install -e '.[viz]'`, as `make viz` does; not the dev extra), the front-end
# assets fetched with npm, `ecosim viz` started, and the page loaded in headless Debian
# chromium, which must show the app and step it (.ci/page_check.py). Fails loudly.
# Needs chromium and npm (.ci/run installs them); pip's and npm's caches are reused.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3}"
VENV="${VIZ_ONLY_VENV:-.venv-vizonly}"
start=$SECONDS

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -e '.[viz]'
"$VENV/bin/ecosim" assets
echo "== viz-only environment ready in $((SECONDS - start)) s =="

port=$("$VENV/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$VENV/bin/ecosim" viz --port "$port" >"$log" 2>&1 &
server=$!
stop() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap stop EXIT

url="http://127.0.0.1:$port/"
for _ in $(seq 180); do
  if "$VENV/bin/python" -c "import urllib.request as u, sys; sys.exit(u.urlopen('$url', timeout=5).status != 200)" 2>/dev/null; then
    break
  fi
  if ! kill -0 "$server" 2>/dev/null; then
    echo "ecosim viz stopped before serving:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 1
done
if ! "$VENV/bin/python" .ci/page_check.py "$url"; then
  echo "--- ecosim viz log ---" >&2
  cat "$log" >&2
  exit 1
fi
echo "== viz-only check passed in $((SECONDS - start)) s =="
