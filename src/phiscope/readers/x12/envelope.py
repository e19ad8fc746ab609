"""The interchange envelope (ISA/GS/ST … SE/GE/IEA): transaction sets, control checks, stray text."""

from __future__ import annotations

from phiscope.errors import ErrorKind
from phiscope.model import Location, ReadIssue, ReadItem, TextUnit
from phiscope.readers.x12.segment import Emitter, Segment
from phiscope.readers.x12.tokens import Token, X12Delimiters
from phiscope.readers.x12.transaction import TransactionBuilder

_ENVELOPE = frozenset({"ST", "SE", "GS", "GE", "IEA"})


def _count_ok(value: str, expected: int) -> bool:
    return value.isdigit() and int(value) == expected


class Envelope:
    """Consumes tokens; ``out`` holds records, stray text and ReadIssues."""

    def __init__(self, path: str) -> None:
        self.em = Emitter(path)
        self.loc = Location(path)
        self.out: list[ReadItem] = []
        self.isa = self.gs = self.st = 0
        self._d: X12Delimiters | None = None
        self._open = False
        self._isa_control = self._gs_control = self._st_control = ""
        self._tx: TransactionBuilder | None = None
        self._groups = self._sets = self._segments = 0
        self._stray_reported = False

    def take(self) -> list[ReadItem]:
        """Items produced since the last call."""
        out, self.out = self.out, []
        return out

    def issue(self, kind: ErrorKind, message: str, number: int | None = None) -> None:
        """A problem of the interchange (message without content)."""
        self.out.append(ReadIssue(kind, message, self.loc.with_(line=number)))

    def token(self, tok: Token) -> None:
        """Handle the next token of the file."""
        if tok.kind == "seg" and self._d is not None:
            tx = self._tx
            if tx is not None and not tok.unterminated:  # the hot path: a segment inside a set
                text = tok.text
                cut = text.find(self._d.element)
                name = text[:cut] if cut >= 0 else text
                if name not in _ENVELOPE:
                    self._segments += 1
                    if name in tx.handlers:
                        tx.add(Segment(text, tok.number, tok.offset, self._d))
                        if tx.out:
                            self.out.extend(tx.take())
                    return
            self._segment(Segment(tok.text, tok.number, tok.offset, self._d), tok)
        elif tok.kind == "isa":
            self._close_interchange(tok.number)
            self.isa += 1
            self._open, self._d = True, tok.delims
            self._isa_control = tok.text.split(tok.delims.element)[13].strip() if tok.delims else ""
            self.gs = self._groups = 0
            self._stray_reported = False
        elif tok.kind == "isa-restart":
            self._close_interchange(tok.number)
        elif tok.kind == "bad-isa":
            self.issue(ErrorKind.CORRUPT, "malformed interchange header (ISA): its delimiters cannot be "
                       "read; the text up to the next ISA is scanned as plain text")
            self._stray_reported = True
        elif tok.kind == "oversized":
            self.issue(ErrorKind.OVERSIZED, "a segment longer than the size limit was skipped")
        elif tok.text.strip():
            self._stray(tok.text, tok.offset, None)

    def finish(self) -> None:
        """End of the file."""
        self._close_interchange(None)

    def _segment(self, seg: Segment, tok: Token) -> None:
        name = seg.name
        if tok.unterminated and name != "IEA":
            self.issue(ErrorKind.TRUNCATED, f"interchange {self.isa}: the file ends inside a segment "
                       "(no segment terminator)", seg.number)
        if name == "ST":
            self._start_set(seg)
        elif name == "SE":
            self._end_set(seg)
        elif name == "GS":
            self._end_set(None)
            self.gs += 1
            self._groups += 1
            self.st = self._sets = 0
            self._gs_control = seg.el(6)
        elif name == "GE":
            self._end_set(None)
            if not (_count_ok(seg.el(1), self._sets) and seg.el(2) == self._gs_control):
                self.issue(ErrorKind.CORRUPT, f"interchange {self.isa}, group {self.gs}: the GE trailer "
                           "does not match (transaction set count or control number)", seg.number)
        elif name == "IEA":
            self._end_set(None)
            if not (_count_ok(seg.el(1), self._groups) and seg.el(2) == self._isa_control):
                self.issue(ErrorKind.CORRUPT, f"interchange {self.isa}: the IEA trailer does not match "
                           "(group count or control number)", seg.number)
            self._open = False
        elif self._tx is not None:
            self._segments += 1
            self._tx.add(seg)
            if self._tx.out:
                self.out.extend(self._tx.take())
        else:
            self._stray(" ".join(seg.els), seg.offset, seg.number)

    def _start_set(self, seg: Segment) -> None:
        self._end_set(None)
        self.st += 1
        self._sets += 1
        self._segments = 1
        self._st_control = seg.el(2)
        self._stray_reported = False
        self._tx = TransactionBuilder(f"ISA{self.isa}/GS{self.gs}/ST{self.st}", seg.el(1), self.em)

    def _end_set(self, se: Segment | None) -> None:
        """Close the open transaction set (``se`` None: it has no SE trailer)."""
        if self._tx is None:
            if se is not None:
                message = f"interchange {self.isa}: SE trailer without ST header"
                self.issue(ErrorKind.CORRUPT, message, se.number)
            return
        where = f"interchange {self.isa}, group {self.gs}, transaction set {self.st}"
        if se is None:
            self.issue(ErrorKind.TRUNCATED, f"{where} has no SE trailer (cut short)")
        elif not (_count_ok(se.el(1), self._segments + 1) and se.el(2) == self._st_control):
            self.issue(ErrorKind.CORRUPT, f"{where}: the SE trailer does not match (segment count or control "
                       "number)", se.number)
        self._tx.new_scope("")
        self.out.extend(self._tx.take())
        self._tx = None

    def _close_interchange(self, number: int | None) -> None:
        self._end_set(None)
        if self._open:
            self.issue(ErrorKind.TRUNCATED, f"interchange {self.isa} has no IEA trailer (cut short)", number)
        self._open = False

    def _stray(self, text: str, offset: int, number: int | None) -> None:
        if not self._stray_reported:
            self._stray_reported = True
            self.issue(ErrorKind.CORRUPT, "segments or text outside a transaction set (ISA/GS/ST); "
                       "scanned as plain text", number)
        self.out.append(TextUnit(text, self.loc.with_(line=number, offset=offset)))
