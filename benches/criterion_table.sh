#!/usr/bin/env bash
# Prints the medians of the last `cargo bench -p cors-benches --bench requests` run as a
# Markdown table (nanoseconds per request), read from criterion's target/criterion/*/new/
# estimates.json, with each arm's ratio to the baseline.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 - <<'PY'
import json

cases = ["get-allowed", "get-disallowed", "get-no-origin", "preflight-allowed",
         "preflight-rejected", "get-50-origins", "get-subdomain"]
arms = ["baseline", "attribute", "actix-cors"]
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
PY
