"""Regex pieces, normalisation and plausibility rules for personal names.

Name tokens are case-sensitive (a capitalised or all-caps word), so labels are
written out in their usual case variants instead of using a caseless pattern:
a caseless name pattern would take any words after "Patient:".
Accented Latin letters are allowed (see ``TOKEN``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

import polars as pl

#: letters allowed in names: ASCII, Latin-1 and Latin Extended-A, written as literal
#: ranges so that Python's ``re`` gets exact Unicode ranges and hyperscan (byte mode,
#: UTF-8 encoded pattern) gets a superset of the UTF-8 bytes; the Python match of the
#: value group has the last word
_UPPER = "A-ZÀ-ÖØ-ÞĀ-ſ"
_LOWER = "a-zß-öø-ÿĀ-ſ"
_ALPHA = "A-Za-zÀ-ÖØ-öø-ſ"
#: a word of any case ("bill", "Rob", "VERONICA", "José") and a capitalised one, not all caps
#: ("Buckley", "Villanueva-Warren", "O'Neil")
ANY_WORD = rf"[{_ALPHA}][{_ALPHA}'-]*[{_ALPHA}]"
TITLE_WORD = rf"[{_UPPER}][{_LOWER}']*[{_LOWER}](?:-[{_UPPER}][{_LOWER}']*[{_LOWER}])*"
#: a capitalised or all-caps word: "Jane", "DOE", "O'Brien", "McDonald", "Smith-Jones", "Åsa"
TOKEN = rf"[{_UPPER}](?:[{_ALPHA}]|-[{_ALPHA}]|'[{_UPPER}][{_ALPHA}])+"
#: a capitalised word that is not all caps: "Jane", "McDonald", "O'Brien", "Smith-Jones"
TITLE_TOKEN = rf"[{_UPPER}](?:[{_ALPHA}]|['-][{_UPPER}])*[{_LOWER}]"
_INITIAL = r"[A-Z]\.?"
_SUFFIX = r"(?:,? (?:Jr|Sr|JR|SR)\.?|,? (?:II|III|IV))?"


def _forms(min_tokens: int, tok: str) -> str:
    """'First [M.] Last [Jr.]' and 'LAST, FIRST [M]' forms (and a lone token if allowed)."""
    forward = rf"{tok}(?: (?:{tok}|{_INITIAL})){{0,2}} {tok}{_SUFFIX}"
    inverted = rf"{tok}{_SUFFIX}, {tok}(?: (?:{tok}|{_INITIAL}))?"
    alts = [forward, inverted]
    if min_tokens == 1:
        alts.append(tok + _SUFFIX)
    return "(?:" + "|".join(alts) + ")"


def name_value(min_tokens: int = 2, title_case: bool = False) -> str:
    """A name of ``min_tokens`` (1 or 2) to 4 capitalised (or, unless ``title_case``, all-caps) words."""
    return _forms(min_tokens, TITLE_TOKEN if title_case else TOKEN)


#: what may follow a name: an ASCII character that is neither a letter nor ":"/"#", or a
#: blank and then any ASCII character but ":"/"#", or the end. A word followed by ":"
#: is the next label, so Python's backtracking match stops the value before it
#: ("Patient: John Smith Date: ..." -> "John Smith"). Only ASCII or a whole typographic
#: quote/dash is consumed so that hyperscan's byte-level match ends on a character boundary.
END = r"""(?:[ \t]*[!-"$-9;-@\[-`{-~\r\n]|[ \t]*(?:’|‘|–|—|”)|[ \t]+[!-"$-9;-~]|[ \t]*$)"""


def _cased_word(word: str) -> str:
    """One label word as Title/lower (``[Pp]atient``) or UPPER (``PATIENT``) case."""
    esc = re.escape(word.lower())
    first = word[0]
    title = f"[{first.upper()}{first.lower()}]{esc[1:]}" if first.isalpha() else esc
    return f"(?:{title}|{re.escape(word.upper())})"


def label_variants(*labels: str) -> str:
    """An alternation of the labels, each word in Title, lower or UPPER case."""
    # longest first, ties alphabetical: the pattern text must not depend on set
    # order, or the cached pattern database would be rebuilt in every process
    parts = sorted({r"[ \t]+".join(_cased_word(w) for w in label.split()) for label in labels},
                   key=lambda p: (-len(p), p))
    return "(?:" + "|".join(parts) + ")"


# -- given names in free text -----------------------------------------------

#: given names that are also common English words in notes ("son will call", "husband left"):
#: every word of the list that MTSamples' transcriptions use five times or more in lower case,
#: and a few more of the same kind
COMMON_WORDS = frozenset({
    "left", "will", "one", "day", "than", "may", "see", "ray", "little", "pleasant", "field", "fall",
    "pink", "life", "relief", "rod", "experience", "mark", "green", "frank", "cage", "don", "duty", "wash",
    "max", "gum", "kit", "vest", "court", "bell", "peg", "ivy", "nap", "rose", "van", "lib", "ant",
    "candy", "bias", "sig", "junior", "deliverance", "brady",
    "pat", "sue", "rich", "al", "ed", "art", "jack", "penny", "joy", "june", "cliff", "chuck", "sunny",
    "dawn", "hope", "grace", "faith", "patience", "page", "drew", "bud", "gay", "ward", "wade", "guy",
})
#: words that are never a name after a relationship word or honorific ("mr. is", "Aunt Bertha Inc")
STOP_WORDS = frozenset({
    "who", "whom", "is", "was", "are", "were", "has", "had", "have", "and", "or", "in", "at", "on", "to",
    "for", "of", "with", "from", "by", "the", "a", "an", "called", "calls", "came", "comes", "visited",
    "visiting", "visit", "here", "there", "today", "tonight", "spoke", "speaks", "aware", "present",
    "updated", "states", "stated", "said", "says", "will", "would", "can", "could", "may", "might",
    "did", "does", "also", "not", "very", "phone", "cell", "home", "work", "pt", "patient", "md", "rn",
    "per", "re", "out", "up", "via", "inc", "llc", "ltd", "corp", "co", "company", "group", "hospital",
    "clinic", "center", "centre", "foundation", "bank",
    # who else is "made aware" in a note ("S. FAMILY MADE AWARE")
    "family", "team", "staff", "nurse", "nursing", "resident", "residents", "house", "attending", "fellow",
    "intern", "np", "pa",
})


def is_stop_word(word: str) -> bool:
    """A function or organisation word, never a name."""
    return word.casefold().strip(".'") in STOP_WORDS


@cache
def given_names() -> frozenset[str]:
    """Lower-case given names and nicknames (the ``nicknames`` package)."""
    from nicknames import NickNamer

    namer = NickNamer()
    return frozenset({*namer.canonical_lookup, *namer.nickname_lookup})


def is_common_word(word: str) -> bool:
    """A given name that is also a common word in notes ("will", "grace", "page")."""
    return strip_accents(word).casefold().strip(".'") in COMMON_WORDS


def is_given_name(word: str) -> bool:
    """A known given name that is not a common word (accents aside: "José" is "jose")."""
    w = strip_accents(word).casefold()
    return w in given_names() and w not in COMMON_WORDS


def is_ordinary_word(word: str) -> bool:
    """A function, organisation or common word: never a name after a bare title or relation word."""
    return is_stop_word(word) or is_common_word(word)


def starts_like_a_name(value: str, initial_ok: bool = False) -> bool:
    """A given name first (or, with ``initial_ok``, an initial: "s. roberto") and no ordinary word
    among the others (initials aside): "Francis G. Levine", "lorrie morales"."""
    tokens = value.split()
    first = tokens[0].rstrip(".") if tokens else ""
    if not (is_given_name(first) or (initial_ok and len(first) == 1)):
        return False
    return not any(is_ordinary_word(t.rstrip(".")) for t in tokens if len(t.rstrip(".")) > 1)


# -- normalisation -----------------------------------------------------------

TITLES = frozenset({"mr", "mrs", "ms", "miss", "mx", "dr", "doctor", "prof", "sir", "madam"})
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_STRIP = re.compile(r"[^\w\s,-]")


def strip_accents(text: str) -> str:
    """Remove diacritics (NFKD, combining marks dropped)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize_name(value: str) -> str:
    """Casefolded 'first middle last [suffix]' with titles, accents and punctuation removed.

    "DOE, JANE Q." -> "jane q doe"; "O'Brien" -> "obrien"; "Smith-Jones" -> "smith jones".
    """
    s = _STRIP.sub("", strip_accents(value).casefold().replace("'", ""))
    head, sep, tail = s.partition(",")
    tail_words = [w for w in tail.replace(",", " ").split()]
    if sep and tail_words and not all(w in SUFFIXES for w in tail_words):
        head_words = head.split()
        suffix = [w for w in head_words if w in SUFFIXES]
        s = " ".join(tail_words + [w for w in head_words if w not in SUFFIXES] + suffix)
    words = s.replace(",", " ").replace("-", " ").split()
    while words and words[0] in TITLES:
        words = words[1:]
    return " ".join(words)


def _squash(e: pl.Expr) -> pl.Expr:
    """``" ".join(e.split())`` of a printable string (blank runs are the only whitespace there)."""
    return e.str.replace_all(" {2,}", " ").str.strip_chars(" ")


def normalize_name_expr(col: str = "v") -> pl.Expr:
    """``normalize_name`` of a printable-ASCII column (no accents or Unicode case there), with
    regexes only: words are the blank-separated runs, so a word is matched as `` word ``
    in the words joined by two blanks and padded by one."""
    suffix = "|".join(sorted(SUFFIXES, key=lambda w: (-len(w), w)))
    s = (pl.col(col).str.to_lowercase().str.replace_all("'", "", literal=True)
         .str.replace_all("[^a-z0-9_ ,-]", ""))
    tail = _squash(s.str.extract(r"^[^,]*,(.*)$", 1).str.replace_all(",", " ", literal=True))
    reorder = (tail != "") & ~tail.str.contains(rf"^(?:(?:{suffix})(?: |$))+$")
    head_words = _squash(s.str.extract(r"^([^,]*),", 1))
    head = pl.lit(" ") + head_words.str.replace_all(" ", "  ", literal=True) + " "
    head_rest = head.str.replace_all(rf" (?:{suffix}) ", " ")
    head_suffixes = head.str.extract_all(rf" (?:{suffix}) ").list.join(" ")
    base = pl.when(reorder).then(tail + " " + head_rest + " " + head_suffixes).otherwise(s)
    titles = "|".join(sorted(TITLES, key=lambda w: (-len(w), w)))
    return _squash(base.str.replace_all("[,-]", " ")).str.replace(rf"^(?:(?:{titles})(?: |$))+", "")


# -- plausibility (table cells) ----------------------------------------------

NON_NAMES = frozenset({
    "n/a", "na", "none", "null", "nil", "unknown", "unk", "test", "tbd", "tba", "not applicable",
    "not available", "not provided", "declined", "refused", "anonymous", "patient", "pt", "self",
    "same", "other", "blank", "yes", "no", "male", "female", "x", "xx", "xxx", "nan", "undefined",
    "redacted", "removed", "see above", "deceased",
})
_CELL = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’.,-])*", re.UNICODE)


def plausible_name(value: str) -> bool:
    """Letters, spaces, hyphens, apostrophes, commas and periods; 1-4 tokens; not a filler value."""
    v = " ".join(value.split())
    if not v or len(v) > 60 or not _CELL.fullmatch(v):
        return False
    if v.casefold().strip(" .") in NON_NAMES:
        return False
    tokens = [t for t in re.split(r"[ ,]+", v) if t.strip(".")]
    return 1 <= len(tokens) <= 4 and sum(len(t.strip(".'-")) >= 2 for t in tokens) >= 1


def plausible_name_expr(col: str = "v") -> pl.Expr:
    """``plausible_name`` of a printable-ASCII column, with regexes only.

    There the cell's characters are ``[A-Za-z '.,-]``: a token (a run between blanks and
    commas) counts unless it is all dots, and it is "long" (two characters or more once
    ``.'-`` are stripped from its ends) when it holds two letters.
    """
    v = pl.col(col).str.replace_all(" {2,}", " ").str.strip_chars(" ")
    tokens = v.str.count_matches(r"[^ ,]*[A-Za-z'-][^ ,]*")
    return ((v != "") & (v.str.len_chars() <= 60) & v.str.contains(r"^[A-Za-z][A-Za-z '.,-]*$")
            & ~v.str.to_lowercase().str.strip_chars(" .").is_in(sorted(NON_NAMES))
            & tokens.is_between(1, 4) & v.str.contains(r"[A-Za-z][^ ,]*[A-Za-z]"))
