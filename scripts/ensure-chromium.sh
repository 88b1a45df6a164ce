#!/usr/bin/env bash
# Makes sure Debian's Chromium is at /usr/bin/chromium for the browser test (test/e2e/graphiql-browser.test.ts).
# Only Debian's package: a browser build downloaded by a test tool (`npx playwright install`) is never used.
set -euo pipefail
exec bash "$(dirname "$0")/ensure-debian-package.sh" chromium /usr/bin/chromium "the GraphiQL browser test"
