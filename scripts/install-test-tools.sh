#!/usr/bin/env bash
# Install the ordinary tools the simulator's interoperability test opens files with:
# LibreOffice (headless DOCX/XLSX -> PDF) and poppler-utils (pdftotext).
# Idempotent: does nothing when soffice and pdftotext are already on PATH.
set -euo pipefail

if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    echo "install-test-tools: soffice and pdftotext already installed"
    exit 0
fi

. "$(dirname "$0")/_apt.sh"
apt_install install-test-tools "LibreOffice (soffice) and poppler-utils (pdftotext)" libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
echo "install-test-tools: installed $(soffice --version 2>/dev/null | head -n1); $(pdftotext -v 2>&1 | head -n1)"
