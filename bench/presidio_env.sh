#!/usr/bin/env bash
# Create bench/.venv-presidio with presidio-analyzer for the comparison benchmark.
# Only PyPI is needed: the benchmark uses Presidio's pattern recognizers, which
# need no spaCy model (models cannot be downloaded offline).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv-presidio"
py="${PY:-python3}"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "import presidio_analyzer" 2>/dev/null; then
    echo "presidio venv ready: $venv"
    exit 0
fi
"$py" -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
"$venv/bin/pip" install -q "presidio-analyzer==2.2.366"
"$venv/bin/python" -c "import presidio_analyzer; print('presidio venv ready:', '$venv')"
