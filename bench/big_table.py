"""Column-wise masking of a large CSV: MB/s, CPU seconds and peak RSS of `boxguard mask`.

Writes a synthetic CSV of ``--mb`` megabytes (10 personal columns, 4 other
columns; a block of unique synthetic rows repeated with fresh order numbers),
masks it with the default policy through the CLI in a child process, checks
the output (same rows, no original ID or mobile left in a sample), and
prints one JSON line. `bench/run.py` calls it; alone:

    .venv/bin/python bench/big_table.py --mb 1024
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from boxguard.kinds import get_kind
from boxguard.synth import people

HEADER = [
    "订单号",
    "姓名",
    "身份证号",
    "手机",
    "收货地址",
    "邮箱",
    "车牌",
    "银行卡号",
    "出生日期",
    "QQ号",
    "护照号",
    "金额",
    "下单时间",
    "状态",
]
PERSONAL = 10
BLOCK = 20_000


def _block(seed: int) -> list[list[str]]:
    rng = random.Random(seed)

    def gen(kind: str) -> str:
        g = get_kind(kind).generate
        assert g is not None
        return g(rng)

    rows = []
    for _ in range(BLOCK):
        rows.append(
            [
                people.chinese_name(rng),
                gen("cn_resident_id"),
                gen("cn_mobile"),
                people.address(rng),
                gen("email"),
                gen("cn_license_plate"),
                gen("bank_card"),
                gen("birth_date"),
                gen("qq_number"),
                gen("cn_passport"),
                f"{rng.randrange(100, 999999) / 100:.2f}",
                f"2026-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d} 12:00:00",
                rng.choice(["已签收", "运输中", "已取消"]),
            ]
        )
    return rows


def write_csv(path: Path, megabytes: float, seed: int = 20261125) -> tuple[int, list[list[str]]]:
    """Write about ``megabytes`` MB; return (rows, the unique block)."""
    block = _block(seed)
    lines = [",".join(r) for r in block]
    target = int(megabytes * 1_000_000)
    written, n = 0, 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(HEADER) + "\n")
        rep = 0
        while written < target:
            chunk = "".join(f"{rep:05d}{i:08d},{line}\n" for i, line in enumerate(lines))
            fh.write(chunk)
            written += len(chunk.encode("utf-8"))
            n += len(lines)
            rep += 1
    return n, block


def run(megabytes: float, workdir: Path) -> dict[str, float | int | str]:
    src, out = workdir / "big.csv", workdir / "big.masked.csv"
    t0 = time.perf_counter()
    rows, block = write_csv(src, megabytes)
    gen_s = time.perf_counter() - t0
    size = src.stat().st_size
    cmd = [sys.executable, "-m", "boxguard", "mask", "--no-model", str(src), "--out", str(out)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"mask failed: {proc.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    with open(out, encoding="utf-8") as fh:
        head = [next(fh) for _ in range(1001)]
    secrets = {r[1] for r in block[:1000]} | {r[2] for r in block[:1000]}
    leaked = sum(1 for s in secrets if any(s in line for line in head))
    with open(out, encoding="utf-8") as fh:
        out_rows = sum(1 for _ in fh) - 1
    result: dict[str, float | int | str] = {
        "mb": round(size / 1e6, 1),
        "rows": rows,
        "out_rows": out_rows,
        "personal_columns": PERSONAL,
        "generate_s": round(gen_s, 1),
        "wall_s": round(wall, 1),
        "cpu_s": round(cpu, 1),
        "mb_per_s": round(size / 1e6 / wall, 1),
        "mb_per_cpu_s": round(size / 1e6 / cpu, 1),
        "peak_rss_mb": round(after.ru_maxrss / 1024),
        "leaked_in_first_1000_rows": leaked,
    }
    src.unlink()
    out.unlink()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=1024.0, help="CSV size in MB (default 1024)")
    parser.add_argument("--dir", type=Path, default=None, help="scratch folder (default: temp)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as d:
        print(json.dumps(run(args.mb, Path(d)), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("POLARS_MAX_THREADS", str(os.cpu_count() or 1))
    raise SystemExit(main())
