"""Types of the native core (native/py, built by maturin): see native/core for the code."""

from collections.abc import Callable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import overload

from boxguard.detect.finding import Finding

def fold(text: str) -> str: ...
def is_valid(kind: str, value: str) -> bool | None: ...
def surely_valid(kind: str, value: str) -> bool: ...
def surely_invalid(kind: str, value: str) -> bool: ...
def intl_plan_code(value: str) -> int | None: ...
def check_for(kind: str, value: str) -> str | None: ...
def resolve(cands: Sequence[tuple[int, int, int, int, float]]) -> list[int]: ...
def crf_decode(
    e: bytes, n_labels: int, trans: bytes, starts: Sequence[int], lengths: Sequence[int]
) -> tuple[bytes, bytes]: ...
def keep_ends(
    value: str, first: int, last: int, hide: str = "*", sep_aware: bool = True
) -> str: ...
def render_findings(
    pairs: list[tuple[Finding, str | None]], previews: list[str], show_values: bool
) -> list[str] | None: ...
def mask_email(value: str) -> str: ...
def mask_hide_all(value: str) -> str: ...
def mask_mac_address(value: str) -> str: ...
def mask_ip_address(value: str) -> str | None: ...
def mask_property_cert_no(value: str) -> str: ...
def mask_organization(value: str) -> str: ...
def mask_plate(value: str) -> str: ...

class Hits(Sequence[frozenset[int]]):
    def __len__(self) -> int: ...
    def __getitem__(self, row: int) -> frozenset[int]: ...  # type: ignore[override]
    def rows(self) -> list[int]: ...

class Folded(Sequence[str | None]):
    def __len__(self) -> int: ...
    def __getitem__(self, row: int) -> str | None: ...  # type: ignore[override]
    def tabular(self, rows: Sequence[int], wanted: Callable[[str], bool]) -> list[int]: ...

class NativePrefilter:
    def __init__(self, patterns: Sequence[tuple[str, str] | None]) -> None: ...
    def always(self) -> list[int]: ...
    def candidates(self, text: str) -> list[int]: ...
    def candidates_many(self, texts: Sequence[str]) -> Hits: ...
    def fold_candidates_many(self, texts: Sequence[str]) -> tuple[Folded, Hits]: ...

class NativeMask:
    @staticmethod
    def birth_date(digits: Sequence[tuple[int, int]]) -> NativeMask: ...
    @staticmethod
    def cn_landline(isdigit: Sequence[tuple[int, int]]) -> NativeMask: ...
    @staticmethod
    def name(compound: Sequence[str]) -> NativeMask: ...
    @staticmethod
    def address(admin: tuple[str, int]) -> NativeMask: ...
    @staticmethod
    def geo(
        seconds: tuple[str, int], minutes: tuple[str, int], degrees: tuple[str, int]
    ) -> NativeMask: ...
    def __call__(self, value: str) -> str: ...
    def mask(self, value: str) -> str: ...

class Text:
    def __init__(self, text: str) -> None: ...

_KindRow = tuple[
    str,
    list[str],
    list[str],
    tuple[int, int],
    float,
    bool,
    int,
    bool,
    Callable[[str], str | None] | None,
]

_Found = list[tuple[int, int, float, tuple[str, ...]]]

class NativeFinder:
    @staticmethod
    def address(
        address: tuple[str, int],
        labelled: tuple[str, int],
        org_after: tuple[str, int],
        names: Sequence[str],
    ) -> NativeFinder: ...
    @staticmethod
    def record_names(
        regexes: Mapping[str, tuple[str, int]],
        single: Sequence[str],
        compound: Sequence[str],
        given: str,
        no_name: Sequence[str],
        not_last: str,
        seps: str,
        quotes: str,
    ) -> NativeFinder: ...
    @staticmethod
    def labelled_names(
        regexes: Mapping[str, tuple[str, int]],
        single: Sequence[str],
        compound: Sequence[str],
        given: str,
        no_name: Sequence[str],
        not_last: str,
        words: Mapping[str, Sequence[str]],
    ) -> NativeFinder: ...
    @staticmethod
    def organizations(
        regexes: Mapping[str, tuple[str, int]],
        names: Sequence[str],
        bounds: tuple[int, int],
        field_seps: str,
        record_marks: str,
    ) -> NativeFinder: ...
    @staticmethod
    def regex(
        pattern: str,
        flags: int,
        score: float,
        evidence: Sequence[str],
        classes: Mapping[str, Sequence[tuple[int, int]]] | None = None,
    ) -> NativeFinder: ...
    @staticmethod
    def minority_names(
        regexes: Mapping[str, tuple[str, int]], words: Mapping[str, Sequence[str]]
    ) -> NativeFinder: ...
    @staticmethod
    def roman_names(
        regexes: Mapping[str, tuple[str, int]],
        words: Mapping[str, Sequence[str]],
        classes: Mapping[str, Sequence[tuple[int, int]]],
    ) -> NativeFinder: ...
    @staticmethod
    def airline_names(
        regexes: Mapping[str, tuple[str, int]], syllables: Sequence[str]
    ) -> NativeFinder: ...
    @staticmethod
    def sql_names(
        regexes: Mapping[str, tuple[str, int]],
        single: Sequence[str],
        compound: Sequence[str],
        given: str,
        no_name: Sequence[str],
        not_last: str,
        syllables: Sequence[str],
    ) -> NativeFinder: ...
    def find(self, text: Text) -> _Found: ...

_Cands = list[tuple[int, int, int, float, tuple[str, ...]]]
_Partial = tuple[_Cands, list[tuple[int, _Cands | None]]]

class NativePlan:
    def __init__(
        self, n_patterns: int, finders: Sequence[tuple[NativeFinder | None, int]]
    ) -> None: ...

class NativeEngine:
    @overload
    def scan_batch(
        self,
        plan: NativePlan,
        texts: Sequence[str] | Folded,
        hits: Sequence[AbstractSet[int]],
        threshold: float,
        skip: Sequence[int] = (),
        findings: None = None,
    ) -> list[tuple[int, _Cands | bool | _Partial]]: ...
    @overload
    def scan_batch(
        self,
        plan: NativePlan,
        texts: Sequence[str] | Folded,
        hits: Sequence[AbstractSet[int]],
        threshold: float,
        skip: Sequence[int],
        findings: tuple[type[Finding], Sequence[str], Sequence[str]],
    ) -> tuple[list[list[Finding]], list[tuple[int, bool | _Partial]]]: ...
    def __init__(
        self, kinds: Sequence[_KindRow], patterns: Sequence[tuple[int, str, str, float, bool]]
    ) -> None: ...
    def is_native(self, kind: int) -> bool: ...
    def candidates(
        self,
        text: Text,
        hits: Sequence[int],
        in_cell: AbstractSet[tuple[int, int]],
        threshold: float,
    ) -> list[tuple[int, int, int, float, tuple[str, ...]]]: ...
    def find(self, text: Text, finder: NativeFinder, kind: int) -> _Found: ...
    def assess(
        self,
        text: Text,
        kind: int,
        start: int,
        end: int,
        score: float,
        evidence: list[str],
        context_required: bool,
        in_cell: bool = False,
    ) -> tuple[float, tuple[str, ...]] | None: ...

class CrfTables:
    def __init__(
        self,
        n_lab: int,
        char_id: bytes,
        unigram: Sequence[tuple[int, bytes]],
        bigram: Sequence[tuple[int, int, bytes, bytes]],
        cluster: bytes,
        clusters: Sequence[tuple[int, bytes]],
        trigram: bytes,
        flags: bytes,
        sets: tuple[bytes, bytes, bytes],
    ) -> None: ...
    def emissions(self, cp: bytes, pos: bytes, cls: bytes, lab: bytes) -> bytes: ...

class CrfModel:
    def __init__(
        self,
        tables: CrfTables,
        trans: bytes,
        labels: Sequence[str],
        segments: tuple[str, str, int, tuple[int, int]],
        classes: bytes,
        person_labels: Sequence[str],
        not_name: str,
        pad: tuple[str, str],
    ) -> None: ...
    def find_many(
        self, texts: Sequence[str], min_chars: int
    ) -> list[list[tuple[int, int, int, float]]] | None: ...
