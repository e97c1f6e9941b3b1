#!/usr/bin/env bash
# The axum arms side by side, in one run: instructions per request (callgrind Ir, as
# benches/callgrind.sh measures the actix arms) and heap allocations per request (the counting
# allocator of `alloc_count`), each as added over plain axum.
#
# usage: benches/axum.sh [N1 N2 [REPEAT]]     (defaults: 1000 3000 3)
#
# For every case and arm, runs `callgrind_axum ARM CASE N` under callgrind for N1 and N2 with
# collection switched on only inside `cors_benches::axum_arms::call_one` (the router's
# `poll_ready` and `call`, one poll of the response future, dropping the response), and reports
# (Ir(N2) - Ir(N1)) / (N2 - N1), the median of REPEAT pairs: start-up, router construction and
# the warm-up cancel out. The "request construction" column is the same with collection on
# `cors_benches::axum_arms::request` (building the `http::Request`, outside every arm's count).
# Then `alloc_axum --tsv` counts allocations per request (mean of 1000 after 200 warm-up).
#
# Writes the tables to stdout and to target/callgrind-axum/results.md.
set -euo pipefail
cd "$(dirname "$0")/.."

N1=${1:-1000}
N2=${2:-3000}
REPEAT=${3:-3}
OUT=${CARGO_TARGET_DIR:-target}/callgrind-axum
BIN=${CARGO_TARGET_DIR:-target}/release/callgrind_axum
ALLOC=${CARGO_TARGET_DIR:-target}/release/alloc_axum
ARMS=(axum policy from-spec tower-http tower-http-exact floor)
TITLES=("plain axum" "policy!" "from_spec" "tower-http" "tower-http exact" "floor")
CASES=(get-allowed get-disallowed get-no-origin preflight-allowed preflight-rejected get-50-origins get-subdomain)

command -v valgrind >/dev/null || { echo "valgrind is not installed (apt-get install -y valgrind)" >&2; exit 1; }
cargo build --release -p cors-benches --bin callgrind_axum --bin alloc_axum >&2
mkdir -p "$OUT"

# Whether ARM serves CASE: tower-http-exact has one origin (AxumArm::serves).
serves() { [[ $1 != tower-http-exact || ( $2 != get-50-origins && $2 != get-subdomain ) ]]; }

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

declare -A IR ALLOCS BYTES
for case in "${CASES[@]}"; do
    echo "measuring $case" >&2
    IR[construction,$case]=$(per_request axum "$case" 'cors_benches::axum_arms::request*')
    for arm in "${ARMS[@]}"; do
        serves "$arm" "$case" || continue
        IR[$arm,$case]=$(per_request "$arm" "$case" 'cors_benches::axum_arms::call_one*')
    done
done
echo "counting allocations" >&2
while IFS=$'\t' read -r case arm allocations bytes; do
    ALLOCS[$arm,$case]=$allocations
    BYTES[$arm,$case]=$bytes
done < <("$ALLOC" --tsv)

# A cell of ARM CASE from table TABLE (IR, ALLOCS or BYTES), or n/a.
cell() { local -n table=$1; echo "${table[$2,$3]:-n/a}"; }
# ARM CASE's TABLE figure minus plain axum's, signed, or n/a.
added() {
    local -n table=$1
    [[ -n ${table[$2,$3]:-} ]] || { echo n/a; return; }
    awk -v a="${table[$2,$3]}" -v b="${table[axum,$3]}" 'BEGIN { printf "%+g", a - b }'
}
verdict() { awk -v ok="$1" 'BEGIN { print (ok ? "met" : "MISSED") }'; }

{
    echo "Instructions (Ir) per request: median of $REPEAT, (Ir(N=$N2) - Ir(N=$N1)) / $((N2 - N1));" \
        "allocations: mean of 1000 after 200 warm-up; at $(git describe --always --dirty 2>/dev/null || echo 'an unknown commit')"
    echo
    header="| case | request construction |"
    for title in "${TITLES[@]}"; do header+=" $title |"; done
    echo "$header"
    echo "|---|---:|$(printf -- '---:|%.0s' "${ARMS[@]}")"
    for case in "${CASES[@]}"; do
        row="| $case | ${IR[construction,$case]} |"
        for arm in "${ARMS[@]}"; do row+=" $(cell IR "$arm" "$case") Ir, $(cell ALLOCS "$arm" "$case") allocs |"; done
        echo "$row"
    done
    echo
    echo "Added over plain axum: instructions / allocations / bytes allocated"
    echo
    header="| case |"
    for title in "${TITLES[@]:1}"; do header+=" $title |"; done
    echo "$header"
    echo "|---|$(printf -- '---:|%.0s' "${ARMS[@]:1}")"
    for case in "${CASES[@]}"; do
        row="| $case |"
        for arm in "${ARMS[@]:1}"; do
            row+=" $(added IR "$arm" "$case") / $(added ALLOCS "$arm" "$case") / $(added BYTES "$arm" "$case") |"
        done
        echo "$row"
    done
    echo
    echo "Targets"
    echo
    for case in "${CASES[@]}"; do
        t=$((IR[tower-http,$case] - IR[axum,$case]))
        exact=""
        if [[ -n ${IR[tower-http-exact,$case]:-} ]]; then
            exact="; tower-http exact adds $((IR[tower-http-exact,$case] - IR[axum,$case]))"
        fi
        for arm in policy from-spec; do
            a=$((IR[$arm,$case] - IR[axum,$case]))
            echo "- $case: $arm adds $a Ir, below tower-http's $t: $(verdict "$((a < t))")" \
                "($(awk -v a="$a" -v t="$t" 'BEGIN { printf "%.2f", a / t }') of it$exact)"
        done
    done
    for arm in policy from-spec; do
        a=$(added ALLOCS "$arm" get-allowed)
        echo "- get-allowed: $arm adds $a allocations over plain axum, target 0:" \
            "$(verdict "$(awk -v a="$a" 'BEGIN { print (a + 0 <= 0) }')");" \
            "over the floor (whose layer alone adds $(added ALLOCS floor get-allowed)):" \
            "$(awk -v a="${ALLOCS[$arm,get-allowed]}" -v f="${ALLOCS[floor,get-allowed]}" 'BEGIN { printf "%+g", a - f }')"
    done
} | tee "$OUT/results.md"
