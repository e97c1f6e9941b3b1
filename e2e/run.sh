#!/usr/bin/env bash
# Runs the real-browser end-to-end suite: installs the npm dependencies if needed, builds the
# demo, then runs the tests with node's built-in runner (which starts and stops the demo and
# Chromium itself). Fails, never skips, when Chromium is missing: run e2e/install.sh first.
#
# Environment: CHROMIUM_PATH (default /usr/bin/chromium), CARGO_TARGET_DIR, E2E_ARTIFACTS
# (where the screenshot goes, default e2e/artifacts).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules/playwright-core ]; then
    npm ci --no-audit --no-fund
fi

(cd .. && cargo build -p examples --bin demo)

exec node --test --test-reporter=spec --test-concurrency=1 tests/demo.test.mjs
