"""Segments → messages: headers, batch envelopes, continuation lines, stray text, MLLP frames."""

from __future__ import annotations

from phiscope.errors import ErrorKind
from phiscope.model import ChildBlob, Location, ReadIssue, ReadItem, Record, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.hl7v2.clinical import HANDLERS, z_segment
from phiscope.readers.hl7v2.datatypes import Emitter
from phiscope.readers.hl7v2.delims import Delimiters
from phiscope.readers.hl7v2.lines import RawSegment, SegmentSplitter
from phiscope.readers.hl7v2.message import MessageBuilder

_BATCH = ("FHS", "BHS", "FTS", "BTS")
#: embedded documents are held back until this many records came out (or this many bytes are held),
#: so that they do not cut the engine's batches of records short
HOLD_CHILDREN_RECORDS = 2000
HOLD_CHILDREN_BYTES = 16 << 20


def _is_header(text: str, name: str) -> bool:
    return text.startswith(name) and len(text) > 3 and not text[3].isalnum() and not text[3].isspace()


def _is_segment(text: str, fs: str) -> bool:
    name = text[:3]
    return (len(name) == 3 and name.isascii() and name[0].isalpha() and name.isalnum() and name.isupper()
            and (len(text) == 3 or text[3] == fs))


class MessageStream:
    """Feeds segments to one MessageBuilder per message; collects what they produce."""

    def __init__(self, path: str, ctx: ReadContext, splitter: SegmentSplitter) -> None:
        self.em = Emitter(path)
        self.ctx = ctx
        self.loc = Location(path)
        self.splitter = splitter
        self.out: list[ReadItem] = []
        self.messages = 0
        self._builder: MessageBuilder | None = None
        self._pending: RawSegment | None = None
        self._stray: list[RawSegment] = []
        self._stray_chars = 0
        self._stray_reported = False  # the current run of stray text was already explained
        self._unclosed = 0
        self._children: list[ChildBlob] = []
        self._held_bytes = 0
        self._records_since = 0

    def take(self) -> list[ReadItem]:
        """Items produced since the last call."""
        out, self.out = self.out, []
        return out

    def _collect(self, items: list[ReadItem]) -> None:
        for item in items:
            if isinstance(item, ChildBlob):
                self._children.append(item)
                self._held_bytes += len(item.data or b"")
            else:
                self._records_since += isinstance(item, Record)
                self.out.append(item)
        if self._records_since >= HOLD_CHILDREN_RECORDS or self._held_bytes >= HOLD_CHILDREN_BYTES:
            self._release_children()

    def _release_children(self) -> None:
        self.out.extend(self._children)
        self._children = []
        self._held_bytes = self._records_since = 0

    def segment(self, raw: RawSegment) -> None:
        """Handle the next segment of the file."""
        self._check_frames()
        text = raw.text
        if _is_header(text, "MSH"):
            self._end_message()
            self._start_message(raw)
        elif text[:3] in _BATCH and _is_header(text, text[:3]):
            self._end_message()
        elif self._builder is not None and self._pending is not None and not _is_segment(
                text, self._builder.d.field):
            self._pending.text += "\n" + text  # a line break inside a field (text of an OBX, NTE…)
        elif self._builder is not None:
            self._flush_pending()
            self._pending = raw
        else:
            self._add_stray(raw)

    def finish(self) -> None:
        """End of the file."""
        self._end_message()
        self._check_frames()
        self._flush_stray()
        self._release_children()

    def _start_message(self, raw: RawSegment) -> None:
        self.messages += 1
        d = Delimiters.from_header(raw.text)
        if d is None:
            message = (f"message {self.messages}: invalid encoding characters in MSH-1/MSH-2; "
                       "its segments are scanned as plain text")
            self.out.append(ReadIssue(ErrorKind.CORRUPT, message, self.loc.with_(line=raw.line)))
            self._stray_reported = True
            self._add_stray(raw)
            return
        self._flush_stray()
        self._builder = MessageBuilder(self.messages, d, self.em, self.ctx, HANDLERS, z_segment)

    def _flush_pending(self) -> None:
        if self._builder is not None and self._pending is not None:
            p = self._pending
            self._pending = None
            self._builder.add(p.text, p.line, p.offset)
            if self._builder.out:
                self._collect(self._builder.take())

    def _end_message(self) -> None:
        self._flush_pending()
        if self._builder is not None:
            self._builder.flush()
            self._collect(self._builder.take())
            self._builder = None
        self._flush_stray()

    def _check_frames(self) -> None:
        if self.splitter.unclosed_frames > self._unclosed:
            self._unclosed = self.splitter.unclosed_frames
            where = f"message {self.messages}" if self.messages else "an MLLP frame"
            self.out.append(ReadIssue(ErrorKind.TRUNCATED, f"{where} is cut short: its MLLP frame has no end "
                                      "block", self.loc))

    def _add_stray(self, raw: RawSegment) -> None:
        if not self._stray_reported:
            self._stray_reported = True
            message = "text outside any HL7 message (no MSH header before it); scanned as plain text"
            self.out.append(ReadIssue(ErrorKind.CORRUPT, message, self.loc.with_(line=raw.line)))
        self._stray.append(raw)
        self._stray_chars += len(raw.text) + 1
        if self._stray_chars >= self.ctx.text_unit_chars:
            self._flush_stray(keep_reported=True)

    def _flush_stray(self, keep_reported: bool = False) -> None:
        if self._stray:
            first = self._stray[0]
            text = "\n".join(r.text for r in self._stray)
            self.out.append(TextUnit(text, self.loc.with_(line=first.line, offset=first.offset)))
            self._stray = []
            self._stray_chars = 0
        self._stray_reported = keep_reported
