"""Addresses are encrypted at rest and found again only through a keyed hash."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

from bot.settings import Settings, SettingsError
from bot.store.crypto import AddressCipher
from bot.store.errors import StoreError
from bot.store.migrate import upgrade
from bot.store.repositories import contacts
from bot.store.session import create_engine_from_url, make_sessionmaker

PHONE = "+447700900123"


def test_addresses_decrypt_back_and_never_encrypt_the_same_twice(cipher: AddressCipher) -> None:
    first, second = cipher.encrypt(PHONE), cipher.encrypt(PHONE)
    assert first != second
    assert PHONE.encode() not in first
    assert cipher.decrypt(first) == cipher.decrypt(second) == PHONE


def test_lookup_hash_is_stable_keyed_and_per_channel(keys: dict[str, str]) -> None:
    cipher = AddressCipher(keys["CONTACT_KEY"], keys["HASH_KEY"])
    again = AddressCipher(Fernet.generate_key().decode(), keys["HASH_KEY"])
    other_key = AddressCipher(keys["CONTACT_KEY"], "another-secret")
    assert cipher.lookup_hash("sms", PHONE) == again.lookup_hash("sms", PHONE)
    assert len(cipher.lookup_hash("sms", PHONE)) == 64
    assert cipher.lookup_hash("sms", PHONE) != cipher.lookup_hash("telegram", PHONE)
    assert cipher.lookup_hash("sms", PHONE) != other_key.lookup_hash("sms", PHONE)


def test_the_wrong_key_fails_with_a_clear_error(cipher: AddressCipher, keys: dict[str, str]) -> None:
    stranger = AddressCipher(Fernet.generate_key().decode(), keys["HASH_KEY"])
    with pytest.raises(StoreError, match="wrong CONTACT_KEY"):
        stranger.decrypt(cipher.encrypt(PHONE))


def test_rotated_keys_still_decrypt_old_addresses(keys: dict[str, str]) -> None:
    old = AddressCipher(keys["CONTACT_KEY"], keys["HASH_KEY"])
    rotated = AddressCipher(Fernet.generate_key().decode() + "," + keys["CONTACT_KEY"], keys["HASH_KEY"])
    assert rotated.decrypt(old.encrypt(PHONE)) == PHONE


def test_missing_or_malformed_keys_are_settings_errors() -> None:
    with pytest.raises(SettingsError, match="CONTACT_KEY"):
        AddressCipher.from_settings(Settings(hash_key="x"))
    with pytest.raises(SettingsError, match="HASH_KEY"):
        AddressCipher.from_settings(Settings(contact_key=Fernet.generate_key().decode()))
    with pytest.raises(SettingsError, match="not a Fernet key"):
        AddressCipher("not-a-key", "x")


def test_no_plaintext_phone_number_anywhere_in_the_sqlite_files(tmp_path: Path, cipher: AddressCipher) -> None:
    url = f"sqlite:///{tmp_path / 'contacts.db'}"
    upgrade(url)
    engine = create_engine_from_url(url)
    factory = make_sessionmaker(engine)
    with factory.begin() as session:
        contacts.ensure_contact_for_address(session, cipher, "sms", PHONE, str(uuid.uuid4()))
    with factory.begin() as session:
        found = contacts.find_contact_by_address(session, cipher, "sms", PHONE)
        assert found is not None and cipher.decrypt(found.address_ciphertext) == PHONE
    engine.dispose()
    files = list(tmp_path.glob("contacts.db*"))  # the database plus any WAL / shared-memory file
    assert files
    for path in files:
        data = path.read_bytes()
        assert PHONE.encode() not in data and PHONE[1:].encode() not in data, path.name
        assert PHONE.encode("utf-16-le") not in data, path.name
