"""Where the case key comes from: ``--key-file`` or the ``PHISCOPE_KEY`` variable.

The key is a secret the user keeps (a long passphrase or random bytes in a
file). It is never logged, printed or written to the case directory.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from phiscope.errors import ConfigError

ENV_VAR = "PHISCOPE_KEY"
MIN_KEY_BYTES = 8

_HOW = f"set {ENV_VAR} or pass --key-file"


def load_key(env: Mapping[str, str], key_file: str | os.PathLike[str] | None) -> bytes:
    """The case key: the key file's bytes if ``key_file`` is given, else ``env[PHISCOPE_KEY]``.

    Surrounding whitespace (a trailing newline) is stripped. Raises
    ``ConfigError`` when no key is given, the file cannot be read or the key
    is shorter than ``MIN_KEY_BYTES``.
    """
    if key_file is not None:
        path = Path(key_file)
        try:
            key = path.read_bytes().strip()
        except OSError as exc:
            raise ConfigError(f"cannot read key file {path}: {exc.strerror or exc}") from None
        source = f"key file {path}"
    else:
        text = env.get(ENV_VAR)
        if text is None or not text.strip():
            raise ConfigError(f"no case key: {_HOW} (the key encrypts the case; keep it safe)")
        key = text.strip().encode("utf-8")
        source = ENV_VAR
    if len(key) < MIN_KEY_BYTES:
        raise ConfigError(f"the key in {source} is too short: use at least {MIN_KEY_BYTES} characters")
    return key
