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
    ├── ConfigError           unknown kind / operator, invalid policy
    ├── AccessDenied          role or purpose not allowed
    ├── NotFound
    ├── CryptoError           opaque DecryptionFailed, KeyNotFound
    ├── IntegrityError        broken audit chain, forged proof
    └── StorageError

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
    "FormatError",
    "InputError",
    "IntegrityError",
    "LengthError",
    "NotFound",
    "StorageError",
    "ValidationError",
]
