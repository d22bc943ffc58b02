"""ADAPTER: a CRFsuite model file (``*.crfsuite``) read as arrays, without python-crfsuite.

python-crfsuite's ``Tagger.info()`` dumps the model as text and parses it back: about a
second for the shipped name model, and the weights arrive printed with six decimals. The
file itself is small and simple (CRFsuite's ``crf1d_model.c``): a 48-byte header of
offsets, the labels and attributes each in a CQDB (a string table with a backward array of
record offsets by id), and the features as fixed 20-byte records (type, source, target,
weight as a little-endian double). Read here with NumPy: the weights exactly as trained,
in ~50 ms. Never writes a model (python-crfsuite's trainer does).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from boxguard.errors import ConfigError

_HEADER = struct.Struct("<4sI4sI8I")
_CQDB = struct.Struct("<4sIIIII")  # chunk id, size, flag, byte order, ids, backward offset
_RECORD = struct.Struct("<II")  # id, key size (with its NUL)
_CHUNK = struct.Struct("<4sII")  # chunk id, size, items
#: A feature: 0 a state feature (attribute -> label), 1 a transition (label -> label).
FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


@dataclass(frozen=True)
class CrfFile:
    """A CRFsuite model: labels and attributes by id, and every feature.

    >>> from boxguard.models.crf import DEFAULT_PATH
    >>> m = read_crfsuite(DEFAULT_PATH)
    >>> m.labels[0], len(m.attributes) > 1000, int((m.features["type"] == 1).sum()) > 0
    ('O', True, True)
    """

    labels: tuple[str, ...]
    attributes: tuple[str, ...]
    features: npt.NDArray[np.void]  # of FEATURE


def read_crfsuite(path: str | Path) -> CrfFile:
    """The model at ``path``; ``ConfigError`` (naming the file, not its contents) when it
    is not a CRFsuite model file."""
    data = Path(path).read_bytes()
    try:
        # (CRFsuite leaves the header's feature count at 0: the chunk's own count is read)
        magic, _size, kind, _version, _n, n_labels, n_attrs, off_feat, off_labels, off_attrs = (
            _HEADER.unpack_from(data, 0)[:10]
        )
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError("magic")
        chunk, _csize, n = _CHUNK.unpack_from(data, off_feat)
        if chunk != b"FEAT" or off_feat + _CHUNK.size + n * FEATURE.itemsize > len(data):
            raise ValueError("features")
        features = np.frombuffer(data, dtype=FEATURE, count=n, offset=off_feat + _CHUNK.size)
        labels = _strings(data, off_labels, n_labels)
        attributes = _strings(data, off_attrs, n_attrs)
        bound = np.where(features["type"] == 0, len(attributes), len(labels))
        if ((features["src"] >= bound) | (features["dst"] >= len(labels))).any():
            raise ValueError("feature ids")
    except (struct.error, ValueError, UnicodeDecodeError) as e:  # a truncated or foreign file
        raise ConfigError(f"{Path(path).name}: not a CRFsuite model file") from e
    return CrfFile(labels, attributes, features)


def _strings(data: bytes, offset: int, count: int) -> tuple[str, ...]:
    """The strings of the CQDB at ``offset``, by id (its backward array)."""
    chunk, _size, _flag, _order, n_ids, backward = _CQDB.unpack_from(data, offset)
    if chunk != b"CQDB" or n_ids != count:
        raise ValueError("cqdb")
    out = []
    for rec in np.frombuffer(data, dtype="<u4", count=n_ids, offset=offset + backward).tolist():
        at = offset + rec + _RECORD.size
        _id, size = _RECORD.unpack_from(data, offset + rec)
        if size < 1 or data[at + size - 1] != 0:
            raise ValueError("cqdb record")
        out.append(data[at : at + size - 1].decode("utf-8"))
    return tuple(out)
