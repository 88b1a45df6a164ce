#!/usr/bin/env bash
# Makes sure Debian's redis-server is on the PATH for the call-safety tests, which run a real Redis
# (test/support/redis-global-setup.ts starts one on a free loopback port for the suite).
# Runs before `npm test` (the "pretest" script), so a fresh clone or CI machine needs nothing by hand.
# Only the binary is used: the tests start their own server and never touch the package's service.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-redis: redis-server is missing and apt-get is not available: install Debian's redis-server package" >&2
  exit 1
fi

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  # -n: fail rather than hang on a password prompt in CI.
  as_root=(sudo -n)
else
  echo "ensure-redis: redis-server is missing, and installing it needs root or sudo" >&2
  exit 1
fi

echo "ensure-redis: installing Debian's redis-server (apt-get) for the call-safety tests" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -q
"${as_root[@]}" apt-get install -y -q --no-install-recommends redis-server

if ! command -v redis-server >/dev/null 2>&1; then
  echo "ensure-redis: apt-get finished but redis-server is still not on the PATH" >&2
  exit 1
fi
redis-server --version >&2
