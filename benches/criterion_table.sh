#!/usr/bin/env bash
# Prints the medians of the last `cargo bench -p cors-benches --bench requests` run as a
# Markdown table (nanoseconds per request), read from criterion's target/criterion/*/new/
# estimates.json, with each arm's ratio to the baseline; then the axum arms, if they were run.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import json
import os

cases = ["get-allowed", "get-disallowed", "get-no-origin", "preflight-allowed",
         "preflight-rejected", "get-50-origins", "get-subdomain"]
arms = ["baseline", "attribute", "actix-cors"]

# The actix groups (`CASE`), when they were run.
if os.path.isdir(f"target/criterion/{cases[0]}"):
    print("Wall time per request (ns), criterion median")
    print()
    print("| case | baseline | #[cors] | actix-cors | #[cors] / baseline | actix-cors / baseline |")
    print("|---|---:|---:|---:|---:|---:|")
    for case in cases:
        median = {}
        for arm in arms:
            with open(f"target/criterion/{case}/{arm}/new/estimates.json") as f:
                median[arm] = json.load(f)["median"]["point_estimate"]
        base = median["baseline"]
        print(f"| {case} | {base:.0f} | {median['attribute']:.0f} | {median['actix-cors']:.0f} "
              f"| {median['attribute'] / base:.2f}x | {median['actix-cors'] / base:.2f}x |")
    print()

# The axum groups (`axum/CASE`, stored as `axum_CASE`), when they were run.
axum_arms = ["axum", "policy", "from-spec", "tower-http", "tower-http-exact", "floor"]
titles = ["plain axum", "policy!", "from_spec", "tower-http", "tower-http exact", "floor"]
if os.path.isdir(f"target/criterion/axum_{cases[0]}"):
    print("axum: wall time per request (ns), criterion median; added over plain axum in brackets")
    print()
    print("| case | " + " | ".join(titles) + " |")
    print("|---|" + "---:|" * len(titles))
    for case in cases:
        median = {}
        for arm in axum_arms:
            path = f"target/criterion/axum_{case}/{arm}/new/estimates.json"
            if os.path.exists(path):
                with open(path) as f:
                    median[arm] = json.load(f)["median"]["point_estimate"]
        base = median["axum"]
        cells = [f"{base:.0f}"] + [
            f"{median[arm]:.0f} ({median[arm] - base:+.0f})" if arm in median else "n/a"
            for arm in axum_arms[1:]
        ]
        print(f"| {case} | " + " | ".join(cells) + " |")
PY
