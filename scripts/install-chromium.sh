#!/usr/bin/env bash
# Install Debian's headless-capable Chromium, used by tests/report/test_report_browser.py to open the
# HTML case report, by `phiscope report` to print it to PDF, and to screenshot the demo report.
# Idempotent: does nothing when chromium is already on PATH.
set -euo pipefail

for name in chromium chromium-browser; do
    if command -v "$name" >/dev/null 2>&1; then
        echo "install-chromium: $("$name" --version 2>/dev/null | head -n1) already installed"
        exit 0
    fi
done

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-chromium: no apt-get here; install Chromium with your package manager" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-chromium: run as root (or install sudo) to install packages" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
echo "install-chromium: installed $(chromium --version 2>/dev/null | head -n1)"
