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

. "$(dirname "$0")/_apt.sh"
apt_install install-chromium "Chromium" chromium fonts-dejavu-core
echo "install-chromium: installed $(chromium --version 2>/dev/null | head -n1)"
