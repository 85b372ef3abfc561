from __future__ import annotations

import json
import pickle

import pytest

from kow2v import tokenizers
from kow2v.errors import TokenizerError
from kow2v.tokenizers.soynlp import LTokenizer, MaxScoreTokenizer, normalize
from tests.conftest import require_tokenizer

pytestmark = pytest.mark.soynlp

# a corpus where 학교 / 영화 recur with many different particles, so their cohesion is high
CORPUS = [f"{noun}{josa} {verb}" for noun in ("학교", "영화", "사람", "배우")
          for josa in ("에서", "가", "를", "는", "의", "도", "와") for verb in ("좋다", "봤다", "갔다")]


def test_normalize_splits_punctuation():
    assert normalize("최고다!!진짜,좋아") == "최고다 !! 진짜 , 좋아"


@pytest.mark.parametrize("name", ["soynlp-ltokenizer", "soynlp-maxscore"])
def test_fit_learns_nouns_and_splits_particles(name):
    require_tokenizer(name)
    tok = tokenizers.get(name, min_frequency=2)
    tok.fit(CORPUS)
    assert tok.scores["학교"] > 0.5
    tokens = tok.tokenize("학교에서 영화를 봤다!")
    assert tokens[:2] == ["학교", "에서"] and "영화" in tokens and tokens[-1] == "!"


@pytest.mark.parametrize(("min_frequency", "min_cohesion"), [(5, 0.05), (2, 0.0)])
def test_fit_equals_soynlp_word_extractor(bundled_lines, min_frequency, min_cohesion):
    """kow2v counts only what it uses, once per distinct word, streaming; the scores must be
    exactly those of soynlp's own train + extract on the same normalized lines."""
    require_tokenizer("soynlp-ltokenizer")
    from soynlp.word import WordExtractor

    reviews = bundled_lines
    tok = LTokenizer(min_frequency=min_frequency, min_cohesion=min_cohesion)
    tok.fit(iter(reviews))  # one pass over an iterator: nothing is held or read twice
    extractor = WordExtractor(min_frequency=min_frequency, min_cohesion_forward=min_cohesion,
                              verbose_points=0)
    extractor.train([line for line in map(normalize, reviews) if line])
    expected = {w: float(s.cohesion_forward) for w, s in extractor.extract().items()}
    assert len(expected) > 1000
    assert tok.scores == expected


def test_ltokenizer_save_load_round_trip(tmp_path):
    require_tokenizer("soynlp-ltokenizer")
    tok = LTokenizer(min_frequency=2).fit(CORPUS)
    path = tmp_path / "scores.json"
    tok.save(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["tokenizer"] == "soynlp-ltokenizer" and "학교" in doc["scores"]
    again = LTokenizer.load(path)
    assert again.scores == tok.scores
    line = "배우의 영화를 학교에서 봤다"
    assert again.tokenize(line) == tok.tokenize(line)
    assert pickle.loads(pickle.dumps(tok)).tokenize(line) == tok.tokenize(line)


def test_load_refuses_scores_of_another_tokenizer(tmp_path):
    require_tokenizer("soynlp-ltokenizer")
    path = tmp_path / "scores.json"
    LTokenizer(min_frequency=2).fit(CORPUS).save(path)
    with pytest.raises(TokenizerError, match="not soynlp-maxscore"):
        MaxScoreTokenizer.load(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(TokenizerError, match="cannot read"):
        LTokenizer.load(path)


def test_unfitted_tokenizer_says_to_fit():
    require_tokenizer("soynlp-ltokenizer")
    with pytest.raises(TokenizerError, match="call fit"):
        tokenizers.get("soynlp-ltokenizer").tokenize("학교에서")
    with pytest.raises(TokenizerError, match="empty corpus"):
        tokenizers.get("soynlp-ltokenizer").fit(["", "   "])


def test_fit_prints_nothing(capsys):
    require_tokenizer("soynlp-ltokenizer")
    LTokenizer(min_frequency=2).fit(CORPUS)
    assert capsys.readouterr().out == ""


def test_regex_tokenizer():
    require_tokenizer("soynlp-regex")
    tok = tokenizers.get("soynlp-regex")
    assert tok.tokenize("이거봐ㅋㅋ 10점!!") == ["이거봐", "ㅋㅋ", "10", "점", "!!"]
