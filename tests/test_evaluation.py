"""Evaluation maths against gensim's own results on the same vectors, and the file formats."""

from __future__ import annotations

import numpy as np
import pytest

from kow2v.errors import EvaluationFileError
from kow2v.evaluation import (
    TokenMapper,
    evaluate_analogies,
    evaluate_pairs,
    neighbour_overlap,
    read_analogies,
    read_pairs,
)
from kow2v.keyedvectors import to_keyed_vectors

WORDS = [f"단어{i}" for i in range(60)]


@pytest.fixture(scope="module")
def kv():
    """Random vectors plus a planted offset, so that some analogies are right and some wrong."""
    rng = np.random.default_rng(0)
    vecs = rng.normal(size=(60, 16)).astype(np.float32)
    offset = rng.normal(size=16).astype(np.float32) * 2
    vecs[30:40] = vecs[:10] + offset + rng.normal(size=(10, 16)).astype(np.float32) * 0.8
    return to_keyed_vectors(WORDS, vecs, counts=list(range(1000, 940, -1)))


@pytest.fixture
def analogy_file(tmp_path):
    pairs = [(WORDS[i], WORDS[30 + i]) for i in range(10)]
    lines = [": planted"] + [f"{a} {b} {c} {d}" for (a, b) in pairs for (c, d) in pairs
                             if a != c]
    lines += [": random", f"{WORDS[50]} {WORDS[51]} {WORDS[52]} {WORDS[53]}",
              f"{WORDS[1]} {WORDS[2]} 없는말 {WORDS[3]}"]
    path = tmp_path / "q.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_3cosadd_equals_gensims_evaluate_word_analogies(kv, analogy_file):
    ours = evaluate_analogies(kv, analogy_file)
    score, sections = kv.evaluate_word_analogies(str(analogy_file), case_insensitive=False)
    assert ours.accuracy_add == pytest.approx(score)
    assert ours.sections[0].correct_add == len(sections[0]["correct"])
    assert 0 < ours.sections[0].correct_add < ours.sections[0].answered  # not trivially 0 or 1
    assert ours.questions == 92 and ours.answered == 91  # the OOV question is skipped, counted
    assert ours.skipped_ratio == pytest.approx(1 / 92)


def test_3cosmul_equals_gensims_most_similar_cosmul(kv, analogy_file):
    ours = evaluate_analogies(kv, analogy_file)
    sections = read_analogies(analogy_file)
    correct = 0
    for a, b, c, d in sections[0].questions:
        best = kv.most_similar_cosmul(positive=[b, c], negative=[a], topn=1)[0][0]
        correct += best == d
    assert ours.sections[0].correct_mul == correct


def test_analogy_headers_bom_crlf_and_bad_lines(tmp_path):
    path = tmp_path / "k.txt"
    path.write_bytes("\ufeff# 수도\r\n서울 한국 도쿄 일본\r\n: 성별\r\n남자 여자 왕 여왕".encode())
    sections = read_analogies(path)
    assert [s.name for s in sections] == ["수도", "성별"]
    assert sections[1].questions == [("남자", "여자", "왕", "여왕")]
    path.write_text(": a\n가 나 다 라\n가 나 다\n", encoding="utf-8")
    with pytest.raises(EvaluationFileError, match="line 3: expected 4 words"):
        read_analogies(path)
    path.write_text(": only a header\n", encoding="utf-8")
    with pytest.raises(EvaluationFileError, match="no analogy questions"):
        read_analogies(path)


def test_similarity_equals_gensims_evaluate_word_pairs(kv, tmp_path):
    rng = np.random.default_rng(1)
    rows = [(WORDS[i], WORDS[j], float(rng.integers(0, 11))) for i, j in
            rng.integers(0, 60, size=(40, 2)) if i != j]
    path = tmp_path / "pairs.tsv"
    path.write_text("".join(f"{a}\t{b}\t{s}\n" for a, b, s in rows) + "없는말\t단어1\t3\n",
                    encoding="utf-8")
    ours = evaluate_pairs(kv, path)
    pearson, spearman, oov = kv.evaluate_word_pairs(str(path), case_insensitive=False)
    assert ours.spearman == pytest.approx(spearman[0])
    assert ours.pearson == pytest.approx(pearson[0])
    assert ours.oov_pairs == 1 and ours.oov_ratio == pytest.approx(oov / 100)


def test_words_in_the_other_unicode_form_are_found(kv, analogy_file, tmp_path):
    """An evaluation file saved in NFD (macOS) against composed keys, or composed words
    against vectors trained on an NFD file: the words print alike and were all 'oov'."""
    import unicodedata

    nfd = tmp_path / "nfd.txt"
    nfd.write_text(unicodedata.normalize("NFD", analogy_file.read_text("utf-8")), "utf-8")
    assert nfd.read_bytes() != analogy_file.read_bytes()
    composed = evaluate_analogies(kv, analogy_file)
    assert evaluate_analogies(kv, nfd).to_dict() | {"source": None} == \
        composed.to_dict() | {"source": None}
    words = [unicodedata.normalize("NFD", w) for w in kv.index_to_key]
    nfd_kv = to_keyed_vectors(words, kv.vectors, counts=list(range(1000, 940, -1)))
    assert evaluate_analogies(nfd_kv, analogy_file).accuracy_add == composed.accuracy_add
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("".join(f"{WORDS[i]}\t{WORDS[i + 30]}\t{i}\n" for i in range(10)), "utf-8")
    assert evaluate_pairs(nfd_kv, pairs).spearman == evaluate_pairs(kv, pairs).spearman
    assert evaluate_pairs(nfd_kv, pairs).pairs_used == 10


def test_similarity_file_quirks_of_published_sets(tmp_path):
    path = tmp_path / "ws.csv"  # kor2vec's WS-353: BOM, CRLF, no header, no final newline
    path.write_bytes("\ufeff호랑이,고양이,7.35\r\n컴퓨터,키보드,7.62\r\n돈,은행,8.5".encode())
    assert read_pairs(path) == [("호랑이", "고양이", 7.35), ("컴퓨터", "키보드", 7.62),
                                ("돈", "은행", 8.5)]
    path.write_text("word1\tword2\tscore\n가\t나\t1\n", encoding="utf-8")
    assert read_pairs(path) == [("가", "나", 1.0)]
    path.write_text("가,나,1\n다,라,2\n마,바,높음\n", encoding="utf-8")
    with pytest.raises(EvaluationFileError, match="line 3: score '높음'"):
        read_pairs(path)
    path.write_text("가,나,1\n다,라\n", encoding="utf-8")
    with pytest.raises(EvaluationFileError, match="line 2: expected"):
        read_pairs(path)
    for score in ("nan", "inf"):  # float() takes them; Spearman would be NaN
        path.write_text(f"가,나,1\n다,라,{score}\n", encoding="utf-8")
        with pytest.raises(EvaluationFileError, match=f"line 2: score '{score}' is not a finite"):
            read_pairs(path)
    path.write_text('"가\t나\t1\n다\t라"\t2\n', encoding="utf-8")  # TSV: quotes are text
    assert read_pairs(path) == [('"가', "나", 1.0), ("다", '라"', 2.0)]


@pytest.mark.parametrize("reader, body", [
    (read_analogies, ": family\n아버지 어머니 아들 딸\n"),
    (read_pairs, "word1\tword2\tscore\n영화\t배우\t6\n"),
])
def test_a_cp949_evaluation_file_names_its_line_and_the_conversion(tmp_path, reader, body):
    path = tmp_path / "cp949.txt"
    path.write_bytes(body.encode("cp949"))  # line 1 is ASCII, the same bytes in both
    with pytest.raises(EvaluationFileError, match=r"line 2: cannot decode .* as UTF-8; .*"
                       r"iconv -f cp949 -t utf-8"):
        reader(path)
    with pytest.raises(EvaluationFileError, match="cannot read"):
        reader(tmp_path / "missing.txt")


class SlashTokenizer:
    name = "slash"

    def tokenize(self, text):
        return [t for t in text.replace("/", " ").split() if t]


def test_tokenizer_aware_evaluation_counts_split_words(kv, tmp_path):
    mapper = TokenMapper(SlashTokenizer())
    assert mapper("단어1") == "단어1" and mapper("단어1/을") is None
    assert mapper.split_words == ["단어1/을"]
    path = tmp_path / "q.txt"
    path.write_text(": s\n단어0 단어30 단어1 단어31\n단어0/을 단어30 단어1 단어31\n",
                    encoding="utf-8")
    result = evaluate_analogies(kv, path, map_word=mapper)
    assert result.sections[0].split == 1 and result.answered == 1
    pairs = [("단어1", "단어2", 3.0), ("단어1/를", "단어2", 1.0), ("단어3", "단어4", 2.0),
             ("단어5", "단어6", 5.0), ("단어7", "단어9", 4.0)]
    sim = evaluate_pairs(kv, pairs, map_word=mapper)
    assert sim.split_pairs == 1 and sim.oov_pairs == 0 and sim.pairs == 5


def test_neighbour_overlap(kv):
    assert neighbour_overlap(kv, kv, n_words=20) == 1.0
    rng = np.random.default_rng(5)
    other = to_keyed_vectors(WORDS, rng.normal(size=(60, 16)).astype(np.float32))
    assert neighbour_overlap(kv, other, n_words=60) < 0.5
    missing = to_keyed_vectors(WORDS[:10], kv.vectors[:10])
    assert neighbour_overlap(kv, missing, n_words=20, topn=5) < 0.5


def test_project_evaluation_sets_parse():
    from kow2v.evaluation import EvalSets

    sets = EvalSets.bundled()
    (analogies,), (similarity,) = sets.analogies, sets.similarity
    sections = read_analogies(analogies)
    assert len(sections) == 7 and sum(len(s.questions) for s in sections) == 856
    assert len(read_pairs(similarity)) == 64


@pytest.fixture(scope="module")
def fasttext_model():
    from kow2v import FastText
    from tests.test_fasttext import inflected_corpus

    return FastText(inflected_corpus(), vector_size=24, window=3, min_count=2, sample=0,
                    epochs=8, seed=3, bucket=20000, sg=1)


def test_subword_vectors_answer_every_pair_and_say_how_many(fasttext_model, tmp_path):
    surface = fasttext_model.surface
    pairs = [("학교를", "공부를", 9.0), ("학교까지", "시험까지", 8.5), ("영화까지", "학교에", 1.0),
             ("배우를", "감독을", 8.0), ("극장까지", "숙제까지", 1.5), ("교실은", "장면은", 2.0)]
    result = evaluate_pairs(fasttext_model.wv, pairs)  # jamo keys, asked in ordinary spelling
    assert result.pairs == 6 and result.oov_pairs == 0 and result.pairs_used == 6
    assert result.subword_pairs == 3
    assert result.spearman > 0.5
    # the scipy formula used with subword pairs is gensim's: equal on vocabulary pairs
    in_vocab = [p for p in pairs if p[0] in surface and p[1] in surface]
    gensim_way = evaluate_pairs(fasttext_model.wv, in_vocab)
    from scipy import stats

    ours = stats.spearmanr([s for *_, s in in_vocab],
                           [surface.similarity(a, b) for a, b, _ in in_vocab])[0]
    assert gensim_way.spearman == pytest.approx(ours) and gensim_way.subword_pairs == 0


def test_subword_analogies_follow_gensims_3cosadd_and_3cosmul(fasttext_model, tmp_path):
    from kow2v.evaluation.analogies import Section
    from kow2v.jamo import decompose

    surface = fasttext_model.surface
    stems = ["학교", "공부", "선생님", "영화", "배우", "감독"]
    questions = [(f"{a}을", f"{a}에서", f"{b}을", f"{b}에서") for a in stems for b in stems
                 if a != b and all(w in surface for w in (f"{a}을", f"{b}을", f"{a}에서",
                                                           f"{b}에서"))]
    assert len(questions) > 10
    result = evaluate_analogies(fasttext_model.wv, [Section("s", list(questions))])
    assert result.sections[0].subword == 0
    path = tmp_path / "jamo.txt"  # gensim's own code on the jamo keys gives the same count
    path.write_text(": s\n" + "".join(" ".join(decompose(w) for w in q) + "\n"
                                       for q in questions), encoding="utf-8")
    _, detail = fasttext_model.wv.evaluate_word_analogies(str(path), case_insensitive=False)
    assert result.sections[0].correct_add == len(detail[0]["correct"])
    unseen = [(f"{a}까지", f"{a}에서", f"{b}까지", f"{b}에서")
              for a, b in [("학교", "영화"), ("공부", "배우"), ("영화", "공부"), ("배우", "학교"),
                           ("감독", "선생님")]]
    answered = evaluate_analogies(fasttext_model.wv, [Section("u", unseen)])
    assert answered.answered == 5 and answered.subword == 5


def test_top30_hit_rate_distance_and_intervals(kv, analogy_file):
    result = evaluate_analogies(kv, analogy_file)
    assert result.accuracy_add <= result.hit_rate <= 1  # a top-1 answer is a top-30 hit
    assert 0 <= result.mean_distance <= 2
    lo, hi = result.accuracy_add_ci
    assert lo <= result.accuracy_add <= hi and hi - lo > 0
    assert result.accuracy_add_ci == evaluate_analogies(kv, analogy_file).accuracy_add_ci
    data = result.to_dict()
    assert data["hit_rate_top30"] == pytest.approx(result.hit_rate)
    assert data["sections"][0]["mean_distance"] == pytest.approx(result.sections[0].mean_distance)


def test_split_words_scored_by_their_pieces_are_counted_apart(kv, tmp_path):
    class Split:  # "단어1단어2" splits into its two words
        def tokenize(self, word):
            return [word[:3], word[3:]] if len(word) > 4 else [word]

    mapper = TokenMapper(Split())
    pairs = [(WORDS[0], WORDS[30], 5.0), (WORDS[1] + WORDS[2], WORDS[31], 3.0),
             (WORDS[3], WORDS[33], 6.0), (WORDS[4], WORDS[34], 2.0)]
    whole = evaluate_pairs(kv, pairs, map_word=mapper)
    assert whole.split_pairs == 1 and whole.pairs_used == 3
    with_pieces = evaluate_pairs(kv, pairs, map_word=mapper, pieces=True)
    assert with_pieces.split_pairs == 0 and with_pieces.pieces_pairs == 1
    assert with_pieces.pairs_used == 4


def test_mean_cosine_is_a_cosine_of_the_sampled_rows(kv):
    from kow2v.evaluation.spread import mean_cosine

    base = mean_cosine(kv)
    assert -1.0 < base < 1.0
    scale = np.random.default_rng(1).uniform(0.1, 10.0, size=(len(kv), 1)).astype(np.float32)
    scaled = to_keyed_vectors(WORDS, kv.vectors * scale)
    assert mean_cosine(scaled) == pytest.approx(base, abs=1e-6)  # lengths do not count
    parallel = to_keyed_vectors(WORDS, np.outer(scale[:, 0], np.ones(16, dtype=np.float32)))
    assert mean_cosine(parallel) == pytest.approx(1.0, abs=1e-6)
    assert np.isnan(mean_cosine(parallel, top=1))  # one word: no pair
