#!/usr/bin/env bash
# Install the ordinary tools the simulator's interoperability test opens files with:
# LibreOffice (headless DOCX/XLSX -> PDF) and poppler-utils (pdftotext).
# Idempotent: does nothing when soffice and pdftotext are already on PATH.
set -euo pipefail

if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1; then
    echo "install-test-tools: soffice and pdftotext already installed"
    exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-test-tools: no apt-get here; install LibreOffice (soffice) and poppler-utils (pdftotext)" \
         "with your package manager" >&2
    exit 1
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "install-test-tools: run as root (or install sudo) to install packages" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends \
    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils
echo "install-test-tools: installed $(soffice --version 2>/dev/null | head -n1); $(pdftotext -v 2>&1 | head -n1)"
