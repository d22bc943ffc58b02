"""What a kind of personal information is: one frozen declaration.

A kind declares everything boxguard needs to find, explain and mask it:
its public id (from ``shared/spec/pi-kinds.md``), names, GB/T 35273
category, sensitivity, candidate patterns with base scores, a validator,
context words, column-name hints, a default display mask and examples — and
the rules the operators read instead of testing its id: how format-preserving
encryption treats it (``fpe_*``) and how it is generalized (``generalize``).

This module must never import an adapter, a database or a CLI library.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, TypeVar

from boxguard.kinds._lazy import LazyRegex

if TYPE_CHECKING:
    import datetime as dt  # an annotation only: datetime costs ~3 ms at start-up


class Category(str, Enum):
    """GB/T 35273-2020 Appendix A groups.

    >>> Category.IDENTITY.zh
    '个人身份信息'
    """

    BASIC = "basic"
    IDENTITY = "identity"
    EDUCATION_WORK = "education & work"
    NETWORK_IDENTITY = "network identity"
    COMMUNICATION = "communication"
    DEVICE = "device"
    PROPERTY = "property"
    LOCATION = "location & trajectory"

    @property
    def zh(self) -> str:
        return _CATEGORY_ZH[self]


_CATEGORY_ZH = {
    Category.BASIC: "个人基本资料",
    Category.IDENTITY: "个人身份信息",
    Category.EDUCATION_WORK: "个人教育工作信息",
    Category.NETWORK_IDENTITY: "网络身份标识信息",
    Category.COMMUNICATION: "个人通信信息",
    Category.DEVICE: "个人常用设备信息",
    Category.PROPERTY: "个人财产信息",
    Category.LOCATION: "个人位置轨迹信息",
}

#: Characters that may not touch a numeric/alphanumeric value on either side.
#: Patterns use these so that a mobile number is never found inside a longer
#: number, and an ID is never found inside a longer token.
ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
ALNUM_AFTER = r"(?![0-9A-Za-z])"
DIGIT_BEFORE = r"(?<![0-9])"
DIGIT_AFTER = r"(?![0-9])"


@dataclass(frozen=True)
class Pattern:
    """A candidate pattern of a kind.

    ``regex`` runs on the *normalized* text (full-width folded to half-width,
    same length). If it has a group named ``value``, the finding covers that
    group only (so a label such as ``密码：`` can anchor the pattern without
    becoming part of the span); otherwise the whole match.

    Character classes are ASCII (``re.ASCII``): ``[0-9]`` for a digit class and
    ``[A-Za-z0-9_]`` for a word class; write Chinese characters as literals or ranges
    (``[一-龥]``). Values are ASCII after folding, and ASCII classes keep
    the Hyperscan prefilter fast and exact.

    ``score`` is the base confidence before validation and context.
    ``context_required`` patterns are reported only when a context word of
    the kind is near (or the regex itself contains the label).
    """

    name: str
    regex: str
    score: float
    context_required: bool = False
    flags: int = 0

    def compile(self) -> re.Pattern[str]:
        return re.compile(self.regex, self.flags | re.ASCII)


@dataclass(frozen=True)
class Span:
    """A candidate produced by a custom finder or a model: [start, end) plus evidence."""

    start: int
    end: int
    score: float
    evidence: tuple[str, ...] = ()


#: A custom finder: given the normalized text, yields candidate spans.
Finder = Callable[[str], Iterable[Span]]

F = TypeVar("F", bound=Callable[[str], Iterable[Span]])


def triggered_by(regex: str) -> Callable[[F], F]:
    """Declare the regex a finder needs to see before it is worth running.

    The scanner adds the trigger to its one Hyperscan prefilter pass; the finder
    runs only on texts where the trigger may match. The trigger must match
    wherever the finder could find something (a superset), or findings are lost.
    """

    def mark(finder: F) -> F:
        finder.trigger = regex  # type: ignore[attr-defined]
        return finder

    return mark


def native_regexes(
    named: Mapping[str, re.Pattern[str] | LazyRegex],
) -> dict[str, tuple[str, int]]:
    """A twin's regexes as the native core takes them: each one's pattern and flags, by name.

    >>> native_regexes({"digits": re.compile(r"\\d+", re.ASCII)})
    {'digits': ('\\\\d+', 256)}
    """
    return {name: (rx.pattern, int(rx.flags)) for name, rx in named.items()}


def native_twin(build: Callable[[], object]) -> Callable[[F], F]:
    """Declare how the native core builds a finder's twin (``build()``: a
    ``boxguard._native.NativeFinder`` from the finder's own regexes and lexicons, or None
    when the core is not built). The scanner runs the twin when its native engine runs; the
    Python finder stays the reference the differential tests compare it with.
    """

    def mark(finder: F) -> F:
        finder.native_twin = build  # type: ignore[attr-defined]
        return finder

    return mark


#: A validator: returns the compact value or raises a ValidationError subclass.
Validator = Callable[[str], str]
#: A display mask: returns a masked rendering safe to show.
Masker = Callable[[str], str]
#: A generator of synthetic, valid values (test corpora, surrogates).
Generator = Callable[[random.Random], str]
#: A keyed permutation of digit strings under a tweak: FF1's encrypt (or decrypt).
Permute = Callable[[str, bytes], str]
#: A kind's own format-preserving encryption: (value, permute) → the value with its
#: digits permuted (the check character still to fix), or None for the generic path.
FPESpecial = Callable[[str, Permute], str | None]


@dataclass(frozen=True)
class Coarsening:
    """How coarse a generalization should be: the ``generalize`` operator's parameters.

    ``level`` is the kind's own word (``year``, ``district``...; None: the kind's
    default); ``decimals``, ``digits`` and ``band`` serve the kinds that read them.
    """

    level: str | None = None
    decimals: int = 2
    digits: int = 3
    band: int = 10
    today: dt.date | None = None


@dataclass(frozen=True)
class Generalization:
    """How a kind's values are made coarser, declared by the kind.

    ``rule(value, how)`` returns the coarser value (a ConfigError for a level the kind
    does not have). ``ladder`` is what k-anonymity climbs, finest first, as (level name,
    parameters): every ladder starts at ``as is`` and ends at ``*`` around these.
    """

    rule: Callable[[str, Coarsening], str]
    ladder: tuple[tuple[str, Coarsening], ...] = ()


@dataclass(frozen=True)
class Kind:
    """One kind of personal information.

    >>> from boxguard.kinds import get_kind
    >>> k = get_kind("cn_mobile")
    >>> (k.zh, k.category.value, k.sensitive)
    ('手机号', 'basic', False)
    >>> k.mask("13812345678")
    '138****5678'
    """

    id: str
    en: str
    zh: str
    category: Category
    sensitive: bool
    patterns: tuple[Pattern, ...] = ()
    validate: Validator | None = None
    #: What the validator checks, for the evidence ("checksum:GB11643").
    check: str = "valid"
    #: When what the validator checks depends on the value's form (a 15-digit IMEI has a
    #: Luhn digit, a 16-digit IMEISV none): the evidence for a valid value; see
    #: :meth:`check_for`. ``check`` then names the main form's check (docs/kinds.md).
    form_check: Callable[[str], str] | None = None
    context: tuple[str, ...] = ()
    #: Words that, near a candidate, mean it is something else (订单号, 版本).
    negative_context: tuple[str, ...] = ()
    #: Characters before / after a candidate searched for context words.
    window: tuple[int, int] = (16, 6)
    column_hints: tuple[str, ...] = ()
    mask: Masker = field(default=lambda v: "*" * len(v))
    examples: tuple[str, ...] = ()
    counterexamples: tuple[str, ...] = ()
    #: Makes a synthetic value that validates (and is found) as this kind.
    generate: Generator | None = None
    #: Whether a whole table cell looks like this kind; used only when the column's
    #: name hints the kind (a bare 张伟 in a 收件人 column is a name).
    cell_shape: Callable[[str], bool] | None = None
    #: Custom rule-based candidate generation (no regex can express it).
    finders: tuple[Finder, ...] = ()
    #: Corrects a model's span boundaries with the kind's own rules: (text, start, end)
    #: → (start, end), or None to drop the span.
    refine: Callable[[str, int, int], tuple[int, int] | None] | None = None
    #: True when the kind is found by a statistical model (off with --no-model).
    model_based: bool = False
    #: Tie-breaker in overlap resolution: higher wins when scores are equal.
    priority: int = 0
    #: Score given to a candidate whose validator passed.
    validated_score: float = 0.95
    #: ``encrypt_fpe``: digits kept in clear at the start — what a masked view shows
    #: anyway and what keeps the value valid (mobile segment, card issuer, IMEI type code).
    fpe_keep_first: int = 0
    #: ``encrypt_fpe`` of a custom kind: for a value one of its patterns matches whole, the
    #: digits that pattern fixes at its start (the 8888 of ``8888\d{12}``: kept in clear),
    #: None for another value. The encrypted value stays in the value's class (matched
    #: whole, or not), so that ``unmask`` finds it again by the pattern.
    fpe_shape: Callable[[str], int | None] | None = None
    #: ``encrypt_fpe``: the last character is a check character; FF1 leaves it out and
    #: the operator recomputes it (the first of 0–9, X that validates).
    fpe_check_last: bool = False
    #: ``encrypt_fpe``: the kind's own encryption, tried before the generic digit path
    #: (a resident ID's birth date stays a real date).
    fpe_special: FPESpecial | None = None
    #: ``generalize``: the kind's rule and k-anonymity ladder (None: not generalizable).
    generalize: Generalization | None = None

    def is_valid(self, value: str) -> bool:
        """True when ``value`` passes this kind's validator (no validator: False).

        >>> from boxguard.kinds import get_kind
        >>> get_kind("cn_mobile").is_valid("13812345678"), get_kind("cn_mobile").is_valid("12345")
        (True, False)
        """
        from boxguard.errors import ValidationError

        if self.validate is None:
            return False
        try:
            self.validate(value)
        except ValidationError:
            return False
        except (TypeError, ValueError, AttributeError):
            return False
        return True

    def check_for(self, value: str) -> str:
        """The evidence that ``value``, having passed the validator, earns: what was checked.

        Evidence never claims a check that did not run (an IMEISV has no Luhn digit).

        >>> from boxguard.kinds import get_kind
        >>> imei = get_kind("imei")
        >>> imei.check_for("490154203237518"), imei.check_for("4901542032375186")
        ('checksum:Luhn', 'format:imeisv')
        >>> get_kind("cn_mobile").check_for("13812345678") == get_kind("cn_mobile").check
        True
        """
        return self.check if self.form_check is None else self.form_check(value)

    def __repr__(self) -> str:
        return f"Kind({self.id!r})"
