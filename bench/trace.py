"""Trace benchmark: how many leaked records name the leaker among 1,000 recipients.

`.venv/bin/python bench/trace.py --trials 1000` → prints the table and writes it into
docs/trace.md (between the BENCH markers).

Two stages. (1) Channels, on real strings: a release of `--people` synthetic people
(name, mobile, resident ID, birth date, address, bank card; identity = resident ID) is
rendered for every combination of each column's bits, put through each attack, and read
back with `boxguard.trace.embed` (chat paste: the whole row is pasted as one line and
parsed back by shape). Whether the trace can match a row back to its record is decided
by `Matcher` on the row's *least revealing* rendering after the attack (conservative).
(2) Trials, vectorized: colluders drawn at random among 1,000 recipients; their
codewords from the real keyed code (`TardosCode`); merged per strategy; mapped through
the stage-1 tables; every recipient scored as leaked rows accumulate (20 at a time),
stopping at the first naming. Named = list-wide Chernoff × union bound ≤ 1e-6; a false
accusation = an innocent reaching that bound at any prefix before stopping.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # small matrices: threads only contend
os.environ.setdefault("OMP_NUM_THREADS", "1")

import numpy as np

from boxguard.crypto.keys import Keyset
from boxguard.kinds import get_kind
from boxguard.trace.accuse import LAMBDAS, NAME_AT, term_values
from boxguard.trace.code import TardosCode
from boxguard.trace.embed import (
    CHANNELS,
    Matcher,
    Schema,
    baseline_row,
    identity_tag,
    parse_text,
    read_row,
    render_row,
)

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "trace.md"
N_RECIPIENTS = 1000
CHUNK = 20
SCHEMA = Schema(
    (
        ("姓名", "person_name"),
        ("手机", "cn_mobile"),
        ("身份证", "cn_resident_id"),
        ("出生日期", "birth_date"),
        ("地址", "address"),
        ("银行卡", "bank_card"),
    ),
    identity="身份证",
)
COLS = [c for c, _ in SCHEMA.columns]
W = 3  # bits per column, padded
ERASED = 2

# the least revealing variant of each kind (used to decide whether a row can be matched)
LEAST = {
    "person_name": (0, 0),
    "cn_mobile": (0, 0, 0),
    "cn_resident_id": (0, 0, 0),
    "bank_card": (0, 0, 0),
    "birth_date": (1, 0),
    "address": (0, 1),
}

_FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in map(chr, range(0x21, 0x7F))} | {" ": "\u3000"}


def _keep(_column: str, v: str) -> str:
    return v


def _nfkc_strip(v: str) -> str:
    wide = "".join(_FULLWIDTH.get(c, c) for c in v)  # e.g. an export to full width...
    return re.sub(r"[\s\-·./]", "", unicodedata.normalize("NFKC", wide))  # ...undone, squeezed


def _retype(v: str) -> str:
    m = re.match(r"(\d{3}[\d*])", unicodedata.normalize("NFKC", v))
    return f"{m[1]}-**-**" if m else v


CellAttack = Callable[[str, str], str]
ATTACKS: dict[str, tuple[str, CellAttack, tuple[str, ...], bool]] = {
    # name: (what it does, per-cell function (column, text) → text, columns kept, as chat)
    "none": ("a contiguous block of rows, as released", _keep, tuple(COLS), False),
    "rows sampled": ("random rows, re-sorted", _keep, tuple(COLS), False),
    "columns dropped": ("only 姓名, 手机, 地址 kept", _keep, ("姓名", "手机", "地址"), False),
    "NFKC + separators removed": (
        "cells widened to full width, then NFKC and every space/-/·/./ removed",
        lambda _c, v: _nfkc_strip(v),
        tuple(COLS),
        False,
    ),
    "dates re-typed": (
        "出生日期 rewritten as ISO from what is visible (1990-**-**)",
        lambda c, v: _retype(v) if c == "出生日期" else v,
        tuple(COLS),
        False,
    ),
    "chat paste": ("rows pasted as chat lines, parsed back by shape", _keep, tuple(COLS), True),
    "all at once": (
        "姓名, 手机, 地址 only, NFKC + separators removed, pasted as chat lines",
        lambda _c, v: _nfkc_strip(v),
        ("姓名", "手机", "地址"),
        True,
    ),
}


def people(n: int, seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    k = {kid: get_kind(kid) for kid in ("person_name", "cn_mobile", "cn_resident_id", "address")}
    out = []
    for _ in range(n):
        idn = k["cn_resident_id"].generate(rng)  # type: ignore[misc]
        out.append(
            {
                "姓名": k["person_name"].generate(rng),  # type: ignore[misc]
                "手机": k["cn_mobile"].generate(rng),  # type: ignore[misc]
                "身份证": idn,
                "出生日期": f"{idn[6:10]}年{int(idn[10:12])}月{int(idn[12:14])}日",
                "地址": k["address"].generate(rng),  # type: ignore[misc]
                "银行卡": get_kind("bank_card").generate(rng),  # type: ignore[misc]
            }
        )
    return out


def leak_row(rendered: dict[str, str], attack: str, sep: str = "  ") -> dict[str, str]:
    _, cell, kept, chat = ATTACKS[attack]
    cells = {c: cell(c, rendered[c]) for c in kept}
    if chat:  # one line of text, parsed back by shape
        return parse_text(SCHEMA, sep.join(cells.values()))
    return cells


def channel_tables(code: TardosCode, rows: list[dict[str, str]]):
    """Per attack: LUT (R, 6, 8, W) of read-back bits, matchable (R,), widths (R, 6)."""
    bases = [baseline_row(SCHEMA, r) for r in rows]
    tags = np.array([identity_tag(code, SCHEMA, r) for r in rows], dtype=np.uint64)
    widths = np.array(
        [[CHANNELS[k].width(b[c]) for c, k in SCHEMA.columns] for b in bases], dtype=np.int64
    )
    records = [(int(t), b, None) for t, b in zip(tags, bases, strict=True)]
    matcher = Matcher(SCHEMA, records)
    seps = ["  ", "，", "\t", " | "]
    out = {}
    for attack in ATTACKS:
        lut = np.full((len(rows), len(COLS), 8, W), ERASED, dtype=np.uint8)
        ok = np.zeros(len(rows), dtype=bool)
        for r, (row, base) in enumerate(zip(rows, bases, strict=True)):
            least = {c: LEAST[k] for c, k in SCHEMA.columns}
            ok[r] = matcher.match(leak_row(render_row(SCHEMA, row, least), attack)) == r
            for ci, (c, _k) in enumerate(SCHEMA.columns):
                w = widths[r, ci]
                for combo in range(1 << w):
                    bits = dict(least)
                    bits[c] = tuple((combo >> i) & 1 for i in range(w))
                    leaked = leak_row(render_row(SCHEMA, row, bits), attack, seps[combo % 4])
                    got = read_row(SCHEMA, leaked, base)[c]
                    lut[r, ci, combo, :w] = [ERASED if b is None else b for b in got]
        out[attack] = (lut, ok)
    return tags, widths, out


def trial(
    code: TardosCode,
    rng: np.random.Generator,
    tags: np.ndarray,
    widths: np.ndarray,
    lut: np.ndarray,
    ok: np.ndarray,
    contiguous: bool,
    c: int,
    strategy: str,
    cap: int,
) -> tuple[int, bool, float]:
    """(rows needed or -1, false accusation seen, least innocent list-wide bound seen)."""
    n_rows = len(tags)
    colluders = rng.choice(N_RECIPIENTS, c, replace=False)
    if contiguous:
        start = rng.integers(0, n_rows - cap)
        order = np.arange(start, start + cap)
    else:
        order = rng.choice(n_rows, cap, replace=False)
    slot_grid = (16 * np.arange(len(COLS))[:, None] + np.arange(W)[None, :]).astype(np.uint16)
    innocent = np.ones(N_RECIPIENTS, dtype=bool)
    innocent[colluders] = False
    total = np.zeros(N_RECIPIENTS)
    log_mgf = np.zeros(len(LAMBDAS))
    worst_innocent = 1.0
    log_alpha = np.log(NAME_AT / N_RECIPIENTS)
    for done in range(0, cap, CHUNK):
        rows = order[done : done + CHUNK]
        valid = np.arange(W)[None, None, :] < widths[rows][:, :, None]  # (k, 6, W)
        kk, ci, bi = np.nonzero(valid)
        t = tags[rows][kk]
        s = slot_grid[ci, bi]
        x = code.codewords(colluders, t, s)  # (c, P)
        if strategy == "interleave":
            pick = rng.integers(0, c, len(rows))[kk]
            y = x[pick, np.arange(len(kk))]
        elif strategy == "majority":
            y = x.sum(axis=0) * 2 > c
        else:  # random per position
            y = x[rng.integers(0, c, len(kk)), np.arange(len(kk))]
        merged = np.zeros(valid.shape, dtype=np.int64)
        merged[kk, ci, bi] = y
        combo = merged[..., 0] + 2 * merged[..., 1] + 4 * merged[..., 2]
        obs = lut[rows[:, None], np.arange(len(COLS))[None, :], combo]  # (k, 6, W)
        obs[~ok[rows]] = ERASED
        keep = valid[kk, ci, bi] & (obs[kk, ci, bi] != ERASED)
        row_of = kk[keep]
        yb = obs[kk, ci, bi][keep].astype(np.uint8)
        t, s = t[keep], s[keep]
        p = code.biases(t, s)
        one, zero = term_values(p, yb)
        xall = code.codewords(np.arange(N_RECIPIENTS), t, s)
        terms = np.where(xall, one, zero)  # (N, P)
        onehot = np.zeros((len(row_of), len(rows)))
        onehot[np.arange(len(row_of)), row_of] = 1.0
        per_row = terms @ onehot  # (N, k): each row's terms summed
        q = np.where(yb == 1, p, 1 - p)
        a, b = np.sqrt((1 - q) / q), np.sqrt(q / (1 - q))
        lm = np.logaddexp(np.log(q) + LAMBDAS[:, None] * a, np.log1p(-q) - LAMBDAS[:, None] * b)
        lm_row = lm @ onehot
        cum = total[:, None] + np.cumsum(per_row, axis=1)  # (N, k)
        cum_lm = log_mgf[:, None] + np.cumsum(lm_row, axis=1)  # (G, k)
        thr = ((cum_lm - log_alpha) / LAMBDAS[:, None]).min(axis=0)  # (k,)
        best_innocent = np.where(innocent[:, None], cum, -np.inf).max(axis=0)
        log_b = (cum_lm - LAMBDAS[:, None] * best_innocent[None, :]).min(axis=0)
        named = (cum[colluders] >= thr).any(axis=0)
        false = best_innocent >= thr
        stop = int(np.argmax(named)) if named.any() else len(rows) - 1
        worst_innocent = min(
            worst_innocent, float(np.exp(min(log_b[: stop + 1].min(), 0)) * N_RECIPIENTS)
        )
        if false[: stop + 1].any():
            return (done + stop + 1 if named.any() else -1), True, worst_innocent
        if named.any():
            return done + stop + 1, False, worst_innocent
        total, log_mgf = cum[:, -1], cum_lm[:, -1]
    return -1, False, worst_innocent


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--people", type=int, default=2000, help="records in the release")
    ap.add_argument("--seed", type=int, default=20261206)
    ap.add_argument("--no-write", action="store_true", help="print only, leave docs/trace.md")
    args = ap.parse_args()
    t0 = time.time()
    code = TardosCode.from_keyset(Keyset.generate())
    rows = people(args.people, args.seed)
    tags, widths, tables = channel_tables(code, rows)
    stage1 = time.time() - t0
    rng = np.random.default_rng(args.seed)
    lines = []
    cells = [("1 leaker", 1, "interleave", 40)] + [
        (f"3 colluders, {s}", 3, s, 300) for s in ("interleave", "majority", "random")
    ]
    for attack, (lut, ok) in tables.items():
        bits = float(np.mean([_bits_after(lut, widths, ok, r) for r in range(len(rows))]))
        row = [attack, f"{bits:.1f}", f"{ok.mean():.1%}"]
        for _label, c, strategy, cap in cells:
            t1 = time.time()
            res = [
                trial(code, rng, tags, widths, lut, ok, attack == "none", c, strategy, cap)
                for _ in range(args.trials)
            ]
            need = np.array([r[0] for r in res])
            false = sum(r[1] for r in res)
            worst = min(r[2] for r in res)
            hit = need[need > 0]
            median = f"{np.median(hit):.0f}" if len(hit) else "–"
            p95 = f"{np.percentile(hit, 95):.0f}" if len(hit) else "–"
            row.append(
                f"{median} / {p95} ({len(hit) / len(res):.1%} ≤ {cap}); "
                f"false {false}/{len(res)}, min {worst:.0e}"
            )
            print(f"{attack:28s} {_label:28s} {row[-1]}  [{time.time() - t1:.0f} s]", flush=True)
        lines.append("| " + " | ".join(row) + " |")
    took = time.time() - t0
    header = (
        "| attack | bits read / record | rows matched | 1 leaker: rows to name, median / p95 "
        "(named ≤ cap); false accusations, least innocent bound | 3 colluders, interleaving | "
        "3 colluders, majority | 3 colluders, random per position |\n|---|---|---|---|---|---|---|"
    )
    meta = (
        f"Command: `.venv/bin/python bench/trace.py --trials {args.trials}`, run "
        f"{dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC in {took / 60:.1f} min "
        f"(channels {stage1:.0f} s). Machine: {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.machine()}. "
        f"{args.trials} trials per cell, {N_RECIPIENTS} recipients, a release of "
        f"{args.people} synthetic people, cutoff t = {code.cutoff}; named at list-wide bound "
        f"≤ {NAME_AT:g} (theory: P(false accusation) ≤ {NAME_AT:g} per trace)."
    )
    table = "\n".join([meta, "", header, *lines])
    print(table)
    if not args.no_write:
        text = DOC.read_text(encoding="utf-8")
        start, end = "<!-- BENCH -->", "<!-- /BENCH -->"
        i, j = text.index(start) + len(start), text.index(end)
        DOC.write_text(text[:i] + "\n" + table + "\n" + text[j:], encoding="utf-8")


def _bits_after(lut: np.ndarray, widths: np.ndarray, ok: np.ndarray, r: int) -> float:
    """Mean bits read back from record r over all its bit combinations (0 if unmatched)."""
    if not ok[r]:
        return 0.0
    total = 0.0
    for ci in range(len(COLS)):
        w = int(widths[r, ci])
        combos = lut[r, ci, : 1 << w, :w]
        total += float((combos != ERASED).sum()) / (1 << w)
    return total


if __name__ == "__main__":
    main()
