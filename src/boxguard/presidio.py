"""ADAPTER: boxguard's kinds as a Presidio recognizer (optional extra ``boxguard[presidio]``).

Add Chinese personal information to an existing Presidio ``AnalyzerEngine`` in two lines::

    from boxguard.presidio import add_to
    add_to(analyzer)                      # then analyzer.analyze(text, language="en")

Entity names are Presidio's own where Presidio has one for the same thing, so that what
both find is one result (Presidio keeps the better of two overlapping results of one
entity) and an anonymizer's operators for ``PHONE_NUMBER`` or ``PERSON`` apply as they are:

==================================  =================  =====================================
boxguard kind                       Presidio entity    why
==================================  =================  =====================================
``cn_mobile``, ``cn_landline``,     ``PHONE_NUMBER``   phone numbers, whatever the country
``intl_phone``
``email``                           ``EMAIL_ADDRESS``  the same thing
``ip_address``                      ``IP_ADDRESS``     the same thing (v4 and v6)
``mac_address``                     ``MAC_ADDRESS``    the same thing
``bank_card``                       ``CREDIT_CARD``    Presidio's payment card number (Luhn,
                                                       12-19 digits), debit cards included
``person_name``                     ``PERSON``         a person's name
``organization``                    ``ORGANIZATION``   an employer or other organization
``address``                         ``LOCATION``       a place; Presidio has no address entity
``birth_date``                      ``DATE_TIME``      a date; Presidio has no birth date
==================================  =================  =====================================

The other 20 kinds have no Presidio counterpart (Presidio's IDs are of other countries:
``US_PASSPORT`` is not a Chinese passport) and keep their id upper-cased:
``CN_RESIDENT_ID``, ``CN_PASSPORT``, ``CN_HK_MACAU_PERMIT``, ``CN_TAIWAN_PERMIT``,
``HK_ID_CARD``, ``TW_NATIONAL_ID``, ``CN_USCC``, ``CN_LICENSE_PLATE``, ``VIN``,
``PROPERTY_CERT_NO``, ``POSTAL_CODE``, ``GEO_COORDINATE`` (coordinates, not a named
``LOCATION``), ``AIR_TICKET_NO``, ``PNR_CODE``, ``WAYBILL_NO``, ``IMEI``, ``QQ_NUMBER``,
``WECHAT_ID``, ``CREDENTIAL``, ``SMS_CODE``.

Each result names its boxguard kind in ``recognition_metadata["boxguard_kind"]`` and in
its explanation, with boxguard's evidence (check digit, context word, model): a
``DATE_TIME`` that is a birth date says so. Never holds or logs a value.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult

from boxguard import services
from boxguard.detect.scanner import DEFAULT_THRESHOLD
from boxguard.kinds import kind_ids

#: boxguard kind -> Presidio's own entity for the same thing (the others: the id upper-cased).
PRESIDIO_ENTITIES: Mapping[str, str] = MappingProxyType(
    {
        "cn_mobile": "PHONE_NUMBER",
        "cn_landline": "PHONE_NUMBER",
        "intl_phone": "PHONE_NUMBER",
        "email": "EMAIL_ADDRESS",
        "ip_address": "IP_ADDRESS",
        "mac_address": "MAC_ADDRESS",
        "bank_card": "CREDIT_CARD",
        "person_name": "PERSON",
        "organization": "ORGANIZATION",
        "address": "LOCATION",
        "birth_date": "DATE_TIME",
    }
)


def entity_name(kind_id: str) -> str:
    """The Presidio entity a kind's findings are reported as.

    >>> entity_name("cn_mobile"), entity_name("email"), entity_name("cn_resident_id")
    ('PHONE_NUMBER', 'EMAIL_ADDRESS', 'CN_RESIDENT_ID')
    """
    return PRESIDIO_ENTITIES.get(kind_id, kind_id.upper())


class BoxguardRecognizer(EntityRecognizer):
    """All (or some) boxguard kinds as one Presidio recognizer."""

    def __init__(
        self,
        kinds: Iterable[str] | None = None,
        supported_language: str = "en",
        threshold: float = DEFAULT_THRESHOLD,
        use_model: bool = True,
    ) -> None:
        ids = tuple(kinds) if kinds is not None else kind_ids()
        self._scanner = services.scanner(kinds=ids, threshold=threshold, use_model=use_model)
        super().__init__(
            supported_entities=list(dict.fromkeys(entity_name(k) for k in ids)),
            supported_language=supported_language,
            name="BoxguardRecognizer",
        )

    def load(self) -> None:
        """Nothing to load eagerly: the scanner builds lazily and is cached."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: Any = None
    ) -> list[RecognizerResult]:
        wanted = set(entities or self.supported_entities)
        results = []
        for f in self._scanner.scan(text):
            entity = entity_name(f.kind)
            if entity not in wanted:
                continue
            explanation = AnalysisExplanation(
                recognizer="BoxguardRecognizer",
                original_score=f.score,
                textual_explanation=f"boxguard {f.kind}: " + ", ".join(f.evidence),
            )
            results.append(
                RecognizerResult(
                    entity,
                    f.start,
                    f.end,
                    f.score,
                    analysis_explanation=explanation,
                    recognition_metadata={"boxguard_kind": f.kind},
                )
            )
        return results


def add_to(analyzer: Any, languages: Iterable[str] = ("en",), **options: Any) -> None:
    """Register boxguard's recognizer with ``analyzer`` for each of ``languages``."""
    for lang in languages:
        analyzer.registry.add_recognizer(BoxguardRecognizer(supported_language=lang, **options))
