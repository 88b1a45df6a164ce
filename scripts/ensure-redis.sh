#!/usr/bin/env bash
# Makes sure Debian's redis-server is on the PATH for the call-safety tests, which run a real Redis
# (test/support/redis-global-setup.ts starts one on a free loopback port for the suite).
# Only the binary is used: the tests start their own server and never touch the package's service.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" redis-server redis-server "the call-safety tests"
