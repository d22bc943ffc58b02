"""The Rust validators (``boxguard._native``) against the Python kinds: same answers.

For every kind the core validates, ``_native.is_valid(id, v) == kind.is_valid(v)`` and, for
a valid value, ``_native.check_for(id, v) == kind.check_for(v)``, over the kinds' examples
and counterexamples, values from their generators, single-character mutations of those,
and hypothesis-generated strings. Python's validator is the oracle: a disagreement is a
bug in one of the two, to be fixed so that they do not drift.
"""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boxguard import _native
from boxguard.kinds import Kind, all_kinds
from boxguard.kinds.phone import _code_digits

ROOT = Path(__file__).resolve().parents[3]
KINDS = [k for k in all_kinds() if k.id != "intl_phone"]
BY_ID = {k.id: k for k in KINDS}

#: generate_cn_uscc sorts the region codes on every call (~6 ms): fewer, to keep the file
#: under 30 s.
GENERATED = {"cn_uscc": 400}

#: Characters a mutation puts in: digits, letters, the check letter, full-width forms
#: (the validators receive folded text, so these stay as they are), non-ASCII digits,
#: separators and characters whose upper case is ASCII.
ALPHABET = (
    "0123456789abcxyzABCXYZ"
    "０９ＡＸ"
    "١٢٣۴੩²³①"
    " -()/.:,·•°′″'\"年月日号"
    "\u017f\u0131\u0130\u212a\u00df\u3000\u00a0\u001c\t"
)


def agree(kind: Kind, value: str) -> None:
    want = kind.is_valid(value)
    got = _native.is_valid(kind.id, value)
    assert got == want, f"{kind.id}: is_valid({value!r}) native {got}, Python {want}"
    if want:
        assert _native.check_for(kind.id, value) == kind.check_for(value), (kind.id, value)


def mutations(value: str, rng: random.Random, n: int) -> list[str]:
    """``n`` single-character substitutions, insertions, deletions and swaps of ``value``."""
    out = []
    for _ in range(n):
        i = rng.randrange(len(value) + 1)
        op = rng.randrange(4)
        c = rng.choice(ALPHABET)
        if op == 0 and i < len(value):
            out.append(value[:i] + c + value[i + 1 :])
        elif op == 1:
            out.append(value[:i] + c + value[i:])
        elif op == 2 and i < len(value):
            out.append(value[:i] + value[i + 1 :])
        elif i + 1 < len(value):
            out.append(value[:i] + value[i + 1] + value[i] + value[i + 2 :])
        else:
            out.append(value.upper())
    return out


def test_every_kind_but_intl_phone_has_a_native_validator() -> None:
    missing = [k.id for k in all_kinds() if _native.is_valid(k.id, "1") is None]
    assert missing == ["intl_phone"]
    assert _native.is_valid("no_such_kind", "1") is None
    assert _native.check_for("no_such_kind", "1") is None


def test_native_checks_name_every_python_check() -> None:
    for k in all_kinds():
        assert _native.check_for(k.id, "") == k.check or k.form_check is not None, k.id


@pytest.mark.parametrize("kind_id", sorted(BY_ID))
def test_examples_and_counterexamples(kind_id: str) -> None:
    kind = BY_ID[kind_id]
    for value in (*kind.examples, *kind.counterexamples):
        agree(kind, value)
    valid = [v for v in kind.examples if kind.is_valid(v)]
    assert all(_native.is_valid(kind_id, v) for v in valid)


@pytest.mark.parametrize("kind_id", sorted(BY_ID))
def test_generated_values_and_their_mutations(kind_id: str) -> None:
    kind = BY_ID[kind_id]
    values = list(kind.examples)
    if kind.generate is not None:
        rng = random.Random(kind_id)
        values += [kind.generate(rng) for _ in range(GENERATED.get(kind_id, 2000))]
    rng = random.Random(f"{kind_id}:mutate")
    checked = 0
    for value in values:
        for v in (value, *mutations(value, rng, 3)):
            agree(kind, v)
            checked += 1
    assert checked >= 4 * len(values)


@pytest.mark.parametrize("kind_id", sorted(BY_ID))
def test_mutations_of_examples_in_full_width(kind_id: str) -> None:
    kind = BY_ID[kind_id]
    to_full = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))}
    for value in (*kind.examples, *kind.counterexamples):
        for i, c in enumerate(value):
            if c in to_full:
                agree(kind, value[:i] + to_full[c] + value[i + 1 :])
        agree(kind, value.lower())
        agree(kind, f" {value}\u3000")


KIND_IDS = st.sampled_from(sorted(BY_ID))
DIGITISH = st.text(alphabet=st.sampled_from("0123456789" * 4 + " -X"), max_size=24)
LETTERISH = st.text(alphabet=st.sampled_from(ALPHABET), max_size=24)


@settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(KIND_IDS, st.text(max_size=30))
def test_any_text(kind_id: str, value: str) -> None:
    agree(BY_ID[kind_id], value)


@settings(max_examples=2000, deadline=None)
@given(KIND_IDS, st.one_of(DIGITISH, LETTERISH))
def test_digit_and_letter_strings(kind_id: str, value: str) -> None:
    agree(BY_ID[kind_id], value)


@settings(max_examples=1500, deadline=None)
@given(KIND_IDS, st.data())
def test_examples_with_hypothesis_edits(kind_id: str, data: st.DataObject) -> None:
    kind = BY_ID[kind_id]
    pool = [*kind.examples, *kind.counterexamples] or ["1"]
    value = data.draw(st.sampled_from(pool))
    i = data.draw(st.integers(0, len(value)))
    j = data.draw(st.integers(i, min(len(value), i + 2)))
    insert = data.draw(st.one_of(LETTERISH, st.text(max_size=2)))
    agree(kind, value[:i] + insert + value[j:])


def test_generated_reference_data_is_current() -> None:
    """native/core/src/validate/data.rs is what scripts/gen-native-data makes today."""
    script = ROOT / "scripts" / "gen-native-data"
    done = subprocess.run([sys.executable, str(script), "--check"], check=False)
    assert done.returncode == 0, "rerun scripts/gen-native-data (stdnum or phonenumbers moved)"


# -- intl_phone: the core decides the plain numbers in their country's plan, Python the rest

INTL = next(k for k in all_kinds() if k.id == "intl_phone")
#: country calling codes, a few that are not one, and 86 (refused as foreign)
CODES = ["1", "7", "20", "44", "49", "81", "86", "852", "853", "886", "971", "998", "999", "0"]
#: phone-ish strings the intl_phone pattern could hand over, and a few it could not
INTL_LIKE = st.builds(
    lambda lead, code, sep, groups, tail: lead + code + sep + " ".join(groups) + tail,
    st.sampled_from(["+", "00", "(", "+(", "＋", " +", "0", ""]),
    st.one_of(st.sampled_from(CODES), st.from_regex(r"\A[0-9]{1,3}\Z")),
    st.sampled_from([" ", "-", "", ") ", ")", " (0)", "+"]),
    st.lists(st.from_regex(r"\A[0-9]{1,5}\Z"), min_size=1, max_size=4),
    st.sampled_from(["", " ", "-", "x12", "#", "٣"]),
)


def test_intl_phone_plain_numbers_are_decided_in_the_core() -> None:
    """The synthetic foreign numbers all pass in the core (no call into Python); one whose
    national prefix parse may strip, or a mainland one, is left to Python."""
    rng = random.Random(20261207)
    values = [INTL.generate(rng) for _ in range(300)]  # type: ignore[misc]
    assert all(INTL.is_valid(v) for v in values)
    decided = [v for v in values if _native.surely_valid("intl_phone", v)]
    assert len(decided) == len(values), sorted(set(values) - set(decided))[:5]
    for v in ["+44 07911 123456", "+86 138 1234 5678", "+1 1415 555 2671", "+999 1234 5678"]:
        assert not _native.surely_valid("intl_phone", v), v
    assert not _native.surely_valid("cn_mobile", "+1 415-555-2671")


@settings(max_examples=3000, deadline=None)
@given(INTL_LIKE)
def test_intl_phone_core_accepts_only_what_python_accepts(value: str) -> None:
    """Whatever the core calls surely valid, ``validate_intl_phone`` accepts, with the same
    evidence (the core never says invalid: that is Python's to say)."""
    if _native.surely_valid("intl_phone", value):
        assert INTL.is_valid(value), value
        assert _native.check_for("intl_phone", value) == INTL.check_for(value)
        # and its country code is libphonenumber's (the mask keeps that many digits)
        assert len(str(_native.intl_plan_code(value))) == _code_digits(value)
    else:
        assert _native.intl_plan_code(value) is None


@settings(max_examples=3000, deadline=None)
@given(INTL_LIKE)
def test_intl_phone_core_rejects_only_what_python_rejects(value: str) -> None:
    """Whatever the core calls surely invalid, ``validate_intl_phone`` rejects, and it never
    calls one value both."""
    if _native.surely_invalid("intl_phone", value):
        assert not INTL.is_valid(value), value
        assert not _native.surely_valid("intl_phone", value)


def test_intl_phone_fragments_are_rejected_in_the_core() -> None:
    """Numbers out of a country's plan, in a country with one region, and mainland numbers
    are rejected without a call into Python; a code several regions share is Python's."""
    # out of the plan, mainland, no known code (+837…), too short a national number
    for v in ["0082735", "+86 138 1234 5678", "+852 1234", "0083783", "+81 1", "005072"]:
        assert _native.surely_invalid("intl_phone", v), v
    # shared codes (+1, +44), a national number parse may change (a leading 0)
    for v in ["+1 123 4567", "+44 1234", "+852 0000 0000", "0014838"]:
        assert not _native.surely_invalid("intl_phone", v), v
    assert not _native.surely_invalid("cn_mobile", "0082735")


def test_intl_phone_every_country_plan_mutated() -> None:
    """libphonenumber's example number of each region with its national number changed
    digit by digit: what the core rejects, Python rejects."""
    import phonenumbers

    decided = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        example = phonenumbers.example_number(region)
        if example is None:
            continue
        national = str(example.national_number)
        for i in range(len(national)):
            for d in "0159":
                changed = national[:i] + d + national[i + 1 :]
                code = example.country_code
                for value in (f"+{code} {changed}", f"+{code} {changed[:-1]}"):
                    if _native.surely_invalid("intl_phone", value):
                        decided += 1
                        assert not INTL.is_valid(value), value
    assert decided > 1000


def test_intl_phone_every_country_plan() -> None:
    """One number per country calling code, drawn from libphonenumber's own example numbers:
    the core's answer, where it gives one, is Python's."""
    import phonenumbers

    seen = 0
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        example = phonenumbers.example_number(region)
        if example is None:
            continue
        for form in (
            phonenumbers.PhoneNumberFormat.INTERNATIONAL,
            phonenumbers.PhoneNumberFormat.E164,
        ):
            value = phonenumbers.format_number(example, form)
            if _native.surely_valid("intl_phone", value):
                seen += 1
                assert INTL.is_valid(value), value
    assert seen > 300  # most countries' examples are plain numbers in their plan
