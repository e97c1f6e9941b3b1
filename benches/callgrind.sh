#!/usr/bin/env bash
# Instructions per request (callgrind Ir), the primary figure: wall-clock time on a shared
# 2-core machine is too noisy to resolve a few percent.
#
# usage: [CASES="..."] [CODEGEN_UNITS=1] benches/callgrind.sh [N1 N2 [REPEAT]]     (defaults: 1000 3000 3)
#
# For every case and arm, runs `callgrind_case ARM CASE N` under callgrind for N1 and N2 with
# collection switched on only inside `cors_benches::call_one` (serving one request and dropping
# the response), and reports (Ir(N2) - Ir(N1)) / (N2 - N1): start-up, app construction and the
# warm-up cancel out. Each pair is run REPEAT times and the median taken, because hash seeds
# differ per process (actix-cors keeps its origins in a HashSet). The same is done with
# collection on `cors_benches::Case::request` to show what building each request costs; the
# "incl. construction" ratios add it to both sides, which is how the targets were first stated
# (an un-annotated GET at about 7,700 instructions).
#
# Writes the tables to stdout and to target/callgrind/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

N1=${1:-1000}
N2=${2:-3000}
REPEAT=${3:-3}
# CODEGEN_UNITS=1 builds the harness with one codegen unit, in a target directory of its own.
# The default release profile (16 units) moves tens of instructions with every change, also in
# arms whose code did not change (BENCHMARKS.md); one unit keeps them where they were, which is
# what comparing two versions of the middleware needs. The headline figures use the default.
if [[ -n ${CODEGEN_UNITS:-} ]]; then
    export CARGO_PROFILE_RELEASE_CODEGEN_UNITS=$CODEGEN_UNITS
    export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}/codegen-units-$CODEGEN_UNITS
fi
OUT=${CARGO_TARGET_DIR:-target}/callgrind
BIN=${CARGO_TARGET_DIR:-target}/release/callgrind_case
ARMS=(baseline attribute actix-cors floor)
# The one-route app's cases, then the REST shapes' (benches/src/shapes.rs): `2m` is GET + POST on
# one path, `4m` GET/PUT/PATCH/DELETE on one path, `50p` 50 paths; each request is for the last
# registered handler. CASES=... on the command line measures a subset.
ALL_CASES=(get-allowed get-disallowed get-no-origin preflight-allowed preflight-rejected get-50-origins get-subdomain
    2m-post-allowed 2m-post-disallowed 2m-preflight-post 2m-preflight-rejected
    4m-delete-allowed 4m-delete-disallowed 4m-preflight-delete 4m-preflight-rejected
    50p-get-allowed 50p-get-disallowed 50p-preflight 50p-preflight-rejected)
read -r -a CASES <<< "${CASES:-${ALL_CASES[*]}}"

command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install -y valgrind)" >&2; exit 1; }
cargo build --release -p cors-benches --bin callgrind_case >&2
mkdir -p "$OUT"

# Total Ir collected by one run: ARM CASE N FUNCTION.
ir() {
    local file="$OUT/$1.$2.$3.out"
    valgrind --tool=callgrind --callgrind-out-file="$file" --toggle-collect="$4" \
        "$BIN" "$1" "$2" "$3" >/dev/null 2>"$OUT/valgrind.log" \
        || { cat "$OUT/valgrind.log" >&2; exit 1; }
    awk '/^summary:/ { print $2 }' "$file"
}

# Median over REPEAT runs of the per-request Ir: ARM CASE FUNCTION.
per_request() {
    local values=()
    for _ in $(seq "$REPEAT"); do
        local low high
        low=$(ir "$1" "$2" "$N1" "$3")
        high=$(ir "$1" "$2" "$N2" "$3")
        values+=("$(( (high - low) / (N2 - N1) ))")
    done
    printf '%s\n' "${values[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

declare -A IR
for case in "${CASES[@]}"; do
    echo "measuring $case" >&2
    IR[construction,$case]=$(per_request baseline "$case" 'cors_benches::Case::request')
    for arm in "${ARMS[@]}"; do
        IR[$arm,$case]=$(per_request "$arm" "$case" 'cors_benches::call_one*')
    done
done

pct() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.1f%%", (a / b - 1) * 100 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "MISSED") }'; }

has() { [[ " ${CASES[*]} " == *" $1 "* ]]; }

{
    echo "Instructions (Ir) per request: median of $REPEAT, (Ir(N=$N2) - Ir(N=$N1)) / $((N2 - N1))," \
        "at $(git describe --always --dirty 2>/dev/null || echo 'an unknown commit')"
    echo
    echo "| case | request construction | baseline | #[cors] | actix-cors | floor | #[cors] − baseline | actix-cors − baseline | floor − baseline | #[cors] / floor (added) | #[cors] / actix-cors (added) |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for case in "${CASES[@]}"; do
        b=${IR[baseline,$case]} a=${IR[attribute,$case]} x=${IR[actix-cors,$case]} f=${IR[floor,$case]}
        printf '| %s | %d | %d | %d | %d | %d | %+d | %+d | %+d | %s | %s |\n' "$case" "${IR[construction,$case]}" \
            "$b" "$a" "$x" "$f" "$((a - b))" "$((x - b))" "$((f - b))" \
            "$(ratio $((a - b)) $((f - b)))" "$(ratio $((a - b)) $((x - b)))"
    done
    echo
    echo "Targets (instructions added over the baseline)"
    echo
    for case in get-allowed 2m-post-allowed 4m-delete-allowed 50p-get-allowed; do
        has "$case" || continue
        a=$((IR[attribute,$case] - IR[baseline,$case])) f=$((IR[floor,$case] - IR[baseline,$case]))
        echo "- $case: #[cors] at most 1.2x the floor: $a vs $f = $(ratio "$a" "$f")x ($(verdict "$((a * 10 <= f * 12))"))"
    done
    for case in preflight-allowed 2m-preflight-post 4m-preflight-delete 50p-preflight; do
        has "$case" || continue
        a=$((IR[attribute,$case] - IR[baseline,$case])) x=$((IR[actix-cors,$case] - IR[baseline,$case]))
        echo "- $case: #[cors] at most 0.5x actix-cors: $a vs $x = $(ratio "$a" "$x") ($(verdict "$((a * 2 <= x))"))"
    done
    for case in get-disallowed preflight-rejected 2m-post-disallowed 2m-preflight-rejected \
        4m-delete-disallowed 4m-preflight-rejected 50p-get-disallowed 50p-preflight-rejected; do
        has "$case" || continue
        a=$((IR[attribute,$case] - IR[baseline,$case])) x=$((IR[actix-cors,$case] - IR[baseline,$case]))
        echo "- $case: #[cors] at most actix-cors: $a vs $x = $(ratio "$a" "$x") ($(verdict "$((a <= x))"))"
    done
    if has get-allowed && has get-50-origins; then
        one=$((IR[attribute,get-allowed] - IR[baseline,get-allowed]))
        fifty=$((IR[attribute,get-50-origins] - IR[baseline,get-50-origins]))
        echo "- 50 origins at most 2x 1 origin (#[cors], instructions added over baseline):" \
            "$fifty vs $one = $(ratio "$fifty" "$one")x ($(verdict "$((fifty <= 2 * one))"))"
    fi
} | tee "$OUT/results.md"
