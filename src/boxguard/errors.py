"""The one exception tree of boxguard.

Every error boxguard raises on purpose is a :class:`BoxguardError`. Adapters
map the classes to exit codes (CLI) and HTTP statuses in one place each.
Messages say what went wrong and where; they never contain the personal
value itself.

::

    BoxguardError
    ├── InputError            unreadable file, bad encoding, bad record
    ├── ValidationError       a value is not a valid instance of its kind
    │   ├── FormatError       wrong characters or shape
    │   ├── LengthError       wrong length
    │   ├── ChecksumError     check character does not match
    │   └── ComponentError    a part (region, date, segment) does not exist
    ├── ConfigError           unknown kind / operator, invalid policy or setting
    ├── AccessDenied          role, purpose, consent or a limit does not allow it
    ├── NotFound              no such record, user or object
    ├── CryptoError           a cryptographic operation failed
    │   ├── KeyNotFound       the keyset has no key with that id
    │   └── DecryptionFailed  opaque: wrong key, tampered bytes or associated data
    ├── IntegrityError        broken audit chain, forged proof
    └── StorageError          the database failed

Adapters map these classes to exit codes (``adapters/cli/app.py``: 2, and 3 for
AccessDenied) and HTTP statuses in one place each. Messages never name a command of
one adapter (they are read in an API response too).

>>> issubclass(ChecksumError, BoxguardError)
True
"""

from __future__ import annotations


class BoxguardError(Exception):
    """Base of every error boxguard raises on purpose."""


class InputError(BoxguardError):
    """An input could not be read or parsed (file, encoding, record, field)."""


class ValidationError(BoxguardError):
    """A value is not a valid instance of its kind (python-stdnum's contract)."""


class FormatError(ValidationError):
    """The value has the wrong characters or shape."""


class LengthError(ValidationError):
    """The value has the wrong length."""


class ChecksumError(ValidationError):
    """The value's check character does not match."""


class ComponentError(ValidationError):
    """A component of the value (region code, date, segment) does not exist."""


class ConfigError(BoxguardError):
    """Configuration is wrong: unknown kind or operator, invalid policy or option."""


class AccessDenied(BoxguardError):
    """The role or purpose is not allowed to do this."""


class NotFound(BoxguardError):
    """The requested object does not exist."""


class CryptoError(BoxguardError):
    """A cryptographic operation failed (deliberately opaque)."""


class KeyNotFound(CryptoError):
    """The keyset has no key with the id a ciphertext or manifest names."""


class DecryptionFailed(CryptoError):
    """Opaque: the ciphertext could not be decrypted with this keyset and associated data."""

    def __init__(self) -> None:
        super().__init__("decryption failed")


class IntegrityError(BoxguardError):
    """Stored data or a proof failed verification."""


class StorageError(BoxguardError):
    """The storage back end failed."""


__all__ = [
    "AccessDenied",
    "BoxguardError",
    "ChecksumError",
    "ComponentError",
    "ConfigError",
    "CryptoError",
    "DecryptionFailed",
    "FormatError",
    "InputError",
    "IntegrityError",
    "KeyNotFound",
    "LengthError",
    "NotFound",
    "StorageError",
    "ValidationError",
]
