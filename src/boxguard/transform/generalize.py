"""``generalize``: keep only a coarser truth — a year, an age band, a district, 2 decimals.

The rule is the kind's own (``Kind.generalize``): birth dates, addresses, coordinates
and postal codes declare one; the operator carries the parameters and never tests
which kind it was given.

>>> from boxguard.kinds import get_kind
>>> from boxguard.transform.base import Context
>>> ctx = Context()
>>> Generalize().apply("1990-05-17", get_kind("birth_date"), ctx)
'1990'
>>> Generalize(level="district").apply(
...     "北京市朝阳区建国路88号3号楼2单元1201室", get_kind("address"), ctx
... )
'北京市朝阳区'
>>> Generalize().apply("39.908722,116.397499", get_kind("geo_coordinate"), ctx)
'39.91,116.40'
>>> Generalize().apply("100020", get_kind("postal_code"), ctx)
'100000'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from boxguard.errors import ConfigError
from boxguard.kinds import Kind, all_kinds
from boxguard.kinds._model import Coarsening
from boxguard.transform.base import Context


@dataclass(frozen=True)
class Generalize(Coarsening):
    """The parameters (:class:`Coarsening`: ``level``, ``decimals``, ``digits``, ``band``,
    ``today``) applied with the kind's rule; each kind reads the ones it needs."""

    name: ClassVar[str] = "generalize"
    reversible: ClassVar[bool] = False

    def apply(self, value: str, kind: Kind, ctx: Context) -> str:
        if kind.generalize is None:
            known = ", ".join(k.id for k in all_kinds() if k.generalize is not None)
            raise ConfigError(f"generalize is defined for {known}; not {kind.id!r}")
        return kind.generalize.rule(value, self)
