"""Cryptography that is hard to misuse: FF1 format-preserving encryption, keyed PRFs."""

from boxguard.crypto.ff1 import FF1

__all__ = ["FF1"]
