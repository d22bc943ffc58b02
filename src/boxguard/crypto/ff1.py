"""NIST SP 800-38G FF1 format-preserving encryption on AES (``cryptography``).

FF1 encrypts a string of numerals in radix ``radix`` to another string of the
same length and radix, reversibly with the key and the tweak. It is the FPE
mode NIST keeps (FF3-1 is being withdrawn). Domains smaller than 1,000,000
values are refused, as SP 800-38G Rev. 1 requires.

This module must never log or raise with a plaintext or ciphertext in the message.

>>> key = bytes.fromhex("2B7E151628AED2A6ABF7158809CF4F3C")
>>> FF1(key, radix=10).encrypt("0123456789")
'2433477484'
>>> FF1(key, radix=10).decrypt("2433477484")
'0123456789'
"""

from __future__ import annotations

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from boxguard.errors import ConfigError, CryptoError

_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ROUNDS = 10
#: SP 800-38G Rev. 1: radix ** minlen must be at least one million.
MIN_DOMAIN = 1_000_000
_MAX_LEN = 2**32 - 1


class FF1:
    """FF1 over ``alphabet`` (default: the first ``radix`` of 0-9a-zA-Z).

    The key is 16, 24 or 32 bytes (AES-128/192/256). The tweak is public
    context that changes the permutation (e.g. the kind id); it may be empty.
    """

    __slots__ = ("_alphabet", "_ecb", "_index", "radix")

    def __init__(self, key: bytes, radix: int = 10, alphabet: str | None = None) -> None:
        if len(key) not in (16, 24, 32):
            raise ConfigError("FF1 needs a 16, 24 or 32 byte AES key")
        alphabet = alphabet if alphabet is not None else _ALPHABET[:radix]
        if not 2 <= radix <= 2**16 or len(alphabet) != radix or len(set(alphabet)) != radix:
            raise ConfigError("FF1 radix must be 2..65536 with that many distinct symbols")
        self.radix = radix
        self._alphabet = alphabet
        self._index = {c: i for i, c in enumerate(alphabet)}
        self._ecb = Cipher(algorithms.AES(key), modes.ECB())

    def __repr__(self) -> str:
        return f"FF1(radix={self.radix}, key=<redacted>)"

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("FF1 objects hold a key and cannot be pickled")

    # -- public ----------------------------------------------------------------
    def encrypt(self, text: str, tweak: bytes = b"") -> str:
        """Encrypt ``text`` (numerals of the alphabet) under ``tweak``."""
        return self._decode(self._run(self._encode(text), tweak, encrypt=True))

    def decrypt(self, text: str, tweak: bytes = b"") -> str:
        """Decrypt ``text``; the inverse of :meth:`encrypt` for the same key and tweak."""
        return self._decode(self._run(self._encode(text), tweak, encrypt=False))

    def min_length(self) -> int:
        """The shortest input this radix allows (radix ** n ≥ 1,000,000)."""
        n = 1
        while self.radix**n < MIN_DOMAIN:
            n += 1
        return n

    # -- the algorithm (SP 800-38G §6.2, Algorithms 7 and 8) -------------------
    def _run(self, x: list[int], tweak: bytes, *, encrypt: bool) -> list[int]:
        n, t, radix = len(x), len(tweak), self.radix
        if not self.min_length() <= n <= _MAX_LEN:
            raise CryptoError(f"FF1 input length must be at least {self.min_length()}")
        if t > _MAX_LEN:
            raise CryptoError("FF1 tweak too long")
        u = n // 2
        v = n - u
        a, b = x[:u], x[u:]
        blen = ((radix**v - 1).bit_length() + 7) // 8
        d = 4 * ((blen + 3) // 4) + 4
        p = (
            bytes([1, 2, 1])
            + radix.to_bytes(3, "big")
            + bytes([10, u % 256])
            + n.to_bytes(4, "big")
            + t.to_bytes(4, "big")
        )
        pad = bytes((-t - blen - 1) % 16)
        rounds = range(_ROUNDS) if encrypt else range(_ROUNDS - 1, -1, -1)
        for i in rounds:
            m = u if i % 2 == 0 else v
            src = b if encrypt else a
            q = tweak + pad + bytes([i]) + _num(src, radix).to_bytes(blen, "big")
            y = int.from_bytes(self._prf_expand(p + q, d), "big")
            if encrypt:
                c = (_num(a, radix) + y) % radix**m
                a, b = b, _str(c, radix, m)
            else:
                c = (_num(b, radix) - y) % radix**m
                a, b = _str(c, radix, m), a
        return a + b

    def _prf_expand(self, data: bytes, d: int) -> bytes:
        enc = self._ecb.encryptor()
        r = bytes(16)
        for off in range(0, len(data), 16):  # CBC-MAC with a zero IV
            r = enc.update(bytes(x ^ y for x, y in zip(r, data[off : off + 16], strict=True)))
        out = bytearray(r)
        j = 1
        while len(out) < d:
            out += enc.update(bytes(x ^ y for x, y in zip(r, j.to_bytes(16, "big"), strict=True)))
            j += 1
        return bytes(out[:d])

    def _encode(self, text: str) -> list[int]:
        try:
            return [self._index[c] for c in text]
        except KeyError:
            raise CryptoError("FF1 input holds a character outside its alphabet") from None

    def _decode(self, nums: list[int]) -> str:
        return "".join(self._alphabet[i] for i in nums)


def _num(xs: list[int], radix: int) -> int:
    out = 0
    for x in xs:
        out = out * radix + x
    return out


def _str(value: int, radix: int, m: int) -> list[int]:
    out = [0] * m
    for i in range(m - 1, -1, -1):
        value, out[i] = divmod(value, radix)
    return out
