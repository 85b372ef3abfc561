"""Hangul syllables to jamo and back, by code-point arithmetic, losslessly.

A precomposed syllable (U+AC00-U+D7A3) is ``0xAC00 + (initial * 21 + medial) * 28 + final``
(Unicode 15, section 3.12). :func:`decompose` writes every syllable as exactly three
compatibility jamo (U+3131-U+3163): its initial consonant, its vowel, and its final consonant
or :data:`NO_FINAL`, so a syllable boundary is visible every three symbols and the n-grams of a
subword model see syllables as well as jamo (``학교`` -> ``ㅎㅏㄱㄱㅛㅤ``).

:data:`NO_FINAL` is U+3164 HANGUL FILLER: the character Unicode provides for a missing jamo
slot, inside the compatibility jamo block, not whitespace (``str.split`` keeps it), and absent
from ordinary text. It also marks the slots of jamo that stand alone, so the output parses
back without ambiguity: every group starts with a consonant or the filler and is three symbols
long.

=====================  ===============================================  ==============
input                  output                                           example
=====================  ===============================================  ==============
syllable               initial, vowel, final or filler                  ``가`` -> ``ㄱㅏㅤ``
lone consonant         consonant, filler, filler                        ``ㅋ`` -> ``ㅋㅤㅤ``
lone vowel             filler, vowel, filler                            ``ㅠ`` -> ``ㅤㅠㅤ``
lone final (conjoin.)  filler, filler, consonant                        ``ᆫ`` -> ``ㅤㅤㄴ``
a literal U+3164       filler, filler, filler
anything else          itself                                           ``A``, ``7``, ``😀``
=====================  ===============================================  ==============

Conjoining jamo (U+1100-U+11FF) are read as the jamo they spell: a run of initial, vowel
and optional final (NFD text, as macOS writes file names) decomposes exactly like the
precomposed syllable, and a lone conjoining final (kiwi's ``ᆫ다``) as a lone final, which
:func:`compose` gives back as that conjoining character. ``compose(decompose(s)) == s`` for
every string without conjoining jamo; with them, ``compose`` returns the precomposed form.
No Unicode normalisation is applied: NFKC would recompose the jamo.

Examples
--------
>>> decompose("학교에서")
'ㅎㅏㄱㄱㅛㅤㅇㅔㅤㅅㅓㅤ'
>>> compose(decompose("ㅋㅋ 학굣길 OK😀"))
'ㅋㅋ 학굣길 OK😀'
"""

from __future__ import annotations

FIRST_SYLLABLE, LAST_SYLLABLE = 0xAC00, 0xD7A3
NO_FINAL = "\u3164"  # HANGUL FILLER

#: the 19 initial consonants, 21 vowels and 27 final consonants, as compatibility jamo
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = "ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ"
CONSONANTS = frozenset(INITIALS + FINALS)
_VOWEL_SET = frozenset(VOWELS)
_INITIAL_INDEX = {c: i for i, c in enumerate(INITIALS)}
_VOWEL_INDEX = {c: i for i, c in enumerate(VOWELS)}
_FINAL_INDEX = {c: i + 1 for i, c in enumerate(FINALS)}  # 0 is "no final"

# conjoining jamo -> compatibility jamo: initials U+1100-U+1112, vowels U+1161-U+1175,
# finals U+11A8-U+11C2, in the same order as the three tables above
_CONJOINING_INITIAL = {chr(0x1100 + i): c for i, c in enumerate(INITIALS)}
_CONJOINING_VOWEL = {chr(0x1161 + i): c for i, c in enumerate(VOWELS)}
_CONJOINING_FINAL = {chr(0x11A8 + i): c for i, c in enumerate(FINALS)}
_FINAL_TO_CONJOINING = {c: j for j, c in _CONJOINING_FINAL.items()}


def _syllable(ch: str) -> str:
    index = ord(ch) - FIRST_SYLLABLE
    initial, rest = divmod(index, 21 * 28)
    vowel, final = divmod(rest, 28)
    return INITIALS[initial] + VOWELS[vowel] + (FINALS[final - 1] if final else NO_FINAL)


def _table() -> dict[int, str]:
    """``str.translate`` table for every character decomposed without looking at neighbours."""
    table = {code: _syllable(chr(code)) for code in range(FIRST_SYLLABLE, LAST_SYLLABLE + 1)}
    table.update({ord(c): c + NO_FINAL + NO_FINAL for c in CONSONANTS})
    table.update({ord(v): NO_FINAL + v + NO_FINAL for v in VOWELS})
    table.update({ord(j): NO_FINAL + NO_FINAL + c for j, c in _CONJOINING_FINAL.items()})
    table[ord(NO_FINAL)] = NO_FINAL * 3
    return table


_TABLE = _table()
_CONTEXTUAL = frozenset(_CONJOINING_INITIAL) | frozenset(_CONJOINING_VOWEL)


def decompose(text: str) -> str:
    """Each Hangul syllable as three compatibility jamo; see the module's table."""
    if _CONTEXTUAL.isdisjoint(text):  # no conjoining initial or vowel: one C-speed pass
        return text.translate(_TABLE)
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if FIRST_SYLLABLE <= ord(ch) <= LAST_SYLLABLE:
            out.append(_syllable(ch))
        elif ch in _CONJOINING_INITIAL and i + 1 < n and text[i + 1] in _CONJOINING_VOWEL:
            final = text[i + 2] if i + 2 < n else ""
            tail = _CONJOINING_FINAL.get(final)
            out.append(_CONJOINING_INITIAL[ch] + _CONJOINING_VOWEL[text[i + 1]]
                       + (tail or NO_FINAL))
            i += 3 if tail else 2
            continue
        elif ch in CONSONANTS or ch in _CONJOINING_INITIAL:
            out.append(_CONJOINING_INITIAL.get(ch, ch) + NO_FINAL + NO_FINAL)
        elif ch in _VOWEL_SET or ch in _CONJOINING_VOWEL:
            out.append(NO_FINAL + _CONJOINING_VOWEL.get(ch, ch) + NO_FINAL)
        elif ch in _CONJOINING_FINAL:
            out.append(NO_FINAL + NO_FINAL + _CONJOINING_FINAL[ch])
        elif ch == NO_FINAL:
            out.append(NO_FINAL * 3)
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def compose(jamo: str) -> str:
    """The inverse of :func:`decompose`: groups of three back to syllables and lone jamo.

    Raises
    ------
    ValueError
        ``jamo`` is not something :func:`decompose` writes (a consonant or filler that does
        not begin a complete group).
    """
    out: list[str] = []
    i, n = 0, len(jamo)
    while i < n:
        ch = jamo[i]
        if ch not in CONSONANTS and ch != NO_FINAL:
            out.append(ch)
            i += 1
            continue
        group = jamo[i:i + 3]
        if len(group) < 3:
            raise ValueError(f"{jamo!r}: an incomplete jamo group {group!r} at {i}")
        first, second, third = group[0], group[1], group[2]
        if first in _INITIAL_INDEX and second in _VOWEL_INDEX and (third == NO_FINAL
                                                                   or third in _FINAL_INDEX):
            code = (_INITIAL_INDEX[first] * 21 + _VOWEL_INDEX[second]) * 28 + \
                _FINAL_INDEX.get(third, 0)
            out.append(chr(FIRST_SYLLABLE + code))
        elif first in CONSONANTS and second == third == NO_FINAL:
            out.append(first)
        elif first == NO_FINAL and second in _VOWEL_SET and third == NO_FINAL:
            out.append(second)
        elif first == second == NO_FINAL and third in _FINAL_TO_CONJOINING:
            out.append(_FINAL_TO_CONJOINING[third])
        elif group == NO_FINAL * 3:
            out.append(NO_FINAL)
        else:
            raise ValueError(f"{jamo!r}: {group!r} at {i} is not a jamo group")
        i += 3
    return "".join(out)


def is_decomposed(key: str) -> bool:
    """True when ``key`` is exactly what :func:`decompose` writes for some text, so decomposing
    it again would change it (a single key; :func:`looks_decomposed` judges a vocabulary).

    >>> is_decomposed(decompose("간ㅋ")), is_decomposed("간"), is_decomposed("ㅋㅋ")
    (True, False, False)
    """
    try:
        return decompose(compose(key)) == key
    except ValueError:  # e.g. "ㅋㅋ": lone letters as people type them
        return False


def looks_decomposed(words: list[str]) -> bool:
    """True when ``words`` look like :func:`decompose` output already (jamo groups with the
    filler, and no precomposed syllable): decomposing them again would change them.

    >>> looks_decomposed(["ㅎㅏㄱㄱㅛㅤ", "ㄱㅏㅤ"]), looks_decomposed(["학교", "ㅋㅋ"])
    (True, False)
    """
    has_filler = any(NO_FINAL in w for w in words)
    has_syllables = any(FIRST_SYLLABLE <= ord(ch) <= LAST_SYLLABLE for w in words for ch in w)
    return has_filler and not has_syllables
