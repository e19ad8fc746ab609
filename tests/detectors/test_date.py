"""Table-driven tests for the date detector (and the shared date parser)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from phiscope.detectors.names._dates import parse_date
from phiscope.detectors.registry import DetectorSet
from phiscope.model import Finding
from tests.detectors.conftest import values_of

POSITIVE = [
    ("Seen on 01/02/1980 in clinic", ["01/02/1980"], ["1980-01-02"]),
    ("admitted 1/2/80", ["1/2/80"], ["1980-01-02"]),
    ("MRI 1980-01-02 showed", ["1980-01-02"], ["1980-01-02"]),
    ("collected 2020-03-04T10:15:00Z", ["2020-03-04T10:15:00Z"], ["2020-03-04"]),
    ("Labs 02-Jan-1980: normal", ["02-Jan-1980"], ["1980-01-02"]),
    ("surgery on Jan 2, 1980.", ["Jan 2, 1980"], ["1980-01-02"]),
    ("on January 2nd, 1980 she", ["January 2nd, 1980"], ["1980-01-02"]),
    ("Sept. 14, 2020", ["Sept. 14, 2020"], ["2020-09-14"]),
    ("labs done on February 6,2007, sodium", ["February 6,2007"], ["2007-02-06"]),
    ("died 2 January 1980", ["2 January 1980"], ["1980-01-02"]),
    ("on the 3rd of July 2008 when", ["3rd of July 2008"], ["2008-07-03"]),
    ("Date of service: 19800102", ["19800102"], ["1980-01-02"]),
    ("Termin 01.02.1980", ["01.02.1980"], ["1980-01-02"]),
    ("exam 13/02/1980", ["13/02/1980"], ["1980-02-13"]),  # cannot be month-first
    ("admitted on the third of July and", ["the third of July"], ["--07-03"]),
    ("seen on March 26th for", ["March 26th"], ["--03-26"]),
    ("diagnosed in June 2005.", ["June 2005"], ["2005-06"]),
    ("echo from 09/13/2007 and 10-14-05.", ["09/13/2007", "10-14-05"], ["2007-09-13", "2005-10-14"]),
    # numeric month/day after a word that introduces a date; month/year on its own
    ("Pt expired on 8/9 at 1:17am.", ["8/9"], ["--08-09"]),
    ("admitted to ccu 11/23. S/P stent", ["11/23"], ["--11-23"]),
    ("extubated 10/21 at about 10 am", ["10/21"], ["--10-21"]),
    ("P: F/U 7/28  Pager", ["7/28"], ["--07-28"]),
    ("CAD W AMI 7/81-ECHO=EF 40%", ["7/81"], ["1981-07"]),
    ("last colonoscopy 3/2019, normal", ["3/2019"], ["2019-03"]),
    ("from 9/16 to 9/20 patient was", ["9/16", "9/20"], ["--09-16", "--09-20"]),
    # a day of 13 or more; the start of a line; after a time; both ends of a range
    ("Pt OOB to chair 8/28 with two assist", ["8/28"], ["--08-28"]),
    ("Await consult.\n10/16 CXR-R&LLL INFILTRATES", ["10/16"], ["--10-16"]),
    ("She was extubated easily at 2pm 8/8 and is", ["8/8"], ["--08-08"]),
    ("cultures from 10/15-10/16. and reculture", ["10/15", "10/16"], ["--10-15", "--10-16"]),
    ("also intubated 6/30-7/2 for CHF", ["6/30", "7/2"], ["--06-30", "--07-02"]),
    # a leading zero; a time after it; an event word's other forms
    ("kidney transplant in 12/07, who has had", ["12/07"], ["--12-07"]),
    ("NTG DRIP STARTED APPROX 10/16 0930). STABLE", ["10/16"], ["--10-16"]),
    ("DAUGHTER TO ARRIVE 9/9 @ APPROX 1900 FROM ROME", ["9/9"], ["--09-09"]),
    ("plan to extubate 3/11. Continue support", ["3/11"], ["--03-11"]),
    ("cardiogenic shock on epi; extub 4/1, epi weaning", ["4/1"], ["--04-01"]),
    ("Arrived to CCU at 0330 3/7. intubated", ["3/7"], ["--03-07"]),
    ("Nursing Progress Note \n21 Apr, 0700->1930", ["21 Apr"], ["--04-21"]),
    # Spanish
    ("Recientemente en enero de 2007 se reinicia", ["enero de 2007"], ["2007-01"]),
    ("el 15 de marzo de 2005 ingresa", ["15 de marzo de 2005"], ["2005-03-15"]),
]

NEGATIVE = [
    "Feb 30, 2020",  # not a calendar date
    "2/30/2020",
    "13/13/2020",
    "pain 7.2/10 today",  # lab value / score
    "take 1/2 tablet",  # fraction
    "BP 124/78 HR 72",
    "at 12:30 pm",  # a time
    "born in 1980",  # a year alone is not a date element
    "version 1.2.2020 installed",  # version number
    "OID 1.2.2020.4.5",  # part of a dotted run
    "PSV 10/5/40% overnight",  # ventilator settings
    "ZIP 06103-1234",
    "SSN 123-45-6789",
    "Order 19800102 shipped",  # compact form needs context
    "Marcaine 0.25% was injected",  # "Mar" inside a word
    "may 2 be",  # month-day without a year needs a capitalised month
    # numeric month/day without a date word before it, or a score, fraction or setting
    "Pt OOB to chair 8/8 with two assist",  # a day under 13 needs words that make it a date
    "cxs at bases up 1/3-1/2. sat 94%",  # a range of fractions
    "Card on file: 4484 4089 7320 0373 exp 05/27",  # a card's expiry
    "Color plate testing scores: 6/14 OD and 10/14 OS",  # scores of each eye
    "Lotrel 10/20 daily",  # a dose and its schedule
    "electrodes in the 10/20 international system",
    "antiDNA (+) 1:320 (< 1/40) y",  # a threshold
    "Criptolátex en suero positivo 1/2048.",  # a titre, no month and year
    "en coma (Glasgow 6/15) y",
    "Motor strength 5/5 throughout",
    "a 2/6 systolic murmur",
    "pain 8/10 this am",
    "restarted at 1/2 rate",
    "switched to CPAP/PS of 10/5 c 35%",
    "changed to PSV of 10/5, 60%",
    "trialed on 5/5, tolerated well",
    "ABG 7.35/66/55 ON 10/5 BIPAP",
    "GCS 3/15 on arrival",
]


@pytest.mark.parametrize(("text", "expected", "normalized"), POSITIVE)
def test_positive(find: Callable[..., list[Finding]], text: str, expected: list[str],
                  normalized: list[str]) -> None:
    found = [f for f in find(text) if f.element == "date"]
    assert [f.value for f in found] == expected
    assert [f.normalized for f in found] == normalized


@pytest.mark.parametrize("text", NEGATIVE)
def test_negative(find: Callable[..., list[Finding]], text: str) -> None:
    assert values_of(find(text), "date") == []


@pytest.mark.parametrize(
    ("value", "iso"),
    [("7/22", "--07-22"), ("02/29", "--02-29"), ("2/30", None), ("13/2", None), ("7/81", "1981-07"),
     ("12/1999", "1999-12"), ("7/1899", None), ("7/123", None), ("7/22/80", "1980-07-22")],
)
def test_parse_month_slash(value: str, iso: str | None) -> None:
    parsed = parse_date(value, today=dt.date(2025, 6, 1), month_slash=True)
    assert (parsed.iso() if parsed else None) == iso


def test_month_day_without_year(find: Callable[..., list[Finding]]) -> None:
    [f] = [f for f in find("on May 2 we") if f.element == "date"]
    assert (f.value, f.normalized) == ("May 2", "--05-02")


@pytest.mark.parametrize(
    ("value", "past_only", "iso"),
    [("1/2/30", False, "2030-01-02"), ("1/2/30", True, "1930-01-02"), ("1/2/99", False, "1999-01-02"),
     ("2/29/2020", False, "2020-02-29"), ("2/29/2019", False, None), ("1/2/1899", False, None),
     ("Feb 29", False, "--02-29"), ("the twenty-first of May", False, "--05-21"), ("May", False, None),
     ("1980-01-02 00:00:00", False, "1980-01-02"), ("2020", False, None), ("7/22", False, None)],
)
def test_parse_date(value: str, past_only: bool, iso: str | None) -> None:
    parsed = parse_date(value, past_only=past_only, today=dt.date(2025, 6, 1))
    assert (parsed.iso() if parsed else None) == iso


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("01/02/1980", "valid"), ("1980-01-02 00:00:00", "valid"), ("2 January 1980", "valid"),
     ("19800102", "valid"), ("02-Jan-1980", "valid"), ("1980", None), ("N/A", None), ("", None),
     ("2/30/2020", None), ("12:30", None)],
)
def test_check_cell(detectors: DetectorSet, cell: str, expected: str | None) -> None:
    result = detectors.by_id("date").check_cell(cell)
    assert (result.value if result else None) == expected


@pytest.mark.parametrize(
    ("header", "matches"),
    [("service date", True), ("admit dt", True), ("discharge date", True), ("dos", True), ("visit", True),
     ("date of birth", False), ("birth date", False), ("dob", False), ("update", False)],
)
def test_headers(detectors: DetectorSet, header: str, matches: bool) -> None:
    assert detectors.by_id("date").matches_header(header) is matches
