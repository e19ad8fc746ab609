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
_ARG = re.compile(r'\ba(\d+)=(?:"([^"]*)"|(\S+))')  # quoted text, or hex when it holds spaces
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")
_KEEP = 1000  # SYSCALL records remembered while waiting for their EXECVE


class AuditdParser(LogParser):
    """auditd EXECVE events (program runs)."""

    id = "auditd"
    description = "Linux auditd EXECVE records"

    def sniff(self, head: list[str]) -> float:
        return 0.95 if any(_MSG.match(line) for line in head) else 0.0

    def parse(self, lines: Iterable[str]) -> Iterator[ParseItem]:
        syscalls: OrderedDict[str, tuple[str, str]] = OrderedDict()  # serial -> (actor, exe)
        for n, raw in enumerate(lines, 1):
            line = raw.rstrip("\r\n").replace("\x1d", " ")
            m = _MSG.match(line)
            if m is None:
                if line.strip():
                    yield ParseError(self.id, n, message="not an auditd record")
                continue
            node, kind, ts, serial = m.groups()
            if kind == "SYSCALL":
                actor = _field(line, " AUID=") or _field(line, " auid=") or _field(line, " UID=") or \
                    _field(line, " uid=") or "unknown"
                syscalls[serial] = (actor, _field(line, " exe="))
                if len(syscalls) > _KEEP:
                    syscalls.popitem(last=False)
            elif kind == "EXECVE":
                args = _args(line[m.end():])
                actor, exe = syscalls.pop(serial, ("unknown", ""))
                tool = (args[0] if args else exe).rsplit("/", 1)[-1]
                yield AccessEvent(ts=float(ts), actor=actor, action=EXEC, host=node or "", tool=tool,
                                  command=" ".join(args), object=exe, source=self.id, line=n)


def _field(line: str, key: str) -> str:
    """The value of `` key=value`` (quotes removed) in a record, "" when absent."""
    i = line.find(key)
    if i < 0:
        return ""
    j = i + len(key)
    if line.startswith('"', j):
        k = line.find('"', j + 1)
        return line[j + 1:k] if k >= 0 else line[j + 1:]
    k = line.find(" ", j)
    return line[j:k] if k >= 0 else line[j:]


def _args(text: str) -> list[str]:
    out = [(int(k), _hex(h) if h else q) for k, q, h in _ARG.findall(text)]
    return [v for _, v in sorted(out)]


def _hex(v: str) -> str:
    return bytes.fromhex(v).decode("utf-8", "replace") if _HEX.fullmatch(v) else v
