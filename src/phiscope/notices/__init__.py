"""Notices (issue 7): letters, mail file, rolling batches, regulator filings and call-center kit.

* ``config``   — the ``[letters]`` section of incident.toml (contacts, offer, signer);
* ``texts``    — the editable templates: letter text per language, plain element names, content map;
* ``content``  — which content blocks each jurisdiction's rules require or prohibit;
* ``plan``     — per person: recipient, laws, required/prohibited blocks, offer (obligations engine);
* ``compose``  — the data of one letter (every word, no layout);
* ``render``   — Typst batches in a process pool; ``manifest`` — who is on which page;
* ``ledger``   — notice batches, letters and enrollment codes in the case store (schema v4);
* ``mailfile`` — the print/mail vendor's CSV; ``verify`` — proves each page says what it must;
* ``filings``  — HHS, AG, CRA, media, substitute notice and call-center outputs.
"""
