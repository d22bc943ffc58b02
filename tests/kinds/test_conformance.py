"""Conformance tests run for every registered kind (architecture.md).

A kind's own test file holds only what is special about it.
"""

from __future__ import annotations

import functools

import pytest

from boxguard import Scanner
from boxguard.kinds import all_kinds, get_kind

KINDS = all_kinds()


@functools.cache
def scanner_for(kind_id: str) -> Scanner:
    return Scanner(kinds=[kind_id])


IDS = [k.id for k in KINDS]
JUNK = ["", "€", "😴", " ", "\x00", "0", "-", "中文"]


def _examples() -> list[tuple[str, str]]:
    return [(k.id, ex) for k in KINDS for ex in k.examples]


def _counterexamples() -> list[tuple[str, str]]:
    return [(k.id, ex) for k in KINDS if k.validate is not None for ex in k.counterexamples]


@pytest.mark.parametrize("kind", KINDS, ids=IDS)
def test_declaration_is_complete(kind) -> None:
    assert kind.id.islower()
    assert " " not in kind.id
    assert kind.zh
    assert kind.en
    assert kind.examples, "every kind has examples"
    assert kind.patterns or kind.finders or kind.model_based, "a kind must be findable"
    assert kind.mask(kind.examples[0]) != kind.examples[0], "the display mask hides something"


@pytest.mark.parametrize(("kind_id", "example"), _examples())
def test_examples_validate(kind_id: str, example: str) -> None:
    kind = get_kind(kind_id)
    if kind.validate is not None:
        assert kind.is_valid(example), example


@pytest.mark.parametrize(("kind_id", "example"), _counterexamples())
def test_counterexamples_fail(kind_id: str, example: str) -> None:
    assert not get_kind(kind_id).is_valid(example)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.validate is not None], ids=lambda k: k.id)
@pytest.mark.parametrize("junk", JUNK)
def test_junk_never_validates(kind, junk: str) -> None:
    assert not kind.is_valid(junk)


@pytest.mark.parametrize(("kind_id", "example"), _examples())
@pytest.mark.parametrize(
    "template",
    [
        "{label}：{value}，请核实。",
        "请联系{label} {value} 谢谢",
        "Customer {label}: {value}.",
        "{label}\t{value}\n",
    ],
)
def test_example_found_in_sentences(kind_id: str, example: str, template: str) -> None:
    kind = get_kind(kind_id)
    label = kind.context[0] if kind.context else ""
    text = template.format(label=label, value=example)
    found = scanner_for(kind_id).scan(text)
    spans = [(f.start, f.end) for f in found if f.kind == kind_id]
    start = text.index(example)
    assert (start, start + len(example)) in spans, (text, found)


@pytest.mark.parametrize(("kind_id", "example"), _examples())
def test_repr_never_shows_the_value(kind_id: str, example: str) -> None:
    label = get_kind(kind_id).context[0] if get_kind(kind_id).context else ""
    for f in scanner_for(kind_id).scan(f"{label}：{example}"):
        if len(f.value) >= 4:
            assert f.value not in repr(f)
            assert f.value not in str(f.to_dict())


@pytest.mark.parametrize("kind", [k for k in KINDS if k.generate is not None], ids=lambda k: k.id)
def test_generated_values_validate_and_are_found(kind) -> None:
    import random

    rng = random.Random(20261125)
    label = kind.context[0] if kind.context else ""
    for _ in range(200):
        value = kind.generate(rng)
        if kind.validate is not None:
            assert kind.is_valid(value), value
        text = f"{label}：{value}。"
        spans = [(f.start, f.end) for f in scanner_for(kind.id).scan(text)]
        start = text.index(value)
        assert (start, start + len(value)) in spans, text
