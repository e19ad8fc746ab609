"""Validity of +1 (NANP) numbers from phonenumbers' own metadata, without its parse.

``phonenumbers.is_valid_number`` is exact but slow; these regexes, built from the
installed library's metadata, give the same verdict for ten-digit national numbers.
"""

from __future__ import annotations

import re

import phonenumbers

Rule = tuple["re.Pattern[str] | None", "re.Pattern[str]", "re.Pattern[str]"]

_TYPE_DESCS = ("premium_rate", "toll_free", "shared_cost", "voip", "personal_number", "pager", "uan",
               "voicemail", "fixed_line")


def _desc_pattern(desc: phonenumbers.PhoneNumberDesc | None, length: int) -> str | None:
    """A number-type pattern as phonenumbers applies it to a number of ``length`` digits."""
    if desc is None or not desc.national_number_pattern:
        return None
    if desc.possible_length and length not in desc.possible_length:
        return None
    return str(desc.national_number_pattern)


def us_validity_patterns() -> tuple[str, str]:
    """(general, any-type) full-match regexes of a valid 10-digit US national number.

    ``phonenumbers.is_valid_number`` of a +1 number tries the regions of +1 in
    order; the US comes first and has no leading-digits rule, so a number whose
    US type (``_number_type_helper``: general pattern, then each type) is known
    is valid. Built from the installed library's own metadata.
    """
    md = phonenumbers.PhoneMetadata.metadata_for_region("US")
    if md is None or md.general_desc is None:
        return "^$", "^$"
    general = _desc_pattern(md.general_desc, 10) or "$^"
    descs = [getattr(md, name) for name in _TYPE_DESCS]
    if not md.same_mobile_and_fixed_line_pattern:
        descs.append(md.mobile)
    types = [p for p in (_desc_pattern(d, 10) for d in descs) if p is not None]
    return f"^(?:{general})$", "^(?:" + "|".join(f"(?:{t})" for t in types or ["$^"]) + ")$"


def _known_type(md: phonenumbers.PhoneMetadata, length: int) -> str:
    """A regex matching the numbers of ``length`` digits of a known type in ``md``
    (``_number_type_helper`` not UNKNOWN, the general pattern checked apart)."""
    descs = [getattr(md, name) for name in _TYPE_DESCS]
    if not md.same_mobile_and_fixed_line_pattern:
        descs.append(md.mobile)
    types = [p for p in (_desc_pattern(d, length) for d in descs) if p is not None]
    return "|".join(f"(?:{t})" for t in types) or "$^"


def nanp_rules() -> tuple[Rule, ...]:
    """Per region of country code 1, in phonenumbers' order: (leading digits, general, known type),
    compiled, for ten-digit national numbers. ``phonenumbers.is_valid_number`` picks the first
    region whose leading digits match (or, without leading digits, whose type is known) and asks
    whether the number's type in that region is known."""
    rules: list[Rule] = []
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(1, ()):
        md = phonenumbers.PhoneMetadata.metadata_for_region(region.upper(), None)
        if md is None:
            continue
        lead = re.compile(md.leading_digits) if md.leading_digits is not None else None
        general = _desc_pattern(md.general_desc, 10) or "$^"
        rules.append((lead, re.compile(f"(?:{general})"), re.compile(_known_type(md, 10))))
    return tuple(rules)


def nanp_valid_lengths() -> frozenset[int] | None:
    """The lengths a valid national number of country code 1 can have (None: any length)."""
    lengths: set[int] = set()
    for region in phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(1, ()):
        md = phonenumbers.PhoneMetadata.metadata_for_region(region.upper(), None)
        for desc in (getattr(md, name) for name in (*_TYPE_DESCS, "mobile")) if md else ():
            if desc is not None and desc.national_number_pattern:
                if not desc.possible_length:
                    return None
                lengths.update(desc.possible_length)
    return frozenset(lengths)


def nanp_valid(national: str, rules: tuple[Rule, ...]) -> bool:
    """``phonenumbers.is_valid_number`` of ``+1`` and the ten digits ``national``."""
    for lead, general, known in rules:
        if lead is not None and not lead.match(national):
            continue
        if general.fullmatch(national) is not None and known.fullmatch(national) is not None:
            return True
        if lead is not None:
            return False  # the region is chosen by its leading digits: its verdict stands
    return False
