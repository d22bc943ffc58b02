"""ADAPTER: statistical models behind the core's ``EntityModel`` port.

The shipped CRF (``names.crfsuite``) is trained by ``scripts/train_name_model.py``
on the non-held-out part of CLUENER2020 plus synthetic records. Nothing is
loaded at import time; ``load_default_models`` is called by ``services``.
"""

from __future__ import annotations

from importlib import resources

from boxguard.detect.scanner import EntityModel

MODEL_FILE = "names.crfsuite"


def load_default_models() -> tuple[EntityModel, ...]:
    """The shipped models, or none when the model file is absent."""
    from boxguard.models.crf import CrfEntityModel

    ref = resources.files(__name__).joinpath(MODEL_FILE)
    if not ref.is_file():
        return ()
    with resources.as_file(ref) as path:
        return (CrfEntityModel(path),)
