"""A presenter's series: the same placeholders across write-ups; the mapping file encrypted,
authenticated and atomic; wrong keys and damaged files fail closed."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from balint_redact import Redactor
from balint_redact.errors import ConfigError, InputError
from balint_redact.series import Series, forget, list_names, series_path
from balint_redact.series import store

PASS = "correct horse battery staple"


@pytest.fixture
def data(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("BALINT_REDACT_DATA_DIR", str(folder))
    monkeypatch.delenv("BALINT_REDACT_PASSPHRASE", raising=False)
    return folder


def series_redactor(name: str = "family", passphrase: str = PASS, **options) -> Redactor:
    return Redactor(use_default_rules_file=False,
                    series=Series.open(name, passphrase=passphrase), **options)


WRITE_UPS = [
    "My client Amina Patel rang about her landlord, Gerald Thorne. Amina was frightened.",
    "Mrs Patel came back this month. Her sister Joan Whitfield sat in; Joan said little.",
    "Amina told me the hearing went well.",
]


def test_one_client_is_person_a_across_write_ups_and_name_variants(data) -> None:
    """The issue's acceptance: "Amina Patel", then "Mrs Patel", then "Amina" are Person A;
    a newcomer in the second write-up takes the next free letter, Person C."""
    first = series_redactor().redact(WRITE_UPS[0]).text
    assert first == ("My client Person A rang about her landlord, Person B. Person A was "
                     "frightened.")
    # each write-up in a fresh process-like state: the mapping comes back from the file
    second = series_redactor().redact(WRITE_UPS[1]).text
    assert second == "Mrs Person A came back this month. Her sister Person C sat in; " \
                     "Person C said little."
    third = series_redactor().redact(WRITE_UPS[2]).text
    assert third == "Person A told me the hearing went well."
    # without the series each write-up is lettered afresh (what the issue set out to fix)
    plain = Redactor(use_default_rules_file=False).redact(WRITE_UPS[1]).text
    assert "Person A came back" in plain and "Person B sat in" in plain


def test_two_people_one_document_never_share_a_series_letter(data) -> None:
    series_redactor().redact("Amina Patel rang.")
    text = series_redactor().redact("Amina Patel and Raj Patel came. Raj was angry.").text
    assert text == "Person A and Person B came. Person B was angry."


def test_a_series_needs_the_placeholder_style(data) -> None:
    with pytest.raises(ConfigError, match="placeholder style"):
        series_redactor(style="tag")


def test_the_mapping_file_is_private_encrypted_and_written_atomically(data) -> None:
    series_redactor().redact(WRITE_UPS[0])
    path = series_path("family")
    raw = path.read_bytes()
    assert raw.startswith(store.MAGIC)
    for word in (b"Amina", b"Patel", b"Thorne", b"amina", b"Person A"):
        assert word not in raw
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["family.series",
                                                             "family.series.lock"]
    header = json.loads(raw.split(b"\n")[1])
    assert header["key"] == "scrypt" and header["n"] >= 2 ** 15
    assert list_names() == ["family"]


def _open_error(data_bytes: bytes, passphrase: str = PASS, name: str = "family") -> str:
    series_path(name).write_bytes(data_bytes)
    with pytest.raises((ConfigError, InputError)) as err:
        Series.open(name, passphrase=passphrase)
    return str(err.value)


def test_wrong_passphrase_tampered_and_truncated_files_fail_closed(data) -> None:
    series_redactor().redact(WRITE_UPS[0])
    good = series_path("family").read_bytes()
    assert "wrong passphrase" in _open_error(good, "not the passphrase")
    flipped = bytearray(good)
    flipped[-5] ^= 1  # one bit of the ciphertext
    assert "altered" in _open_error(bytes(flipped))
    header_changed = good.replace(b'"r": 8', b'"r": 9')  # the header is authenticated too
    assert "altered" in _open_error(header_changed)
    assert "altered" in _open_error(good[:-10])
    assert "damaged" in _open_error(good[:40])
    assert "damaged" in _open_error(b"")
    assert "damaged" in _open_error(b"Person A\tAmina Patel\n")
    # and nothing was redacted with any of them: the Redactor is never built
    series_path("family").write_bytes(good[:-10])
    with pytest.raises(ConfigError):
        series_redactor()


def test_a_mapping_of_another_series_is_refused(data) -> None:
    series_redactor("family").redact(WRITE_UPS[0])
    series_redactor("housing").redact("Dominic Halloran rang.")
    other = series_path("housing").read_bytes()
    message = _open_error(other, name="family")
    assert "another series" in message
    assert "housing" not in message and "family" not in message


def test_errors_never_name_the_series_or_echo_the_passphrase(data) -> None:
    series_redactor("amina-patel").redact(WRITE_UPS[0])
    for attempt in (lambda: Series.open("amina-patel", passphrase="hunter2-wrong"),
                    lambda: Series.open("Amina Patel", passphrase=PASS)):
        with pytest.raises((ConfigError, InputError)) as err:
            attempt()
        assert "amina" not in str(err.value).lower() and "hunter2" not in str(err.value)


def test_a_changed_series_file_during_use_is_not_written_over(data) -> None:
    """A series opened, then replaced on disk by another series' mapping: the next write-up
    fails and the other mapping stays as it was."""
    family = series_redactor("family")
    family.redact(WRITE_UPS[0])
    series_redactor("housing").redact("Dominic Halloran rang.")
    other = series_path("housing").read_bytes()
    series_path("family").write_bytes(other)
    with pytest.raises(ConfigError, match="another series"):
        family.redact(WRITE_UPS[1])
    assert series_path("family").read_bytes() == other


def test_forget_and_list(data) -> None:
    series_redactor("a1").redact(WRITE_UPS[0])
    series_redactor("b2").redact(WRITE_UPS[2])
    assert list_names() == ["a1", "b2"]
    assert forget("a1") is True and forget("a1") is False
    assert list_names() == ["b2"]
    with pytest.raises(ConfigError, match="no such series"):
        Series.open("a1", passphrase=PASS, create=False)


def test_keyring_kept_key(data, monkeypatch) -> None:
    """A series whose key is in the operating system's keyring (an in-memory backend here):
    no passphrase needed; without the key the file cannot be opened; forget removes it."""
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1
        store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(Memory())
    try:
        s = Series.open("kr", use_keyring=True)
        Redactor(use_default_rules_file=False, series=s).redact(WRITE_UPS[0])
        assert json.loads(series_path("kr").read_bytes().split(b"\n")[1])["key"] == "keyring"
        again = Series.open("kr")
        assert again.labels()["Person A"] == "Amina Patel"
        assert len(Memory.store) == 1
        forget("kr")
        assert Memory.store == {}
    finally:
        keyring.set_keyring(previous)


def test_concurrent_writers_keep_each_others_entities(data) -> None:
    """Two Redactors on one series (two terminals): each re-reads the mapping under the lock,
    so neither loses the other's letters."""
    one, two = series_redactor(), series_redactor()
    one.redact("Amina Patel rang.")
    assert two.redact("Gerald Thorne and Amina Patel met.").text == \
        "Person B and Person A met."
    assert one.redact("Joan Whitfield and Gerald Thorne.").text == "Person C and Person B."
    assert os.path.exists(series_path("family"))


def test_a_failed_write_leaves_the_previous_mapping(data, monkeypatch) -> None:
    from balint_redact.errors import OutputError

    redactor = series_redactor()
    redactor.redact(WRITE_UPS[0])
    before = series_path("family").read_bytes()

    def full_disk(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.os, "replace", full_disk)
    with pytest.raises(OutputError, match="previous mapping is unchanged"):
        redactor.redact(WRITE_UPS[1])
    assert series_path("family").read_bytes() == before
    assert sorted(p.name for p in series_path("family").parent.iterdir()) == [
        "family.series", "family.series.lock"]


def test_the_data_folder(monkeypatch, tmp_path) -> None:
    """$BALINT_REDACT_DATA_DIR, else platformdirs if installed, else the XDG rules."""
    monkeypatch.setenv("BALINT_REDACT_DATA_DIR", str(tmp_path / "override"))
    assert store.series_dir() == tmp_path / "override" / "series"
    monkeypatch.delenv("BALINT_REDACT_DATA_DIR")
    monkeypatch.setitem(__import__("sys").modules, "platformdirs", None)  # not installed
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert store.data_dir() == tmp_path / "xdg" / "balint-redact"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert store.data_dir() == tmp_path / "home" / ".local" / "share" / "balint-redact"
