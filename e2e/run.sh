#!/usr/bin/env bash
# Runs the real-browser end-to-end suite in every engine against both builds of the demo API:
# installs the npm dependencies if needed, builds the demo binaries (`demo`: actix-web and
# #[cors]; `demo-axum`: axum and cors-tower), then runs tests/demo.test.mjs with node's built-in
# runner once per API and engine (each run starts and stops its own demo and browser). WebKit
# runs under xvfb-run. Prints one summary line per API and engine and fails, never skips, when
# any engine is missing or fails: run e2e/install.sh first.
#
# Environment: E2E_APIS (default "actix axum"), E2E_ENGINES (default "chromium firefox webkit"),
# CHROMIUM_PATH, FIREFOX_PATH,
# MINIBROWSER_PATH, WEBKIT_DRIVER_PATH, CARGO_TARGET_DIR, E2E_ARTIFACTS (where the screenshots
# go, default e2e/artifacts).
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/puppeteer-core ]; then
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund
fi

(cd .. && cargo build -p examples --bin demo --bin demo-axum)

apis="${E2E_APIS:-actix axum}"
engines="${E2E_ENGINES:-chromium firefox webkit}"
logs="$(mktemp -d)"
trap 'rm -rf "$logs"' EXIT
summary=()
total_pass=0
total_fail=0
status=0

for api in $apis; do
    for engine in $engines; do
        echo "== e2e: $api API, $engine"
        runner=(node --test --test-reporter=spec --test-concurrency=1 tests/demo.test.mjs)
        if [ "$engine" = webkit ]; then
            if ! command -v xvfb-run >/dev/null; then
                echo "xvfb-run not found: WebKit needs Xvfb; install it with: bash e2e/install.sh" >&2
                runner=(false)
            else
                # A screen tall enough for the full-page screenshot (the window grows to the page).
                runner=(xvfb-run -a -s "-screen 0 1600x6200x24" "${runner[@]}")
            fi
        fi
        log="$logs/$api-$engine.log"
        start=$(date +%s)
        set +e
        E2E_API="$api" E2E_ENGINE="$engine" "${runner[@]}" 2>&1 | tee "$log"
        code=${PIPESTATUS[0]}
        set -e
        seconds=$(( $(date +%s) - start ))
        pass=$(sed -n 's/^ℹ pass \([0-9]*\)$/\1/p' "$log" | tail -n 1)
        fail=$(sed -n 's/^ℹ fail \([0-9]*\)$/\1/p' "$log" | tail -n 1)
        label=$(sed -n 's/^# engine: //p' "$log" | tail -n 1)
        pass=${pass:-0}
        fail=${fail:-0}
        if [ "$code" -ne 0 ] && [ "$fail" -eq 0 ]; then
            fail=1 # the runner itself failed (e.g. no Xvfb): count it, never report a clean run
        fi
        if [ "$code" -ne 0 ] || [ "$pass" -eq 0 ]; then
            status=1
        fi
        total_pass=$((total_pass + pass))
        total_fail=$((total_fail + fail))
        summary+=("$(printf '%-6s %-8s %-28s %3d passed, %d failed, %3d s' "$api" "$engine" "${label:-(not launched)}" "$pass" "$fail" "$seconds")")
    done
done

echo
echo "== e2e summary (API, engine)"
for line in "${summary[@]}"; do
    echo "$line"
done
echo "e2e: $total_pass passed, $total_fail failed"
exit "$status"
