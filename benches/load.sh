#!/usr/bin/env bash
# End-to-end load over loopback: requests/s and p99 latency of the benchmark route served
# un-annotated, with #[cors] and with actix-cors, for an actual GET from the allowed origin and
# for a preflight (on the un-annotated app the preflight is answered 404).
#
# usage: benches/load.sh [SECONDS [ROUNDS]]     (defaults: 10 3)
#
# Each (round, arm, case) is one `wrk -t1 -c16 -d SECONDS --latency` run against `load_server`
# (one worker) on 127.0.0.1; the table shows medians over ROUNDS. Arms alternate within each
# round so that drift on a shared machine hits them alike. Total time is about
# ROUNDS x 3 arms x 2 cases x SECONDS. Writes the table to stdout and target/load/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-10}
ROUNDS=${2:-3}
OUT=target/load
BIN=target/release/load_server
PORT=18431
ARMS=(baseline attribute actix-cors)
CASES=(get-allowed preflight-allowed)

if ! command -v wrk >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
cargo build --release -p cors-benches --bin load_server >&2
mkdir -p "$OUT"

cat >"$OUT/get-allowed.lua" <<'LUA'
wrk.method = "GET"
wrk.headers["Origin"] = "https://app.example.com"
LUA
cat >"$OUT/preflight-allowed.lua" <<'LUA'
wrk.method = "OPTIONS"
wrk.headers["Origin"] = "https://app.example.com"
wrk.headers["Access-Control-Request-Method"] = "GET"
wrk.headers["Access-Control-Request-Headers"] = "x-api-key"
LUA

SERVER=
stop_server() {
    if [[ -n $SERVER ]]; then
        kill "$SERVER" 2>/dev/null || true
        wait "$SERVER" 2>/dev/null || true
        SERVER=
    fi
}
trap stop_server EXIT

start_server() {
    "$BIN" "$1" "$PORT" &
    SERVER=$!
    for _ in $(seq 100); do
        if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
            return
        fi
        sleep 0.1
    done
    echo "load_server $1 did not start listening on 127.0.0.1:$PORT" >&2
    exit 1
}

# wrk prints latencies as 812.00us, 1.20ms or 1.01s: convert to milliseconds.
to_ms() {
    awk -v v="$1" 'BEGIN {
        if (v ~ /us$/) { sub(/us$/, "", v); printf "%.3f", v / 1000 }
        else if (v ~ /ms$/) { sub(/ms$/, "", v); printf "%.3f", v }
        else if (v ~ /s$/) { sub(/s$/, "", v); printf "%.3f", v * 1000 }
        else { print "nan" } }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

declare -A RPS P99
for round in $(seq "$ROUNDS"); do
    for arm in "${ARMS[@]}"; do
        start_server "$arm"
        for case in "${CASES[@]}"; do
            echo "round $round: $arm $case" >&2
            log="$OUT/$arm.$case.$round.txt"
            wrk -t1 -c16 -d"${SECONDS_PER_RUN}s" --latency -s "$OUT/$case.lua" \
                "http://127.0.0.1:$PORT/items" >"$log"
            if grep -q "Non-2xx or 3xx responses" "$log" && [[ ! ($arm == baseline && $case == preflight-allowed) ]]; then
                echo "$arm $case: unexpected error responses, see $log" >&2
                exit 1
            fi
            RPS[$arm,$case]+="$(awk '/^Requests\/sec:/ { print $2 }' "$log") "
            P99[$arm,$case]+="$(to_ms "$(awk '$1 == "99%" { print $2 }' "$log")") "
        done
        stop_server
    done
done

{
    echo "Loopback load, wrk -t1 -c16, ${SECONDS_PER_RUN} s per run, server with 1 worker: median of $ROUNDS runs"
    echo
    echo "| case | arm | requests/s | vs baseline | p99 latency (ms) |"
    echo "|---|---|---:|---:|---:|"
    for case in "${CASES[@]}"; do
        base=$(tr ' ' '\n' <<<"${RPS[baseline,$case]}" | grep . | median)
        for arm in "${ARMS[@]}"; do
            rps=$(tr ' ' '\n' <<<"${RPS[$arm,$case]}" | grep . | median)
            p99=$(tr ' ' '\n' <<<"${P99[$arm,$case]}" | grep . | median)
            rel=$(awk -v a="$rps" -v b="$base" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }')
            printf '| %s | %s | %.0f | %s | %s |\n' "$case" "$arm" "$rps" "$rel" "$p99"
        done
    done
    echo
    echo "(On the baseline the preflight is answered 404 by the un-annotated app.)"
} | tee "$OUT/results.md"
