"""Simulated events written in the other log formats phiscope reads, as their producers write
them: FHIR AuditEvent (NDJSON), Percona audit JSON, auditd SYSCALL+EXECVE pairs, CloudTrail
S3 data events (one record per line) and Zeek conn.log (TSV). Used to measure each parser's
speed on a realistic volume and to check that what a format can say survives parsing."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator

from phiscope.watch.events import AccessEvent

ZEEK_HEADER = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
               "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\t"
               "orig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\t"
               "orig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents\n"
               "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\t"
               "bool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]\n")


def _iso(ts: float, sep: str = "T", zone: str = "Z") -> str:
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime(f"%Y-%m-%d{sep}%H:%M:%S.%f")[:-3] + zone


def fhir_lines(events: Iterable[AccessEvent]) -> Iterator[str]:
    """One FHIR R4 AuditEvent per line (a read of the patients' records by a practitioner)."""
    for ev in events:
        agent = {"role": [{"coding": [{"code": ev.role}]}], "who": {"reference": f"Practitioner/{ev.actor}"},
                 "requestor": True, "network": {"address": ev.host, "type": "2"}}
        rec = {"resourceType": "AuditEvent", "type": {"system": "http://dicom.nema.org/resources/ontology/DCM",
                                                      "code": "110110", "display": "Patient Record"},
               "action": "R", "recorded": _iso(ev.ts), "outcome": "0", "agent": [agent],
               "source": {"observer": {"display": "ehr.example.org"}},
               "entity": [{"what": {"reference": f"Patient/{p}"}} for p in ev.patients]}
        yield json.dumps(rec, separators=(",", ":")) + "\n"


def percona_lines(events: Iterable[AccessEvent]) -> Iterator[str]:
    """Percona Server audit log records (JSON format, one per line)."""
    for n, ev in enumerate(events, 1):
        rec = {"audit_record": {"name": "Query", "record": f"{n}_2024-03-04T00:00:00",
                                "timestamp": _iso(ev.ts, "T", " UTC"),
                                "command_class": "select", "connection_id": str(100 + n % 50), "status": 0,
                                "sqltext": ev.command, "user": f"{ev.actor}[{ev.actor}] @ {ev.host} []",
                                "host": ev.host, "os_user": "", "ip": ev.host, "db": "ehr", "rows": ev.rows}}
        yield json.dumps(rec, separators=(",", ":")) + "\n"


def auditd_lines(events: Iterable[AccessEvent]) -> Iterator[str]:
    """auditd SYSCALL and EXECVE records of each program run (the command's words as arguments)."""
    for serial, ev in enumerate(events, 24000):
        args = ev.command.split() or [ev.tool]
        head = f"node={ev.host} " if ev.host else ""
        stamp = f"msg=audit({ev.ts:.3f}:{serial}):"
        exe = f"/usr/bin/{args[0]}"
        yield (f"{head}type=SYSCALL {stamp} arch=c000003e syscall=59 success=yes exit=0 ppid=2686 "
               f"pid={serial} auid=1000 uid=1000 gid=1000 euid=1000 tty=pts0 ses=1 comm=\"{args[0][:15]}\" "
               f"exe=\"{exe}\" key=\"exec\" AUID=\"{ev.actor}\" UID=\"{ev.actor}\"\n")
        quoted = " ".join(f'a{i}="{a}"' if '"' not in a else f"a{i}={a.encode().hex().upper()}"
                          for i, a in enumerate(args))
        yield f"{head}type=EXECVE {stamp} argc={len(args)} {quoted}\n"


def cloudtrail_lines(events: Iterable[AccessEvent]) -> Iterator[str]:
    """CloudTrail S3 GetObject data events, one record per line (as delivered to a log stream)."""
    for ev in events:
        rec = {"eventVersion": "1.08", "eventTime": _iso(ev.ts)[:-5] + "Z",
               "eventSource": "s3.amazonaws.com",
               "eventName": "GetObject", "awsRegion": "us-east-1", "sourceIPAddress": ev.host,
               "userAgent": f"[{ev.tool}]",
               "userIdentity": {"type": "IAMUser", "arn": f"arn:aws:iam::123456789012:user/{ev.actor}",
                                "userName": ev.actor},
               "requestParameters": {"bucketName": "ehr-exports", "key": ev.object},
               "additionalEventData": {"bytesTransferredOut": ev.bytes}, "readOnly": True}
        yield json.dumps(rec, separators=(",", ":")) + "\n"


def zeek_lines(events: Iterable[AccessEvent]) -> Iterator[str]:
    """Zeek conn.log in its TSV form with the ``#fields`` header."""
    yield from ZEEK_HEADER.splitlines(keepends=True)
    for n, ev in enumerate(events):
        local = "T" if ev.dest.startswith("10.") else "F"
        yield (f"{ev.ts:.6f}\tC{n:017d}\t{ev.host}\t{40000 + n % 20000}\t{ev.dest}\t443\ttcp\tssl\t1.5\t"
               f"{ev.bytes}\t{ev.bytes // 10}\tSF\tT\t{local}\t0\tShADadFf\t10\t900\t20\t9000\t-\n")
