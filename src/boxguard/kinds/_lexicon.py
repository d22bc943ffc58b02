"""Word lists of Chinese names that the kinds' rules and generators read.

The surnames (in frequency order, from ``data/names_surnames.txt``) and the given-name
characters feed the name rules (:mod:`boxguard.kinds.person`), the name model's features
(``models.features``) and the kinds' generators; the synthetic-data package
(``boxguard.synth``) reads them through the kinds, never the other way round.
Data only: this module must never import a rule, a model or ``boxguard.synth``.

>>> single, compound = surnames()
>>> single[:3], compound[:2]
(('王', '李', '张'), ('欧阳', '司马'))
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

#: Characters common in given names: what the generator draws from (the name rules
#: accept a wider set).
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞建国文辉力斌宇浩凯健俊帆"
    "旭宁龙林欣怡佳琪晨雨婷雪梅琳子涵轩博睿泽诺思梓然依彤嘉宏志海波鑫晶晓东亮峰磊雷春燕"
    "蕾慧颖倩璐瑶昊天一鸣立新永成兵振家少伦晴悦乐安康正阳云岚宸逸瑞钰菲薇舒扬霖"
)
#: Names with a middle dot (Uyghur, Tibetan) the generator sometimes makes.
MINORITY = (
    "阿不都·热合曼",
    "买买提·艾力",
    "古丽·努尔",
    "帕提古丽·吐尔逊",
    "扎西·次仁",
    "艾克拜尔·吾拉木",
)


def _shipped(name: str) -> str:
    """A file of ``boxguard.data``, read beside this package where it lies on disk:
    ``importlib.resources`` imports tempfile and shutil (~3 ms of a one-line scan), and is
    the way only for a package that is not files (a zip)."""
    path = Path(__file__).parent.parent / "data" / name
    if path.is_file():
        return path.read_text("utf-8")
    from importlib import resources

    return resources.files("boxguard.data").joinpath(name).read_text("utf-8")


@lru_cache(maxsize=1)
def surnames() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(single, compound) surnames in frequency order, from the shipped list."""
    text = _shipped("names_surnames.txt")
    names = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    return tuple(n for n in names if len(n) == 1), tuple(n for n in names if len(n) == 2)


#: Surnames as Hong Kong and Taiwan write them (traditional characters), for recognition
#: only: the generators draw simplified names.
TRADITIONAL_SURNAMES = (
    "陳劉張黃吳鄭謝許楊趙孫馬羅葉蕭馮鄧韓蘇盧蔣賈閻鍾範譚鄒陸顧龍萬錢湯喬賀賴龔"
    "歐鄔翁傅沈黎紀駱聶莊鄺廖區溫饒雷嚴韋鳳鮑魯鄔陶戴麥關嶽"
)
TRADITIONAL_COMPOUND = ("歐陽", "司馬", "諸葛", "上官", "東方", "皇甫", "長孫", "尉遲", "鍾離")
#: Given-name characters in traditional script (偉, 國, 強...), for recognition only.
TRADITIONAL_GIVEN = "偉國強華麗鳳蘭傑誠榮賢銘鴻輝寶貴龍雲穎瑩濤豔紅軍東亮誌勝誼興慶萬嬌愛誼綺詩謙"
