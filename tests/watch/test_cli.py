"""``phiscope watch`` through the real entry point, the outputs, and the README reference."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from phiscope.cli.main import app
from phiscope.watch.alerts import Alert
from phiscope.watch.outputs import SyslogSink, WebhookSink
from tests.watch.conftest import SAMPLES

README = (Path(__file__).resolve().parents[2] / "README.md").read_text()
runner = CliRunner()


def test_every_watch_command_and_option_is_in_the_readme() -> None:
    group = typer.main.get_command(app).commands["watch"]  # type: ignore[attr-defined]
    for name, cmd in group.commands.items():
        assert f"`phiscope watch {name}" in README, name
        for param in cmd.params:
            for opt in param.opts:
                if opt.startswith("--") and opt not in ("--help", "--format"):
                    assert opt in README, f"watch {name} {opt}"


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("cli")
    r = runner.invoke(app, ["watch", "simulate", "--out", str(d), "--seed", "1", "--days", "12",
                            "--users", "60"])
    assert r.exit_code == 0, r.output
    return d


def test_watch_run_writes_ndjson_alerts(sim: Path, tmp_path: Path) -> None:
    out = tmp_path / "alerts.ndjson"
    truth = json.loads((sim / "truth.json").read_text())
    learn = "2024-03-11T00:00:00Z"
    assert truth["learn_until"] == 1710115200.0
    r = runner.invoke(app, ["watch", "run", str(sim / "ehr_access.csv"), str(sim / "postgresql.log"),
                            "--config", str(sim / "watch.toml"), "--learn-until", learn, "--out", str(out)])
    assert r.exit_code == 0, r.output
    alerts = [json.loads(line) for line in out.read_text().splitlines()]
    actors = {a["actor"] for a in alerts}
    assert {s["actor"] for s in truth["scenarios"]} <= actors
    assert all(a["explanation"] and a["detector"] for a in alerts)
    assert not any("MRN" in json.dumps(a) for a in alerts)  # no patient identifiers in alerts


def test_state_and_key_file_link_alerts_to_replay(sim: Path, tmp_path: Path) -> None:
    key, state, out = tmp_path / "key", tmp_path / "watch.state", tmp_path / "alerts.ndjson"
    key.write_text("cli-test-key-123\n")
    ehr = str(sim / "ehr_access.csv")
    r = runner.invoke(app, ["watch", "run", ehr, "--config", str(sim / "watch.toml"), "--learn-until",
                            "2024-03-11T00:00:00Z", "--state", str(state), "--key-file", str(key),
                            "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert json.loads(state.read_text())["patient_refs"] is True
    alerts = [json.loads(line) for line in out.read_text().splitlines()]
    vip = next(a for a in alerts if a["detector"] == "vip-access")
    r = runner.invoke(app, ["watch", "replay", ehr, "--actor", vip["actor"], "--key-file", str(key),
                            "-f", "csv"])
    assert r.exit_code == 0, r.output
    assert vip["evidence"]["patient_ref"] in r.stdout  # the alert's reference names a replayed patient
    r = runner.invoke(app, ["watch", "run", ehr, "--config", str(sim / "watch.toml"), "--state", str(state),
                            "--out", str(tmp_path / "again.ndjson")])
    assert r.exit_code == 0 and "baselines restored" in r.stderr


def test_watch_replay_lists_the_patients(sim: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PHISCOPE_KEY", raising=False)  # no key: no patient_ref column
    truth = json.loads((sim / "truth.json").read_text())
    low = next(s for s in truth["scenarios"] if s["kind"] == "low-and-slow")
    r = runner.invoke(app, ["watch", "replay", str(sim / "ehr_access.csv"), "--actor", low["actor"],
                            "--since", "2024-03-11T00:00:00Z", "--format", "csv"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.strip().splitlines()
    assert lines[0].startswith("patient_id,first_access")
    assert len(lines) - 1 >= low["patients"]


def test_watch_replay_counts_rows_without_patients() -> None:
    r = runner.invoke(app, ["watch", "replay", str(SAMPLES / "pgaudit.log"), "--actor", "bob", "-f", "json"])
    assert r.exit_code == 0 and "1,060,936 rows" in r.stderr


def test_watch_eval_json(sim: Path) -> None:
    r = runner.invoke(app, ["watch", "eval", str(sim), "--mode", "batch", "--format", "json"])
    assert r.exit_code == 0, r.output
    rep = json.loads(r.stdout)
    assert rep["mode"] == "batch" and len(rep["scenarios"]) == 8


def test_bad_time_is_a_usage_error() -> None:
    from phiscope.cli.main import main

    with pytest.raises(SystemExit) as e:
        main(["watch", "replay", str(SAMPLES / "pgaudit.log"), "--actor", "x", "--since", "yesterday"])
    assert e.value.code == 2


def test_webhook_posts_json_to_a_local_server() -> None:
    got: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            got.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return None

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.handle_request, daemon=True).start()
    sink = WebhookSink(f"http://127.0.0.1:{server.server_port}/alerts")
    sink.emit(Alert("volume:rows:5m", "exfiltration", 0.0, "ana1", "why"))
    server.server_close()
    assert got and got[0]["actor"] == "ana1" and sink.failures == 0
    dead = WebhookSink(f"http://127.0.0.1:{server.server_port}/gone", timeout_s=0.5)
    dead.emit(Alert("x", "exfiltration", 0.0, "a", "why"))
    assert dead.failures == 1  # never fatal


def test_syslog_sends_udp_datagrams() -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(2)
    sink = SyslogSink(f"127.0.0.1:{sock.getsockname()[1]}")
    sink.emit(Alert("off-hours", "exfiltration", 0.0, "dba1", "why"))
    data = sock.recv(65536).decode()
    sink.close()
    sock.close()
    assert "phiscope-watch:" in data and '"actor": "dba1"' in data
