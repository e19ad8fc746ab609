"""DuckDB's own progress bar never reaches stdout: it draws one there for any query over two
seconds, terminal or not, and it would land inside `-f json` or `csv` data. Checked in a fresh
interpreter (pytest's captured stdout changes DuckDB's default)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

_PROBE = """
import sys
from phiscope.people.engines import DuckDBEngine
from phiscope.store import CaseStore, KdfParams, db
q = "SELECT current_setting('enable_progress_bar')"
tmp = sys.argv[1]
out = [db.scratch(tmp + '/s').execute(q).fetchone()[0]]
kdf = KdfParams(salt=b'0123456789abcdef', n=2**10)
with CaseStore.create(tmp + '/case', b'quiet-test-key-0123', kdf) as s:
    out += [s.session().execute(q).fetchone()[0], s.notices_connection().execute(q).fetchone()[0]]
out.append(DuckDBEngine(tmp).con.execute(q).fetchone()[0])
print(out)
"""


def test_every_session_phiscope_opens_draws_no_duckdb_bar(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _PROBE, str(tmp_path)], capture_output=True, text=True,
                          timeout=120, check=True)
    assert done.stdout.strip() == "[False, False, False, False]"
