#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser test (test/e2e/graphiql-browser.test.ts).
# Runs before `npm test` (the "pretest" script), so a fresh clone or CI machine needs nothing by hand.
# Only Debian's package: a browser build downloaded by a test tool (`npx playwright install`) is never used.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and apt-get is not available: install Debian's chromium package" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  # -n: fail rather than hang on a password prompt in CI.
  as_root=(sudo -n)
else
  echo "ensure-chromium: $CHROMIUM is missing, and installing it needs root or sudo" >&2
  exit 1
fi

echo "ensure-chromium: installing Debian's chromium (apt-get) for the GraphiQL browser test" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends chromium

if ! [ -x "$CHROMIUM" ]; then
  echo "ensure-chromium: apt-get finished but $CHROMIUM is still missing" >&2
  exit 1
fi
"$CHROMIUM" --version >&2
