#!/usr/bin/env bash
# Installs what the browser suite needs: Debian's Chromium (skipped when /usr/bin/chromium is
# already there) and the npm dependencies from package-lock.json. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")"

if [ ! -x /usr/bin/chromium ]; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        sudo="sudo"
    fi
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

npm ci --no-audit --no-fund
