"""ADAPTER: statistical models behind the core's ``EntityModel`` port.

The shipped CRFs are trained by ``scripts/train_name_model.py`` on the non-held-out
part of CLUENER2020. The default one (``names.crfsuite``) also learns from MSRA NER's
names and reads character clusters learnt from unlabelled text
(``boxguard.models.clusters``); the accurate one (``names_lac.crfsuite``) reads LAC's
word tags instead. Nothing is loaded at import time; ``load_default_models`` is called by
``services``.
"""

from __future__ import annotations

from importlib import resources
from typing import TYPE_CHECKING

from boxguard.detect.scanner import EntityModel

if TYPE_CHECKING:
    from boxguard.models.lac import LacTags

MODEL_FILE = "names.crfsuite"
ACCURATE_FILE = "names_lac.crfsuite"


def load_default_models(accurate: bool = False) -> tuple[EntityModel, ...]:
    """The shipped models, or none when the model file is absent.

    ``accurate``: the CRF that also reads LAC's word tags (``boxguard[accurate]``):
    better names and organizations, about 1/6 of the speed.
    """
    from boxguard.models.crf import CrfEntityModel

    if accurate:
        from boxguard.models.lac import LacTags

        words: LacTags | None = LacTags()
        name = ACCURATE_FILE
    else:
        words, name = None, MODEL_FILE
    ref = resources.files(__name__).joinpath(name)
    if not ref.is_file():
        return ()
    with resources.as_file(ref) as path:
        return (CrfEntityModel(path, words),)
