"""Build the records of one HL7 message, segment by segment.

Each PID starts a patient record; clinical segments (PV1 dates, DG1, PR1, OBR,
OBX, NTE, RXE/RXA, Z-segments) add fields to the current patient. NK1, GT1,
IN1(+IN2), the mother (PID-6/21) and providers (PV1-7…) are records of their
own. Records are emitted at the end of the message, or earlier when a huge
message holds too many fields (then a key appears again, with the later fields).
"""

from __future__ import annotations

from collections.abc import Callable

from phiscope.model import ReadItem
from phiscope.readers._record_acc import Acc
from phiscope.readers.base import ReadContext
from phiscope.readers.hl7v2.datatypes import Emitter
from phiscope.readers.hl7v2.delims import Delimiters
from phiscope.readers.hl7v2.segment import Segment

MAX_PENDING_SEGMENTS = 2000  # read segments whose fields are held before a flush

Handler = Callable[["MessageBuilder", Segment], None]


class MessageBuilder:
    """The person records of one message (``msg<n>/PID``, ``msg<n>/NK1[2]`` …)."""

    def __init__(self, index: int, d: Delimiters, em: Emitter, ctx: ReadContext,
                 handlers: dict[str, Handler], z_handler: Handler) -> None:
        self.index = index
        self.prefix = f"msg{index}"
        self.d = d
        self.em = em
        self.ctx = ctx
        self.out: list[ReadItem] = []
        self.insured: Acc | None = None
        self.seen_providers: set[str] = set()
        self.counts: dict[str, int] = {}
        self._handlers = handlers
        self._z = z_handler
        self._accs: list[Acc] = []
        self._patient: Acc | None = None
        self._pid_seen = False
        self._pending = 0

    def new(self, base: str, role: str) -> Acc:
        """A new record ``msg<n>/<base>`` (``[k]`` added from the second one on)."""
        k = self.counts.get(base, 0) + 1
        self.counts[base] = k
        acc = Acc(f"{self.prefix}/{base}" if k == 1 else f"{self.prefix}/{base}[{k}]", role)
        self._accs.append(acc)
        return acc

    def patient(self) -> Acc:
        """The current patient record (created on first use)."""
        if self._patient is None:
            self._patient = self.new("PID", "patient")
        return self._patient

    def start_patient(self) -> Acc:
        """The record a PID segment fills: a new one for every PID after the first."""
        if self._pid_seen or self._patient is None:
            self._patient = self.new("PID", "patient")
        self._pid_seen = True
        return self._patient

    def add(self, text: str, line: int, offset: int) -> None:
        """Read one segment of the message."""
        seg = Segment(text, line, offset, self.d)
        handler = self._handlers.get(seg.name)
        if handler is None and seg.name[:1] == "Z":
            handler = self._z
        if handler is not None:
            handler(self, seg)
            self._pending += 1
            if self._pending >= MAX_PENDING_SEGMENTS:
                self.flush()

    def flush(self) -> None:
        """Move the fields gathered so far into Records in ``out``."""
        for acc in self._accs:
            if acc.fields:
                self.out.append(acc.record())
                acc.fields = []
        self._pending = 0

    def take(self) -> list[ReadItem]:
        """Items produced since the last call."""
        out, self.out = self.out, []
        return out
