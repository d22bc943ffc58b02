"""Score boxguard on the blind corpus (bench/blind/): written by an author who never saw it.

  .venv/bin/python bench/blind_eval.py [--split heldout|tune] [--json OUT]

Tune detection on ``tune`` only; report ``heldout``. For each system (default scan, and
``--no-model``) it reports, on the split's gold spans:

- micro and per-kind precision, recall, F1 with **overlap** matching (a prediction
  counts when it overlaps a gold span of its kind), and exact-span micro F1;
- hard negatives reported: predictions overlapping an annotated negative (order
  numbers, hotlines, timestamps, SKUs...), per 10,000 characters of text;
- what the default ``mask`` leaves readable: gold values of ≥ 4 characters found
  verbatim in the masked text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BLIND = ROOT / "bench" / "blind"

Span = tuple[int, int, str]


def load(split: str) -> list[dict]:  # type: ignore[type-arg]
    with open(BLIND / f"{split}.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def overlap_counts(
    gold: list[list[Span]], pred: list[list[Span]]
) -> tuple[Counter[str], Counter[str], Counter[str], Counter[str]]:
    """Per kind: gold spans matched, gold spans, predictions matched, predictions."""
    g_hit: Counter[str] = Counter()
    g_all: Counter[str] = Counter()
    p_hit: Counter[str] = Counter()
    p_all: Counter[str] = Counter()
    for g_doc, p_doc in zip(gold, pred, strict=True):
        for s, e, k in g_doc:
            g_all[k] += 1
            g_hit[k] += any(k == pk and ps < e and s < pe for ps, pe, pk in p_doc)
        for s, e, k in p_doc:
            p_all[k] += 1
            p_hit[k] += any(k == gk and gs < e and s < ge for gs, ge, gk in g_doc)
    return g_hit, g_all, p_hit, p_all


def prf(hit_p: int, all_p: int, hit_g: int, all_g: int) -> tuple[float, float, float]:
    p = hit_p / all_p if all_p else 0.0
    r = hit_g / all_g if all_g else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(docs: list[dict], use_model: bool) -> dict:  # type: ignore[type-arg]
    from boxguard import services
    from boxguard.evaluate import score
    from boxguard.io.policies import read_policy
    from boxguard.transform.base import Context
    from boxguard.transform.engine import Desensitizer

    scanner = services.scanner(use_model=use_model)
    texts = [d["text"] for d in docs]
    t0 = time.perf_counter()
    found = scanner.scan_many(texts)
    seconds = time.perf_counter() - t0
    pred = [[(f.start, f.end, f.kind) for f in doc] for doc in found]
    gold = [[(s["start"], s["end"], s["kind"]) for s in d["spans"]] for d in docs]
    g_hit, g_all, p_hit, p_all = overlap_counts(gold, pred)
    kinds = sorted(set(g_all) | set(p_all))
    per_kind = {
        k: dict(zip(("p", "r", "f1"), prf(p_hit[k], p_all[k], g_hit[k], g_all[k]), strict=True))
        | {"support": g_all[k], "missed": g_all[k] - g_hit[k], "false": p_all[k] - p_hit[k]}
        for k in kinds
    }
    micro = prf(sum(p_hit.values()), sum(p_all.values()), sum(g_hit.values()), sum(g_all.values()))
    exact = score(gold, pred).micro
    chars = sum(len(t) for t in texts)
    neg_hits = sum(
        any(ps < n["end"] and n["start"] < pe for n in d["negatives"])
        for d, doc in zip(docs, pred, strict=True)
        for ps, pe, _ in doc
    )
    engine = Desensitizer(scanner, read_policy(None), Context())
    masked = engine.texts(texts)
    values = [(s["value"], out) for d, out in zip(docs, masked, strict=True) for s in d["spans"]]
    long_values = [(v, out) for v, out in values if len(v) >= 4]
    left = sum(v in out for v, out in long_values)
    return {
        "system": "boxguard" if use_model else "boxguard-no-model",
        "micro": dict(zip(("p", "r", "f1"), micro, strict=True)),
        "exact_f1": exact.f1,
        "per_kind": per_kind,
        "negatives_per_10k_chars": neg_hits / chars * 10_000,
        "negatives_reported": neg_hits,
        "mask_left": left,
        "mask_values": len(long_values),
        "chars": chars,
        "mb_per_s": chars * 3 / 1e6 / seconds,  # ~3 bytes a CJK character: a rough rate
    }


def markdown(split: str, results: list[dict]) -> str:  # type: ignore[type-arg]
    head = "| system | micro P | micro R | micro F1 (overlap) | exact F1 | negatives / 10k chars | mask leaves readable |"
    lines = [head, "|---|---|---|---|---|---|---|"]
    for r in results:
        m = r["micro"]
        share = r["mask_left"] / r["mask_values"]
        lines.append(
            f"| {r['system']} | {m['p']:.3f} | {m['r']:.3f} | **{m['f1']:.3f}** | {r['exact_f1']:.3f} "
            f"| {r['negatives_per_10k_chars']:.2f} ({r['negatives_reported']}) "
            f"| {r['mask_left']} of {r['mask_values']} ({share:.2%}) |"
        )
    lines += ["", f"Per kind ({results[0]['system']}, {split}, overlap match):", ""]
    lines += ["| kind | P | R | F1 | support | missed | false |", "|---|---|---|---|---|---|---|"]
    for k, c in sorted(results[0]["per_kind"].items()):
        lines.append(
            f"| `{k}` | {c['p']:.3f} | {c['r']:.3f} | {c['f1']:.3f} | {c['support']} "
            f"| {c['missed']} | {c['false']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("heldout", "tune"), default="heldout")
    ap.add_argument("--json", type=Path, help="Also write the results here.")
    ap.add_argument("--no-model-only", action="store_true")
    args = ap.parse_args()
    docs = load(args.split)
    systems = [False] if args.no_model_only else [True, False]
    results = [evaluate(docs, use_model=m) for m in systems]
    sys.stdout.write(markdown(args.split, results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
