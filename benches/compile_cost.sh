#!/usr/bin/env bash
# Compile-time cost of #[cors]: the same 200 handlers with and without the attribute.
#
# usage: benches/compile_cost.sh [HANDLERS [REPEAT]]     (defaults: 200 5)
#
# Generates a throwaway workspace under target/compile-cost/ (never committed) with two library
# crates, `annotated` and `plain`, identical except for the #[cors(..)] line on every handler,
# plus `pub fn routes(&mut ServiceConfig)` registering them all (so every handler's generated
# code is monomorphized and code-generated, as in an application). It has its own target
# directory so timings never wait on the main workspace's build lock.
#
# Dependencies (actix-web, cors-actix, the proc macros, ...) are built once first and not
# timed: what is measured is macro expansion plus compiling the generated code, i.e. the
# crate itself, in the default dev profile:
#   cold         the crate's own artifacts and incremental cache removed, then `cargo build`;
#   incremental  right after, one handler's body edited, then `cargo build`.
# Each measurement is repeated REPEAT times, the two crates alternating, and the medians of
# wall time and CPU time (user + sys) are reported with the ratio annotated / plain.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

HANDLERS=${1:-200}
REPEAT=${2:-5}
# CORS_ACTIX_FEATURES="env" (for example) builds cors-actix without its default features and
# with these instead, to measure what one feature adds (the audit's registry, say).
if [[ -n ${CORS_ACTIX_FEATURES+set} ]]; then
    FEATURE_LIST=$(printf '"%s", ' $CORS_ACTIX_FEATURES)
    CORS_ACTIX_DEP="{ path = \"$ROOT/cors-actix\", default-features = false, features = [${FEATURE_LIST%, }] }"
else
    CORS_ACTIX_DEP="{ path = \"$ROOT/cors-actix\" }"
fi
WORK=target/compile-cost
TARGET=$WORK/target
mkdir -p "$WORK"

# One crate: NAME, then "cors" to put the attribute on every handler (empty for none).
generate() {
    local name=$1 annotate=$2 dir="$WORK/$1"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
actix-web = { version = "4.12", default-features = false, features = ["macros"] }
cors-actix = $CORS_ACTIX_DEP
TOML
    {
        echo "//! $HANDLERS generated handlers."
        echo "#![allow(missing_docs)]"
        echo "use actix_web::{HttpResponse, get, route, web};"
        [[ -n $annotate ]] && echo "use cors_actix::cors;"
        for i in $(seq 0 $((HANDLERS - 1))); do
            echo
            # Half the handlers use #[get], half #[route] with two methods, as real apps mix
            # them; #[cors] may only list methods its route serves.
            if (( i % 2 == 0 )); then
                methods='"GET"' route="#[get(\"/items/$i/{id}\")]"
            else
                methods='"GET", "PUT"'
                route="#[route(\"/items/$i/{id}\", method = \"GET\", method = \"PUT\")]"
            fi
            if [[ -n $annotate ]]; then
                echo "#[cors(origins = [\"https://app.example.com\"], credentials, methods = [$methods], headers = [\"x-api-key\"], max_age = 60)]"
            fi
            echo "$route"
            echo "async fn handler_$i(id: web::Path<u32>) -> HttpResponse {"
            echo "    HttpResponse::Ok().body(format!(\"handler $i: {}\", id.into_inner()))"
            echo "}"
        done
        echo
        echo "pub fn routes(config: &mut web::ServiceConfig) {"
        for i in $(seq 0 $((HANDLERS - 1))); do
            echo "    config.service(handler_$i);"
        done
        echo "}"
    } >"$dir/src/lib.rs"
}

cat >"$WORK/Cargo.toml" <<'TOML'
[workspace]
resolver = "3"
members = ["annotated", "plain"]
TOML
# Same dependency versions as the main workspace.
cp Cargo.lock "$WORK/Cargo.lock"
generate plain ""
generate annotated cors

cargo_build() {
    cargo build --offline --quiet --manifest-path "$WORK/Cargo.toml" --target-dir "$TARGET" "$@"
}

echo "building dependencies (not timed)" >&2
cargo_build -p plain -p annotated

# Prints "wall cpu" in seconds for one build of crate $1.
timed_build() {
    local file
    file=$(mktemp)
    /usr/bin/time -f "%e %U %S" -o "$file" \
        cargo build --offline --quiet --manifest-path "$WORK/Cargo.toml" --target-dir "$TARGET" -p "$1"
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$file"
    rm -f "$file"
}

forget_crate() {
    rm -rf "$TARGET"/debug/incremental/"$1"-* "$TARGET"/debug/.fingerprint/"$1"-* \
        "$TARGET"/debug/deps/lib"$1"-* "$TARGET"/debug/deps/"$1"-*
}

declare -A WALL CPU
for round in $(seq "$REPEAT"); do
    if (( round % 2 )); then order=(plain annotated); else order=(annotated plain); fi
    for crate in "${order[@]}"; do
        echo "round $round: $crate" >&2
        forget_crate "$crate"
        read -r wall cpu < <(timed_build "$crate")
        WALL[$crate,cold]+="$wall " CPU[$crate,cold]+="$cpu "
        sed -i "s/\"handler 0[^:]*:/\"handler 0 (edit $round):/" "$WORK/$crate/src/lib.rs"
        read -r wall cpu < <(timed_build "$crate")
        WALL[$crate,incremental]+="$wall " CPU[$crate,incremental]+="$cpu "
    done
done

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

{
    echo "Build time of $HANDLERS handlers, dev profile, dependencies prebuilt: median of $REPEAT (seconds)"
    echo
    echo "| build | plain wall | #[cors] wall | wall ratio | plain CPU | #[cors] CPU | CPU ratio (target ≤ 1.15x) |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for mode in cold incremental; do
        pw=$(median <<<"${WALL[plain,$mode]}") aw=$(median <<<"${WALL[annotated,$mode]}")
        pc=$(median <<<"${CPU[plain,$mode]}") ac=$(median <<<"${CPU[annotated,$mode]}")
        awk -v m="$mode" -v pw="$pw" -v aw="$aw" -v pc="$pc" -v ac="$ac" 'BEGIN {
            printf "| %s | %.2f | %.2f | %.2fx | %.2f | %.2f | %.2fx |\n", m, pw, aw, aw / pw, pc, ac, ac / pc }'
    done
    echo
    echo "All runs (wall s): plain cold ${WALL[plain,cold]}; #[cors] cold ${WALL[annotated,cold]};" \
        "plain incremental ${WALL[plain,incremental]}; #[cors] incremental ${WALL[annotated,incremental]}"
    echo
    echo "All runs (CPU s): plain cold ${CPU[plain,cold]}; #[cors] cold ${CPU[annotated,cold]};" \
        "plain incremental ${CPU[plain,incremental]}; #[cors] incremental ${CPU[annotated,incremental]}"
    echo
    echo "Load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$WORK/results.md"
