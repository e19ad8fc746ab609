"""MBOX reader: message splitting, prefixes, malformed messages, bounded memory."""

from __future__ import annotations

import io
import tracemalloc
from pathlib import Path

from container_helpers import ctx_for, run

from phiscope.errors import ErrorKind
from phiscope.model import ChildBlob, TextUnit
from phiscope.readers.base import ReadContext
from phiscope.readers.eml import EmlReader
from phiscope.readers.mbox import MboxReader
from phiscope.readers.mbox.split import iter_raw_messages
from phiscope.sources.blob import Blob

GOOD_1 = (b"From alice@example.com Mon Jan  1 10:00:00 2024\n"
          b"From: Alice <alice@example.com>\nTo: bob@example.com\nSubject: MRN 0012345\n\n"
          b"Patient John Smith\n>From the desk of Dr. Who\n\n")
MALFORMED_2 = (b"From mallory@example.com Mon Jan  1 11:00:00 2024\n"
               b"From: m@example.com\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=QQ\n\n"
               b"the boundary never comes\n\n")
GOOD_3 = (b"From carol@example.com Mon Jan  1 12:00:00 2024\n"
          b"From: carol@example.com\nTo: dan@example.com\nSubject: labs\nMIME-Version: 1.0\n"
          b"Content-Type: multipart/mixed; boundary=XX\n\n--XX\nContent-Type: text/plain\n\n"
          b"see attached\nFrom here on it is body text, not a new message\n"
          b"--XX\nContent-Type: text/csv\nContent-Disposition: attachment; filename=labs.csv\n\n"
          b"mrn,result\n0012345,positive\n--XX--\n")
MBOX = GOOD_1 + MALFORMED_2 + GOOD_3


def test_three_messages_one_malformed(tmp_path: Path) -> None:
    result = run(MboxReader(), MBOX, "inbox.mbox", ctx_for(tmp_path))
    headers = [(t.loc.mime_part, t.label, t.text) for t in result.texts if t.label]
    assert headers == [
        ("msg1/headers", "From", "Alice <alice@example.com>"),
        ("msg1/headers", "To", "bob@example.com"),
        ("msg1/headers", "Subject", "MRN 0012345"),
        ("msg2/headers", "From", "m@example.com"),
        ("msg3/headers", "From", "carol@example.com"),
        ("msg3/headers", "To", "dan@example.com"),
        ("msg3/headers", "Subject", "labs"),
    ]
    bodies = {t.loc.mime_part: t.text for t in result.texts if t.label is None}
    assert bodies["msg1/1"].startswith("Patient John Smith\nFrom the desk")  # >From unescaped
    assert "not a new message" in bodies["msg3/1"]
    assert [(c.name, c.mime_part) for c in result.children] == [("msg3/labs.csv", "msg3/2")]
    assert [(i.kind, i.loc.mime_part if i.loc else None) for i in result.issues] == [
        (ErrorKind.CORRUPT, "msg2")]


def test_sniff() -> None:
    reader = MboxReader()
    assert reader.sniff(MBOX[:8192], "inbox") == 0.95
    assert reader.sniff(b"From the desk of Dr. Smith: notes follow\n", "notes.txt") == 0.0
    assert reader.sniff(b"whatever", "archive.mbox") == 0.4
    assert EmlReader().sniff(MBOX[:8192], "inbox") < reader.sniff(MBOX[:8192], "inbox")


def test_split_edge_cases() -> None:
    data = (b"preamble line\n\nFrom a@b Mon Jan  1 10:00:00 2024\nSubject: one\n\nbody\n"
            b"From b@c Mon Jan  1 10:00:00 2024\nSubject: two\n\n" + b"x" * 3_000_000 + b"\n")
    messages = list(iter_raw_messages(io.BytesIO(data), max_bytes=1 << 30))
    assert [m.number for m in messages] == [1, 2, 3]
    assert messages[0].data == b"preamble line\n\n"
    assert messages[1].data == b"Subject: one\n\nbody\n"  # envelope line matched without blank before
    assert len(messages[2].data) == len(b"Subject: two\n\n") + 3_000_001  # a long line read in pieces
    small = list(iter_raw_messages(io.BytesIO(data), max_bytes=1000))
    assert [m.oversized for m in small] == [False, False, True] and small[2].data == b""


def test_oversized_message_is_reported(tmp_path: Path) -> None:
    big = b"From a@b Mon Jan  1 10:00:00 2024\nFrom: a@b\n\n" + b"y" * 5000 + b"\n"
    result = run(MboxReader(), big + GOOD_1, "m.mbox", ctx_for(tmp_path, max_member_bytes=1000))
    assert [(i.kind, i.loc.mime_part if i.loc else None) for i in result.issues] == [
        (ErrorKind.OVERSIZED, "msg1")]
    assert {t.loc.mime_part for t in result.texts} == {"msg2/headers", "msg2/1"}


def test_memory_stays_bounded_on_a_large_mailbox(tmp_path: Path) -> None:
    line = b"Lorem ipsum dolor sit amet, patient record number 0012345, " * 64 + b"\n"  # ~4 KB
    body = line * 50  # ~200 KB messages: few enough to parse quickly under tracemalloc
    path = tmp_path / "big.mbox"
    count = 0
    with path.open("wb") as out:
        while out.tell() < 60 << 20:
            count += 1
            out.write(b"From sender@example.com Mon Jan  1 10:00:00 2024\n"
                      b"From: sender@example.com\nTo: rcpt@example.com\nSubject: note %d\n\n" % count)
            out.write(body + b"\n")
    blob = Blob(display_path=str(path), name=path.name, fs_path=str(path))
    seen_messages = text_chars = 0
    tracemalloc.start()
    try:
        for item in MboxReader().read(blob, ReadContext(tmp_dir=str(tmp_path))):
            if isinstance(item, TextUnit):
                text_chars += len(item.text)
                seen_messages += item.label == "Subject"
            assert not isinstance(item, ChildBlob)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen_messages == count > 250
    assert text_chars > 55 << 20
    assert peak < 20 << 20, f"peak Python allocation {peak / 2**20:.1f} MiB"
