"""Key loading and key derivation."""

from __future__ import annotations

from pathlib import Path

import pytest

from phiscope.errors import ConfigError
from phiscope.store.crypto import KdfParams, derive_keys
from phiscope.store.keys import ENV_VAR, load_key


def test_key_from_env_is_stripped() -> None:
    assert load_key({ENV_VAR: "  long enough secret\n"}, None) == b"long enough secret"


def test_key_file_wins_over_env(tmp_path: Path) -> None:
    path = tmp_path / "k"
    path.write_bytes(b"\x00\xffrandom-key-bytes\n")
    assert load_key({ENV_VAR: "the env secret"}, path) == b"\x00\xffrandom-key-bytes"


@pytest.mark.parametrize("env", [{}, {ENV_VAR: ""}, {ENV_VAR: "   "}])
def test_missing_key_says_what_to_do(env: dict[str, str]) -> None:
    with pytest.raises(ConfigError, match=r"set PHISCOPE_KEY or pass --key-file"):
        load_key(env, None)


def test_unreadable_key_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read key file"):
        load_key({}, tmp_path / "nope")


@pytest.mark.parametrize("content", [b"", b"short\n"])
def test_too_short_key(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "k"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match="too short"):
        load_key({}, path)


def test_sub_keys_are_independent_and_deterministic() -> None:
    kdf = KdfParams(salt=b"s" * 16, n=2**10)
    a, b = derive_keys(b"secret one", kdf), derive_keys(b"secret one", kdf)
    assert (a.db_key, a.hmac_key, a.check_key) == (b.db_key, b.hmac_key, b.check_key)
    assert len({a.db_key, a.hmac_key, a.check_key}) == 3
    assert all(len(k) == 32 for k in (a.db_key, a.hmac_key, a.check_key))
    other_salt = derive_keys(b"secret one", KdfParams(salt=b"t" * 16, n=2**10))
    assert other_salt.db_key != a.db_key and other_salt.key_check() != a.key_check()
    assert derive_keys(b"secret two", kdf).key_check() != a.key_check()


def test_key_check_reveals_no_sub_key() -> None:
    keys = derive_keys(b"secret one", KdfParams(salt=b"s" * 16, n=2**10))
    check = keys.key_check()
    for k in (keys.db_key, keys.hmac_key, keys.check_key):
        assert k.hex() not in check
    assert "secret" not in repr(keys) and keys.db_key.hex() not in repr(keys)


def test_kdf_params_round_trip_and_validation() -> None:
    kdf = KdfParams.fresh()
    assert kdf.n == 2**17 and len(kdf.salt) == 16
    assert KdfParams.from_json(kdf.to_json()) == kdf
    with pytest.raises(ValueError):
        KdfParams.from_json({**kdf.to_json(), "n": 1000})
    with pytest.raises(ValueError):
        KdfParams.from_json({**kdf.to_json(), "name": "md5"})
