"""Encryption and keyed hashing of contact addresses (phone numbers, chat ids)."""

from __future__ import annotations

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from bot.settings import Settings, SettingsError
from bot.store.errors import StoreError


class AddressCipher:
    """Fernet-encrypts addresses and makes the HMAC-SHA256 used to find a contact by address.

    `contact_key` may list several Fernet keys separated by commas: the first encrypts, all decrypt,
    so keys can be rotated without losing old rows.
    """

    def __init__(self, contact_key: str, hash_key: str) -> None:
        if not contact_key:
            raise SettingsError("CONTACT_KEY is not set.")
        if not hash_key:
            raise SettingsError("HASH_KEY is not set.")
        try:
            self._fernet = MultiFernet([Fernet(k.strip()) for k in contact_key.split(",") if k.strip()])
        except (ValueError, TypeError):
            raise SettingsError(
                "CONTACT_KEY is not a Fernet key (make one with: python -c "
                "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
            ) from None
        self._hash_key = hash_key.encode()

    @classmethod
    def from_settings(cls, settings: Settings) -> AddressCipher:
        """Build from CONTACT_KEY and HASH_KEY, failing with SettingsError if either is missing."""
        settings.require("contact_key", "hash_key")
        return cls(settings.contact_key, settings.hash_key)

    def encrypt(self, address: str) -> bytes:
        """Ciphertext of `address` (different every call: Fernet uses a random IV)."""
        return self._fernet.encrypt(address.encode("utf-8"))

    def decrypt(self, ciphertext: bytes) -> str:
        """The address back; StoreError if the key is wrong or the data damaged."""
        try:
            return self._fernet.decrypt(bytes(ciphertext)).decode("utf-8")
        except InvalidToken:
            raise StoreError("cannot decrypt a contact address: wrong CONTACT_KEY or damaged data.") from None

    def lookup_hash(self, channel: str, address: str) -> str:
        """Hex HMAC-SHA256 of "channel:address"; callers pass addresses in canonical form (E.164, chat id)."""
        return hmac.new(self._hash_key, f"{channel}:{address}".encode(), hashlib.sha256).hexdigest()
