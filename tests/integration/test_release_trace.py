# ruff: noqa: F811  (pytest fixtures imported from test_guard_cli)
"""`boxguard release` and `boxguard trace` end to end through ``main([...])``, on SQLite
and PostgreSQL: release one table to 20 recipients, leak part of one copy (as is,
re-sorted, a column dropped, pasted as chat text) and trace it back; data never
released and a leak in another encoding stay inconclusive; a canary row in a pasted
post names its recipient. Synthetic people only (tests/vault_support.py).
"""

from __future__ import annotations

import csv
import json
import os
import random
import re
from pathlib import Path

import pytest

from tests.integration.test_guard_cli import Bg, bg, env, sql, write_csv  # noqa: F401
from tests.vault_support import Person, people

RECIPIENTS = [f"outlet-{i:02d}" for i in range(20)]
LEAKER = "outlet-07"


def read_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


@pytest.fixture
def released(bg: Bg, env: Path, db_url: str) -> dict[str, Path]:
    write_csv(env / "customers.csv", people(60, seed=5))
    copies = {}
    for r in RECIPIENTS:
        out = env / f"{r}.csv"
        ran = bg("release", "customers.csv", "--to", r, "--out", str(out), "--db", db_url)
        assert ran.code == 0, ran.err
        copies[r] = out
    return copies


def trace(bg: Bg, path: Path, db_url: str | None) -> tuple[int, dict[str, object]]:
    """`trace` piped: JSON without --format (table on a terminal), as every verb."""
    db = ("--db", db_url) if db_url else ()
    ran = bg("trace", str(path), *db)
    assert ran.code in (0, 1), ran.err
    assert ran.out == bg("trace", str(path), "--format", "json", *db).out
    return ran.code, json.loads(ran.out)


def real_rows(path: Path) -> list[dict[str, str]]:
    """The copy's rows without its canaries (whose 客户编号 is nobody's: see below)."""
    ids = {r["客户编号"] for r in read_csv(path.parent / "customers.csv")}
    return [r for r in read_csv(path) if r["客户编号"] in ids]


def test_a_canary_carries_no_real_persons_value(released: dict[str, Path], env: Path) -> None:
    """A canary's cells outside the fingerprint are keyed too: its customer number looks
    like the others (C1000xx) and is nobody's; each recipient's canaries are its own."""
    source = read_csv(env / "customers.csv")
    ids = {r["客户编号"] for r in source}
    fakes = {}
    for r in ("outlet-00", "outlet-01", LEAKER):
        copy = read_csv(released[r])
        fakes[r] = [row for row in copy if row["客户编号"] not in ids]
        assert len(fakes[r]) == 3, r  # the three canaries, none posing as a customer
        assert len(real_rows(released[r])) == len(source)
        assert all(re.fullmatch(r"C1000\d\d|C1001[01]\d", f["客户编号"]) for f in fakes[r])
        masked_ids = {row["身份证号"] for row in copy}
        assert masked_ids == {"[已隐藏]"}
    by_recipient = [{f["客户编号"] for f in fs} for fs in fakes.values()]
    assert len({frozenset(s) for s in by_recipient}) == 3  # per recipient


def test_release_masks_and_records(released: dict[str, Path], db_url: str, env: Path) -> None:
    source = read_csv(env / "customers.csv")
    copy = read_csv(released[LEAKER])
    assert len(copy) == len(source) + 3  # three canaries
    clear = {v for r in source for c, v in r.items() if c != "客户编号"}
    assert not clear & {v for r in copy for v in r.values()}  # no unmasked value
    assert {r["身份证号"] for r in copy} == {"[已隐藏]"}  # the policy's redaction kept
    a, b = read_csv(released["outlet-00"]), read_csv(released["outlet-01"])
    assert a != b  # fingerprinted differently
    assert sql(db_url, "SELECT count(*) FROM bg_trace_recipients")[0][0] == 20
    # one dataset; its 60 records + 3 canaries per recipient, stored once
    assert sql(db_url, "SELECT count(*) FROM bg_release_records")[0][0] == 60 + 3 * 20
    actions = [r[0] for r in sql(db_url, "SELECT action FROM bg_audit_events")]
    assert actions.count("release") == 20


@pytest.mark.parametrize("attack", ["as is", "re-sorted", "chat text"])
def test_a_leak_names_its_recipient(
    attack: str,
    released: dict[str, Path],
    bg: Bg,
    env: Path,
    db_url: str,
) -> None:
    rows = real_rows(released[LEAKER])[20:30]
    leak = env / "leak.csv"
    if attack == "re-sorted":
        random.Random(3).shuffle(rows)
    if attack == "chat text":
        leak = env / "post.txt"
        leak.write_text(
            "扒一扒这些人：\n"
            + "\n".join(f"{r['姓名']}，电话 {r['手机']}，住 {r['地址']}" for r in rows),
            encoding="utf-8",
        )
    else:
        write(leak, rows)
    code, result = trace(bg, leak, db_url)
    assert (code, result["verdict"]) == (1, "named")
    assert result["recipients"][0]["id"] == LEAKER
    assert result["recipients"][0]["p_innocent"] <= 1e-6
    # no innocent is named: a list-wide p_innocent under 1e-6 has that probability for an
    # innocent. (Asserting none is even suspected, p <= 1e-2, failed about once in a hundred
    # keysets, as a list-wide p-value under 0.01 may: a CI run failed so.)
    assert all(r["p_innocent"] > 1e-6 for r in result["recipients"][1:])
    assert result["records_matched"] == 10


def test_a_column_dropped_needs_a_few_more_rows(
    released: dict[str, Path],
    bg: Bg,
    env: Path,
    db_url: str,
) -> None:
    """Name and mobile only carry ~5 bits a row: 10 rows make the leaker suspected
    (measured list-wide bound 5e-6), 16 rows name them."""
    rows = [{c: v for c, v in r.items() if c != "地址"} for r in real_rows(released[LEAKER])]
    leak = env / "leak.csv"
    write(leak, rows[20:30])
    code, result = trace(bg, leak, db_url)
    assert (code, result["recipients"][0]["id"]) == (1, LEAKER)
    assert result["verdict"] in ("named", "suspected")
    write(leak, rows[20:36])
    code, result = trace(bg, leak, db_url)
    assert (code, result["verdict"], result["recipients"][0]["id"]) == (1, "named", LEAKER)


def test_never_released_or_other_encoding_is_inconclusive(
    released: dict[str, Path],
    bg: Bg,
    env: Path,
    db_url: str,
) -> None:
    other = env / "other.csv"
    write_csv(other, people(10, seed=99))
    out = env / "other-copy.csv"
    # masked the ordinary way (`mask`), never released
    ran = bg("mask", str(other), "--out", str(out), "--policy", "privacy-waybill")
    assert ran.code == 0, ran.err
    code, result = trace(bg, out, db_url)
    assert (code, result["verdict"], result["records_matched"]) == (0, "inconclusive", 0)
    gbk = env / "post-gbk.txt"
    rows = real_rows(released[LEAKER])[:10]
    gbk.write_bytes("\n".join(f"{r['姓名']} {r['手机']}" for r in rows).encode("gb18030"))
    code, result = trace(bg, gbk, db_url)
    assert (code, result["verdict"], result["records_matched"]) == (0, "inconclusive", 0)


def canaries_of(index: int) -> list[dict[str, str]]:
    """The unmasked canaries recipient ``index`` was given (recomputed from the keyset)."""
    from boxguard.crypto.keys import Keyset
    from boxguard.trace import TardosCode, canary

    code = TardosCode.from_keyset(Keyset.from_json(os.environ["BOXGUARD_KEYSET"]))
    return [canary(code, index, i) for i in range(3)]


def test_a_canary_in_a_post_names_its_recipient(
    released: dict[str, Path],
    bg: Bg,
    env: Path,
    db_url: str,
) -> None:
    fake = canaries_of(RECIPIENTS.index("outlet-03"))  # code indices follow release order
    copy = read_csv(released["outlet-03"])
    shown = [
        r
        for r in copy
        for c in fake
        if r["手机"].replace("-", "").replace(" ", "")[-3:] == c["cn_mobile"][-3:]
        and r["姓名"][0] == c["person_name"][0]
    ]
    assert len(shown) >= 1
    c = shown[0]
    post = env / "post.txt"
    post.write_text(
        f"有人知道这个人吗？{c['姓名']}，手机：{c['手机']}，住址：{c['地址']}\n", encoding="utf-8"
    )
    code, result = trace(bg, post, db_url)
    assert code == 1
    assert result["recipients"][0]["id"] == "outlet-03"
    assert result["recipients"][0]["canary_hits"] >= 1
    # a canary's number seen unmasked anywhere points to its recipient, with the honest
    # bound: one mobile (6 keyed digits and 1 of 6 segments, among 60 canaries, at any of
    # the text's 11 digit positions) makes it suspected; its ID beside it names it
    post.write_text(f"spam list: {fake[1]['cn_mobile']}\n", encoding="utf-8")
    code, result = trace(bg, post, db_url)
    top = result["recipients"][0]
    assert (code, result["verdict"], top["id"]) == (1, "suspected", "outlet-03")
    assert top["p_innocent"] == pytest.approx(60 * 11 / 6e6)
    post.write_text(
        f"spam list: {fake[1]['cn_mobile']} {fake[1]['cn_resident_id']}\n", encoding="utf-8"
    )
    code, result = trace(bg, post, db_url)
    top = result["recipients"][0]
    assert (code, result["verdict"], top["id"], top["named"]) == (1, "named", "outlet-03", True)
    assert top["p_innocent"] <= 1e-6
    assert all(r["p_innocent"] == 1.0 for r in result["recipients"][1:])


def test_a_canary_number_in_scan_or_a_vault_lookup_is_a_canary_hit(
    released: dict[str, Path],  # noqa: ARG001  (20 releases recorded)
    bg: Bg,
    env: Path,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("BOXGUARD_DB", db_url)  # scan has no --db: the settings' database
    fake = canaries_of(RECIPIENTS.index("outlet-03"))
    post = env / "post.txt"
    post.write_text(
        f"曝光：{fake[0]['person_name']}，手机 {fake[0]['cn_mobile']}，"
        f"身份证 {fake[0]['cn_resident_id']}\n",
        encoding="utf-8",
    )
    ran = bg("scan", "post.txt", "--format", "jsonl")
    assert ran.code == 1, ran.err
    assert "canary hit: outlet-03 " in ran.err
    assert fake[0]["cn_mobile"] not in ran.err  # where, never the value
    assert "outlet-0" not in ran.out  # the findings' output stays as it was
    # a number nobody was given: no hit
    post.write_text("手机 13812345678\n", encoding="utf-8")
    ran = bg("scan", "post.txt", "--format", "jsonl")
    assert (ran.code, "canary hit" in ran.err) == (1, False)
    db = ("--db", db_url)
    assert bg("users", "add", "li.admin", "--role", "admin", *db).code == 0
    card = fake[2]["bank_card"]
    ran = bg("vault", "find", "bank_card", "-", "--as", "li.admin", *db, stdin=card + "\n")
    assert ran.code == 0  # not in the vault, but a canary of outlet-03
    assert "canary hit: outlet-03 " in ran.err


def test_a_canary_found_by_a_worker_is_a_hit_at_its_line(
    released: dict[str, Path],  # noqa: ARG001  (20 releases recorded)
    bg: Bg,
    env: Path,
    db_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``scan --jobs 2`` of a large file: the pieces' workers watch for canaries too, and
    name the line they saw one at (lines counted across pieces), as one process does."""
    monkeypatch.setenv("BOXGUARD_DB", db_url)
    fake = canaries_of(RECIPIENTS.index("outlet-03"))
    filler = "今天天气不错，会议改到下午三点。\n" * 20000  # ~1 MB: cut in pieces
    post = env / "big-post.txt"
    post.write_text(filler + f"手机 {fake[0]['cn_mobile']}\n" + filler, encoding="utf-8")
    one = bg("scan", "big-post.txt", "--format", "jsonl", "--jobs", "1")
    two = bg("scan", "big-post.txt", "--format", "jsonl", "--jobs", "2")
    assert (one.code, two.code) == (1, 1)
    assert "canary hit: outlet-03 (a canary released to outlet-03 seen at big-post.txt:20001)" in (
        two.err
    )
    assert (two.out, two.err) == (one.out, one.err)


def test_an_unwritable_out_is_refused_before_anything_is_recorded(
    bg: Bg, env: Path, db_url: str
) -> None:
    write_csv(env / "customers.csv", people(12, seed=5))
    before = (env / "customers.csv").read_bytes()
    ran = bg("release", "customers.csv", "--to", "z", "--out", "z.csv", "--db", db_url)
    assert ran.code == 0, ran.err
    for out, says in (
        ("a.txt", "cannot write this format"),
        ("no-such-folder/a.csv", "no such folder"),
        ("customers.csv", "--out is DATA itself"),
        ("./customers.csv", "--out is DATA itself"),
    ):
        ran = bg("release", "customers.csv", "--to", "a", "--out", out, "--db", db_url)
        assert ran.code == 2, out
        assert says in ran.err, out
    for to in ("a\nb", "a\u2028b", "x" * 65):  # QA: a line break made trace show two recipients
        ran = bg("release", "customers.csv", "--to", to, "--out", "y.csv", "--db", db_url)
        assert ran.code == 2, repr(to)
        assert "a recipient id is one line of at most 64 characters" in ran.err
    assert (env / "customers.csv").read_bytes() == before  # the data is untouched
    assert sql(db_url, "SELECT count(*) FROM bg_releases")[0][0] == 1  # z's alone
    assert sql(db_url, "SELECT count(*) FROM bg_audit_events WHERE action = 'release'") == [(1,)]


@pytest.mark.usefixtures("env")
def test_trace_errors_exit_2(bg: Bg, db_url: str) -> None:
    ran = bg("trace", "missing.csv", "--db", db_url)
    assert ran.code == 2
    assert "no such file" in ran.err
    ran = bg("trace", "missing.csv", "--format", "xml", "--db", db_url)
    assert ran.code == 2


def test_release_fails_closed_when_the_audit_log_cannot_store_it(
    bg: Bg, env: Path, db_url: str
) -> None:
    from tests.integration.test_guard_cli import _refuse_audit_inserts

    write_csv(env / "customers.csv", people(12, seed=5))
    first = bg("release", "customers.csv", "--to", "a", "--out", "a.csv", "--db", db_url)
    assert first.code == 0, first.err
    _refuse_audit_inserts(db_url)
    ran = bg("release", "customers.csv", "--to", "b", "--out", "b.csv", "--db", db_url)
    assert ran.code == 2
    assert not (env / "b.csv").exists()
    assert sql(db_url, "SELECT recipient_id FROM bg_trace_recipients") == [("a",)]
    assert sql(db_url, "SELECT count(*) FROM bg_releases")[0][0] == 1


def write_table(path: Path, folks: list[Person]) -> None:
    """Synthetic people in the format ``path``'s suffix names, written by the libraries
    themselves (not by boxguard)."""
    columns = list(folks[0].values)
    rows = [[p.values[c] for c in columns] for p in folks]
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.append(columns)
        for r in rows:
            ws.append(r)
        wb.save(path)
    elif path.suffix == ".parquet":
        import polars as pl

        pl.DataFrame(rows, schema=columns, orient="row").write_parquet(path)
    elif path.suffix == ".jsonl":
        docs = [dict(zip(columns, r, strict=True)) for r in rows]
        path.write_text(
            "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8"
        )
    else:
        with open(path, "w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, delimiter="\t" if path.suffix == ".tsv" else ",").writerows(
                [columns, *rows]
            )


def read_table(path: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a released copy, read by the format's own library."""
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True)
        got = [["" if v is None else str(v) for v in r] for r in wb.worksheets[0].values]
        wb.close()
        assert len(wb.worksheets) == 1
        return got[0], got[1:]
    if path.suffix == ".parquet":
        import polars as pl

        frame = pl.read_parquet(path)
        return frame.columns, [list(r) for r in frame.rows()]
    if path.suffix == ".jsonl":
        docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        return list(docs[0]), [list(d.values()) for d in docs]
    with open(path, encoding="utf-8", newline="") as fh:
        got = list(csv.reader(fh, delimiter="\t" if path.suffix == ".tsv" else ","))
    return got[0], got[1:]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".parquet", ".jsonl", ".tsv"])
def test_each_format_releases_in_its_format_and_traces(
    suffix: str, bg: Bg, env: Path, db_url: str
) -> None:
    folks = people(30, seed=8)
    data = env / f"customers{suffix}"
    write_table(data, folks)
    for r in ("x", "y", "z"):
        out = env / f"{r}{suffix}"
        ran = bg("release", data.name, "--to", r, "--out", str(out), "--db", db_url)
        assert ran.code == 0, ran.err
    header, rows = read_table(env / f"y{suffix}")
    assert header == ["客户编号", "姓名", "手机", "身份证号", "邮箱", "地址"]
    assert len(rows) == 33
    ids = {p.values["客户编号"] for p in folks}
    assert sum(r[0] in ids for r in rows) == 30  # every customer, in DATA's columns
    assert not {p.values["手机"] for p in folks} & {r[2] for r in rows}  # masked
    code, result = trace(bg, env / f"y{suffix}", db_url)
    assert (code, result["verdict"], result["recipients"][0]["id"]) == (1, "named", "y")
    # a part of the copy, leaked in the same format
    leak = env / f"leak{suffix}"
    keep = [r for r in rows if r[0] in ids][5:17]
    write_table(leak, [Person(dict(zip(header, r, strict=True)), {}) for r in keep])
    code, result = trace(bg, leak, db_url)
    assert (code, result["verdict"], result["recipients"][0]["id"]) == (1, "named", "y")
    assert result["records_matched"] == 12


def test_a_fresh_folder_with_keys_init_and_the_default_database(
    bg: Bg, env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BOXGUARD_KEYSET")
    assert bg("keys", "init").code == 0
    write_csv(env / "customers.csv", people(30, seed=9))
    for r in ("p", "q"):
        ran = bg("release", "customers.csv", "--to", r, "--out", f"{r}.csv")
        assert ran.code == 0, ran.err
    assert (env / "boxguard.db").exists()
    code, result = trace(bg, env / "q.csv", None)
    assert (code, result["recipients"][0]["id"]) == (1, "q")


def test_reading_verbs_never_create_a_database(bg: Bg, env: Path) -> None:
    """QA: `audit verify`, `trace` (and the other verbs that read what was recorded)
    created an empty database where there was none, then said "intact: 0 events" or
    "inconclusive" as if something had been checked."""
    write_csv(env / "leak.csv", people(5, seed=2))
    for args in (("audit", "verify"), ("audit", "log"), ("trace", "leak.csv")):
        r = bg(*args, "--db", "sqlite:///fresh.db")
        assert r.code == 2, args
        assert "no database at sqlite:///fresh.db" in r.err
    assert not (env / "fresh.db").exists()
    assert bg("users", "add", "u1", "--role", "dpo", "--db", "sqlite:///fresh.db").code == 0
    r = bg("trace", "leak.csv", "--db", "sqlite:///fresh.db")
    assert r.code == 2
    assert "nothing was released from this database" in r.err


def test_a_folder_is_not_a_leaked_copy(bg: Bg, env: Path) -> None:
    """QA: `trace .` said ". : no such file"."""
    r = bg("trace", str(env))
    assert r.code == 2
    assert "a folder; trace takes one leaked copy (a file)" in r.err
