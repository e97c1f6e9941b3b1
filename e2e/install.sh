#!/usr/bin/env bash
# Installs what the browser suite needs, from Debian's packages and the npm registry, skipping
# what is already there (safe to run repeatedly):
#   - chromium                                  (Chromium, driven by playwright-core)
#   - firefox-esr                               (Firefox, driven by puppeteer-core over BiDi)
#   - webkit2gtk-driver (+ libwebkit2gtk-4.1-0) (WebKitWebDriver and MiniBrowser)
#   - xvfb                                      (xvfb-run: an X display for MiniBrowser)
#   - the npm dependencies, exactly as in package-lock.json; no package downloads a browser.
set -euo pipefail
cd "$(dirname "$0")"

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/firefox-esr ] || missing+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
[ -x /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser ] || missing+=(libwebkit2gtk-4.1-0)
command -v xvfb-run >/dev/null || missing+=(xvfb)
command -v xauth >/dev/null || missing+=(xauth)

if [ "${#missing[@]}" -gt 0 ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    echo "installing from Debian: ${missing[*]}"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

PUPPETEER_SKIP_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
