"""``phiscope watch``: audit-log monitoring verbs (registered from cli/main.py)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from phiscope import api
from phiscope.cli.output import Format, render
from phiscope.errors import UsageError

watch_app = typer.Typer(no_args_is_help=True,
                        help="Detect bulk access and exfiltration of patient records in audit logs.")

ConfigOpt = Annotated[Path | None, typer.Option(
    "--config", help="TOML thresholds merged over the defaults (phiscope/watch/default.toml).")]
LogFormatOpt = Annotated[str | None, typer.Option(
    "--log-format", help="Parser id instead of sniffing: pgaudit, mysql-audit, csv-access, fhir-auditevent, "
    "zeek-conn, cloudtrail, auditd.")]
FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
KeyOpt = Annotated[Path | None, typer.Option(
    "--key-file", help="File holding your key (default: PHISCOPE_KEY): keeps patient references stable "
    "across runs.")]
INCIDENT_COLUMNS = ["incident", "actor", "start", "end", "severity", "alerts", "detectors"]


@watch_app.command("run")
def run(
    logs: Annotated[list[str], typer.Argument(help="Log files (plain or .gz), or - for stdin.")],
    config: ConfigOpt = None,
    log_format: LogFormatOpt = None,
    follow: Annotated[bool, typer.Option("--follow", help="Keep reading the files as they grow.")] = False,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Append alerts (NDJSON) to this file "
                                              "instead of stdout.")] = None,
    syslog: Annotated[str | None, typer.Option("--syslog", help="Also send alerts to syslog: HOST:PORT "
                                                "(UDP) or a socket path such as /dev/log.")] = None,
    webhook: Annotated[str | None, typer.Option("--webhook", help="Also POST each alert as JSON to this "
                                                 "URL.")] = None,
    learn_until: Annotated[str | None, typer.Option(
        "--learn-until", help="ISO time: events before it only teach the baselines (no alerts).")] = None,
    state: Annotated[Path | None, typer.Option(
        "--state", help="Load the learned baselines from this file (if it exists) and save them to it "
        "at intervals and at exit.")] = None,
    key_file: KeyOpt = None,
) -> None:
    """Alerts as NDJSON (stdout or --out); a summary of incidents and notes on stderr."""
    from phiscope.watch.ingest import FollowOptions

    sinks = _sinks(out, syslog, webhook)

    def emit(alert: Any) -> None:
        for s in sinks:
            s.emit(alert)

    try:
        info = api.watch_run(logs, config=config, log_format=log_format,
                             follow=FollowOptions() if follow else None,
                             learn_until=_time(learn_until, "--learn-until"), on_alert=emit,
                             state=state, key=_key(key_file))
    finally:
        for s in sinks:
            s.close()
    typer.echo(f"{info['events']:,} events, {info['malformed']:,} malformed records, {info['alerts']} alerts "
               f"in {len(info['incidents'])} incidents", err=True)
    for note in info["notes"]:
        typer.echo(f"note: {note}", err=True)
    for inc in info["incidents"]:
        typer.echo(f"incident {inc['incident']} {inc['severity']} {inc['actor']} {inc['start']}: "
                   f"{inc['explanations'][0]}", err=True)


def _sinks(out: Path | None, syslog: str | None, webhook: str | None) -> list[Any]:
    """Where alerts go: NDJSON to --out or stdout, and syslog and a webhook when asked."""
    from phiscope.watch.outputs import AlertSink, NdjsonSink, SyslogSink, WebhookSink

    sinks: list[AlertSink] = [NdjsonSink(out.open("a", encoding="utf-8"), owns=True) if out
                              else NdjsonSink(sys.stdout)]
    if syslog:
        sinks.append(SyslogSink(syslog))
    if webhook:
        sinks.append(WebhookSink(webhook))
    return sinks


@watch_app.command("replay")
def replay(
    logs: Annotated[list[str], typer.Argument(help="Log files to read.")],
    actor: Annotated[str, typer.Option("--actor", help="The account whose accesses to list.")],
    since: Annotated[str | None, typer.Option("--since", help="ISO time (inclusive).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="ISO time (inclusive).")] = None,
    config: ConfigOpt = None,
    log_format: LogFormatOpt = None,
    key_file: KeyOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """List the patients whose records ACTOR touched: a case input for the breach pipeline."""
    res = api.watch_replay(logs, actor, since=_time(since, "--since"), until=_time(until, "--until"),
                           config=config, log_format=log_format, key=_key(key_file))
    objects = ", ".join(sorted(res.objects_without_patients))
    typer.echo(f"{actor}: {res.events:,} events, {len(res.patients):,} patients named; "
               f"{res.rows_without_patients:,} rows read where the log names no patient"
               f"{f' ({objects})' if objects else ''}", err=True)
    render(res.rows(), fmt, title=f"patients touched by {actor}")


@watch_app.command("simulate")
def simulate(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the logs into.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same logs).")] = 0,
    days: Annotated[int, typer.Option("--days", help="Days of logs (the first 7 have no attacks).")] = 14,
    users: Annotated[int, typer.Option("--users", help="Staff accounts.")] = 300,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Write synthetic hospital audit logs and directories with eight injected attacks and their
    ground truth."""
    info = api.watch_simulate(out, seed=seed, days=days, users=users)
    typer.echo(f"wrote {info['files']} to {info['out']}; score with: phiscope watch eval {info['out']}",
               err=True)
    render(info["scenarios"], fmt, title="injected attacks")


@watch_app.command("eval")
def eval_(
    sim_dir: Annotated[Path, typer.Argument(help="A folder written by phiscope watch simulate.")],
    mode: Annotated[str, typer.Option("--mode", help="streaming (learn online) or batch (learn, then "
                                      "detect with frozen baselines).")] = "streaming",
    config: ConfigOpt = None,
    fmt: FormatOpt = Format.TABLE,
) -> None:
    """Score the detectors on simulated logs: delay, exposure before alert, false alarms."""
    rep = api.watch_eval(sim_dir, mode=mode, config=config)
    if fmt is Format.JSON:
        sys.stdout.write(json.dumps(rep, indent=2) + "\n")
        return
    typer.echo(f"{rep['mode']}: {rep['events']:,} events, {rep['false_incidents']} false-alarm incidents "
               f"({rep['false_per_1000_users_day']} per 1,000 users per day)", err=True)
    render(rep["scenarios"], fmt, columns=["kind", "caught", "delay_s", "rows_before_alert",
                                          "patients_before_alert", "first_detector"], title="scenarios")


def _time(text: str | None, opt: str) -> float | None:
    if text is None:
        return None
    from phiscope.watch.parsers._common import parse_time

    try:
        return parse_time(text)
    except ValueError as e:
        raise UsageError(f"{opt} must be an ISO time like 2024-03-11T09:00:00Z") from e


def _key(key_file: Path | None) -> bytes | None:
    """The user's key from --key-file or PHISCOPE_KEY; None when neither is given."""
    from phiscope.store.keys import ENV_VAR, load_key

    if key_file is None and not os.environ.get(ENV_VAR, "").strip():
        return None
    return load_key(os.environ, key_file)


def register(app: typer.Typer) -> None:
    """Add ``watch`` to the main app."""
    app.add_typer(watch_app, name="watch")
