"""Linux auditd ``EXECVE`` records (with the ``SYSCALL`` record of the same event).

``type=SYSCALL msg=audit(1364481363.243:24287): ... auid=1000 uid=0 ... exe="/usr/bin/cat"``
then ``type=EXECVE msg=audit(1364481363.243:24287): argc=2 a0="cat" a1="/etc/ssh/sshd_config"``.
Unquoted arguments are hex (auditd encodes arguments holding spaces or quotes). With
``log_format = ENRICHED`` the ``AUID="alice"`` name is used as the actor.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator

from phiscope.watch.events import EXEC, AccessEvent, ParseError
from phiscope.watch.parsers.base import LogParser, ParseItem

_MSG = re.compile(r"^(?:node=(?P<node>\S+) )?type=(?P<type>\w+) "
                  r"msg=audit\((?P<ts>\d+(?:\.\d+)?):(?P<serial>\d+)\):")
_KV = re.compile(r'(\w+)=("(?:[^"]*)"|\S+)')
_KEEP = 1000  # SYSCALL records remembered while waiting for their EXECVE


class AuditdParser(LogParser):
    """auditd EXECVE events (program runs)."""

    id = "auditd"
    description = "Linux auditd EXECVE records"

    def sniff(self, head: list[str]) -> float:
        return 0.95 if any(_MSG.match(line) for line in head) else 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        syscalls: OrderedDict[str, dict[str, str]] = OrderedDict()
        for n, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n").replace("\x1d", " ")
            if not line.strip():
                continue
            m = _MSG.match(line)
            if m is None:
                yield ParseError(self.id, n, message="not an auditd record")
                continue
            kv = {k: v.strip('"') for k, v in _KV.findall(line[m.end():])}
            if m["type"] == "SYSCALL":
                syscalls[m["serial"]] = kv
                if len(syscalls) > _KEEP:
                    syscalls.popitem(last=False)
            elif m["type"] == "EXECVE":
                args = _args(line[m.end():])
                sc = syscalls.pop(m["serial"], {})
                actor = sc.get("AUID") or sc.get("auid") or sc.get("UID") or sc.get("uid") or "unknown"
                tool = (args[0] if args else sc.get("exe", "")).rsplit("/", 1)[-1]
                yield AccessEvent(ts=float(m["ts"]), actor=actor, action=EXEC, host=m["node"] or "",
                                  tool=tool, command=" ".join(args), object=sc.get("exe", ""),
                                  source=self.id, line=n)


def _args(text: str) -> list[str]:
    out: list[tuple[int, str]] = []
    for k, v in _KV.findall(text):
        if re.fullmatch(r"a\d+", k):
            out.append((int(k[1:]), _decode(v)))
    return [v for _, v in sorted(out)]


def _decode(v: str) -> str:
    if v.startswith('"'):
        return v.strip('"')
    try:
        return bytes.fromhex(v).decode("utf-8", "replace") if re.fullmatch(r"(?:[0-9A-Fa-f]{2})+", v) else v
    except ValueError:
        return v
