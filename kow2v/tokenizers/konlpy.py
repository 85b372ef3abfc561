"""Adapters over KoNLPy's JVM taggers: Okt, Komoran, Hannanum and Kkma.

All taggers of a process share one JVM whose heap is set by the first one created; the
default here is 2 GB because Kkma next to the others thrashes in KoNLPy's default 1 GB.

The JVM starts on the first ``tokenize`` call in each process (one JVM per process is all
JPype allows), so build tokenizers freely and hand them to ``spawn`` workers; never ``fork``
after a tagger has run (the child hangs, see docs/backends.md).

Each call from Python into Java costs a JPype round trip, and KoNLPy's ``Komoran.pos`` makes
several per morpheme (an iterator step, ``getMorph``, ``getPos``): 42% of Komoran's time on
NSMC reviews. Komoran therefore gets a line's whole analysis back as one Java string and
parses it in Python (identical results, tested against KoNLPy's own ``pos``). Okt and
Hannanum already return one Java object per line; Kkma's time is its own, in Java. Java runs
without Python's GIL, so with one call per line several threads share one JVM
(``parallel = "threads"``, see :mod:`kow2v.tokenizers.parallel`).

Each thread has its own tagger object, except for Komoran: its analyser keeps nothing of a
call (every ``analyze`` builds its own lattice over read-only dictionaries; KOMORAN's own
multi-threaded ``analyze(List, threads)`` shares one object the same way), and loading its
model is 3 s and 300-400 MB of heap, so the threads of a process share one
(``shared_backend``).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from typing import Any

from kow2v.tokenizers.base import TaggerTokenizer
from kow2v.tokenizers.java import require_konlpy, start_jvm

# java.util.List.toString() of Komoran's tokens: "[Token [morph=..., pos=NNG, beginIndex=0, ...]"
_KOMORAN_TOKEN = re.compile(
    r"Token \[morph=(.*?), pos=([A-Z]+), beginIndex=\d+, endIndex=\d+\](?:, |\]$)")


#: the one tagger object of each class with ``shared_backend``, in this process
_SHARED: dict[str, Any] = {}
_sharing = threading.Lock()  # two threads must not both load a model


class _KonlpyTokenizer(TaggerTokenizer):
    tagger_class = ""
    #: the tagger object is safe to call from several threads at once: the threads of one
    #: process share one (see the module's description) instead of one each
    shared_backend = False
    #: a stuck call can be stopped from Java (kow2v.tokenizers.java_threads)
    runs_in_java = True
    parallel = "threads"  # workers share this process's JVM, a tagger object each
    #: seconds a line may take before it is given up (docs/tokenizers.md: "Long lines")
    line_budget = 30.0

    def __init__(
        self,
        pos: Sequence[str] | str | None = None,
        tagged: bool = False,
        max_chars: int = 1000,
        max_heap_size: int = 2048,
    ) -> None:
        super().__init__(pos=pos, tagged=tagged, max_chars=max_chars)
        self.max_heap_size = int(max_heap_size)

    def _make_backend(self) -> Any:
        if not self.shared_backend:
            return self._new_backend()
        with _sharing:
            if self.tagger_class not in _SHARED:
                _SHARED[self.tagger_class] = self._new_backend()
            return _SHARED[self.tagger_class]

    def _new_backend(self) -> Any:
        require_konlpy()
        import konlpy.tag

        start_jvm(self.max_heap_size)
        return getattr(konlpy.tag, self.tagger_class)(max_heap_size=self.max_heap_size)

    def _analyze(self, backend: Any, piece: str) -> list[tuple[str, str]]:
        return backend.pos(piece)

    def options(self) -> dict[str, Any]:
        return {**super().options(), "max_heap_size": self.max_heap_size}


class Okt(_KonlpyTokenizer):
    """Open Korean Text (formerly Twitter), fast and tolerant of informal text.

    Parameters
    ----------
    norm : bool
        Okt's normaliser: a final consonant typed onto a syllable before laughter goes
        (``그랰ㅋㅋㅋ`` -> ``그래 ㅋㅋㅋ``, ``재밌닼ㅋㅋ`` -> ``재밌다 ㅋㅋ``) and long ``ㅋ`` runs
        shrink to three.
        Misspelt words stay as they are (``사릉해`` is not corrected; measured with Okt 2.1.0
        in KoNLPy 0.6.0).
    stem : bool
        Reduce verbs and adjectives to their dictionary form (``했다`` -> ``하다``).
    pos, tagged, max_chars, max_heap_size
        See :class:`~kow2v.tokenizers.base.TaggerTokenizer`; Okt's tags are ``Noun``,
        ``Verb``, ``Adjective``, ``Josa``...

    Examples
    --------
    >>> Okt().tokenize("학교에서 공부를 했다")
    ['학교', '에서', '공부', '를', '했다']
    """

    name = "okt"
    tagger_class = "Okt"
    max_word_chars = 100  # Okt is quadratic in a space-less run: 800 chars take 2-3.5 s

    def __init__(
        self,
        pos: Sequence[str] | str | None = None,
        tagged: bool = False,
        norm: bool = False,
        stem: bool = False,
        max_chars: int = 1000,
        max_heap_size: int = 2048,
    ) -> None:
        super().__init__(pos=pos, tagged=tagged, max_chars=max_chars, max_heap_size=max_heap_size)
        self.norm = bool(norm)
        self.stem = bool(stem)

    def _analyze(self, backend: Any, piece: str) -> list[tuple[str, str]]:
        return backend.pos(piece, norm=self.norm, stem=self.stem)

    def options(self) -> dict[str, Any]:
        return {**super().options(), "norm": self.norm, "stem": self.stem}


class Komoran(_KonlpyTokenizer):
    """KOMORAN (Sejong tags: ``NNG``, ``JKS``, ``VV``...). Emoji are replaced by spaces first."""

    name = "komoran"
    tagger_class = "Komoran"
    astral_unsafe = True
    # threads share one analyser: one model load and one JIT warm-up per run, where a thread
    # or a process each paid their own (docs/tokenizers.md, "`--workers N`")
    shared_backend = True

    def _analyze(self, backend: Any, piece: str) -> list[tuple[str, str]]:
        if "=" in piece:  # a morpheme holding "=" would make the printed list ambiguous
            return backend.pos(piece)
        printed = str(backend.jki.analyze(piece).getTokenList().toString())
        morphs = _KOMORAN_TOKEN.findall(printed)
        if len(morphs) != printed.count("Token [morph="):
            return backend.pos(piece)  # a format this parser does not know: ask KoNLPy
        return morphs


class Hannanum(_KonlpyTokenizer):
    """Hannanum (KAIST tags: ``N``, ``J``, ``P``, ``E``...).

    Hannanum's morpheme chart holds 2,046 entries; a long space-less run overflows it (in the
    first 118k NSMC reviews, 15 of 117-140 characters), and it then prints a Java
    ``ArrayIndexOutOfBoundsException`` and returns nothing for the whole line. Words are cut
    into 64-character chunks before analysis (no failure at 112 or below, measured).
    """

    name = "hannanum"
    tagger_class = "Hannanum"
    max_word_chars = 64
    # Hannanum analyses in its own workflow threads: stopping the caller's thread ends only
    # its wait (Java prints an InterruptedException), not the analysis, so it is not stopped.
    runs_in_java = False


class Kkma(_KonlpyTokenizer):
    """Kkma (Sejong-style tags), thorough and slow. Emoji are replaced by spaces first.

    Kkma's analysis time grows exponentially with a space-less run of repeated syllables
    (measured: ``"헐" * 24`` 4.8 s, ``"가" * 50`` 340 s), which informal reviews contain, so
    words longer than 16 characters are cut into 16-character chunks before analysis.
    """

    name = "kkma"
    tagger_class = "Kkma"
    astral_unsafe = True
    max_word_chars = 16
