"""Tokenizing on a Dask LocalCluster (2 worker processes): the same shards as one process,
a killed worker's shard redone elsewhere, a failing line named, a rerun resumed."""

from __future__ import annotations

import json
import os
import signal
import threading
import time

import pytest

from tests.conftest import require_module, require_tokenizer

require_module("distributed", "pip install 'kow2v[dask]'")

from kow2v.corpus import LineCorpus  # noqa: E402
from kow2v.distributed import ShardError, tokenize_on_dask  # noqa: E402
from kow2v.tokenize import tokenize_to_file  # noqa: E402
from kow2v.tokenizers.whitespace import WhitespaceTokenizer  # noqa: E402

pytestmark = [pytest.mark.dask, pytest.mark.slow]


class Slow(WhitespaceTokenizer):
    """Whitespace at a tagger's pace (so that a worker can be killed mid-shard)."""

    def tokenize(self, text):
        time.sleep(0.01)
        return super().tokenize(text)


class Failing(WhitespaceTokenizer):
    def tokenize(self, text):
        if "BOOM" in text:
            raise ValueError("the tagger choked")
        return super().tokenize(text)


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                           dashboard_address=":0")
    client = Client(cluster)
    yield client
    client.close()
    cluster.close()


def _corpus(tmp_path, n=600, marker=None):
    src = tmp_path / "in.txt"
    lines = [f"리뷰 {i} 영화 가 {'정말 ' * (i % 4)}좋다" for i in range(n)]
    if marker is not None:
        lines[marker] = "여기서 BOOM 터진다"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return LineCorpus(src)


def _joined(root):
    return b"".join(p.read_bytes() for p in sorted((root / "shards").iterdir()))


def test_same_output_as_one_process(client, tmp_path):
    corpus = _corpus(tmp_path)
    tokenize_to_file(corpus, WhitespaceTokenizer(), tmp_path / "one.txt")
    stats = tokenize_on_dask(client, corpus, WhitespaceTokenizer(), tmp_path / "d",
                             shard_lines=50)
    assert _joined(tmp_path / "d") == (tmp_path / "one.txt").read_bytes()
    assert stats.lines == 600 and stats.first_shard_seconds is not None


def test_a_killed_worker_changes_nothing(client, tmp_path):
    corpus = _corpus(tmp_path, n=1200)
    tokenize_to_file(corpus, WhitespaceTokenizer(), tmp_path / "one.txt")
    root = tmp_path / "d"
    killed = []

    def kill_one_when_started():
        manifest = root / "manifest.json"
        while not (manifest.exists() and json.loads(manifest.read_text())["shards"]):
            time.sleep(0.05)
        pid = next(iter(client.run(os.getpid).values()))
        os.kill(pid, signal.SIGKILL)  # mid-shard: every worker is busy with one
        killed.append(pid)

    killer = threading.Thread(target=kill_one_when_started, daemon=True)
    killer.start()
    tokenize_on_dask(client, corpus, Slow(), root, shard_lines=60)
    killer.join(5)
    assert killed, "no worker was killed"
    assert _joined(root) == (tmp_path / "one.txt").read_bytes()
    client.wait_for_workers(2, timeout=30)  # the nanny restarted it, for the next tests


def test_a_failing_line_is_named_and_finished_shards_kept(client, tmp_path):
    corpus = _corpus(tmp_path, marker=432)  # input line 433: shard 8 with 50-line shards
    with pytest.raises(ShardError, match=r"shard 8, line 433 \(.*in\.txt:433\): whitespace "
                                         r"failed: ValueError: the tagger choked"):
        tokenize_on_dask(client, corpus, Failing(), tmp_path / "d", shard_lines=50)
    manifest = json.loads((tmp_path / "d" / "manifest.json").read_text())
    assert not manifest["complete"] and manifest["shards"]  # what finished is kept


def test_a_rerun_redoes_only_the_missing_shard(client, tmp_path):
    corpus = _corpus(tmp_path)
    root = tmp_path / "d"
    tokenize_on_dask(client, corpus, WhitespaceTokenizer(), root, shard_lines=50)
    full = _joined(root)
    stamps = {p.name: p.stat().st_mtime_ns for p in (root / "shards").iterdir()}
    (root / "shards" / "00003.txt").unlink()
    time.sleep(0.01)
    tokenize_on_dask(client, corpus, WhitespaceTokenizer(), root, shard_lines=50)
    after = {p.name: p.stat().st_mtime_ns for p in (root / "shards").iterdir()}
    assert [n for n in after if after[n] != stamps.get(n)] == ["00003.txt"]
    assert _joined(root) == full


@pytest.mark.konlpy
def test_a_jvm_tagger_runs_in_each_worker_process(client, tmp_path):
    require_tokenizer("komoran")
    from kow2v.tokenizers import get

    corpus = _corpus(tmp_path, n=200)
    tokenize_to_file(corpus, get("komoran"), tmp_path / "one.txt")
    tokenize_on_dask(client, corpus, get("komoran"), tmp_path / "d", shard_lines=40)
    assert _joined(tmp_path / "d") == (tmp_path / "one.txt").read_bytes()
