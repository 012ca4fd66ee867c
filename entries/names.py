"""Driver names as timing files and people write them (pure Python, no Django).

Al Kamel prints the family name in capitals after the given names ("Reshad DE GERUS",
"HH Prince Abdul RAHMAN IBRAHIM", "Nelson PIQUET Jr"); entry forms and other files write
the same driver with or without accents, hyphens, dots and capitals. Comparisons use a key
that ignores all of these, so a driver is the same person at every event.
"""

from __future__ import annotations

import re
import unicodedata

SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Titles some files print before the given names ("HH Prince Abdul RAHMAN IBRAHIM") and an entry
# form may leave out; only the loose comparison ignores them.
TITLES = frozenset({"hh", "hrh", "his", "highness", "prince", "princess", "sheikh", "sir", "dr", "lord"})

# Characters that never tell two drivers apart: spacing, hyphens, apostrophes and dots.
_IGNORED = re.compile(r"[\s\-\u2010-\u2015'\u2018\u2019\u02bc`.]+")
_WORD_SPLIT = re.compile(r"[\s\-\u2010-\u2015]+")


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_key(name: str) -> str:
    """'Paul-Loup  CHATIN' and 'paul loup chatin' → 'paulloupchatin'; 'Louis DELÉTRAZ' → 'louisdeletraz'."""
    return _IGNORED.sub("", _plain(name))


def _is_suffix(word: str) -> bool:
    return name_key(word) in SUFFIXES


def _is_capitals(word: str) -> bool:
    # Why two letters: an initial ("A.") is written in capitals but is a given name.
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) > 1 and word.isupper()


def split_name(full: str) -> tuple[str, str]:
    """(given, family): the family name is the trailing run of ALL-CAPS words, plus a suffix.

    'HH Prince Abdul RAHMAN IBRAHIM' → ('HH Prince Abdul', 'RAHMAN IBRAHIM');
    'Nelson PIQUET Jr' → ('Nelson', 'PIQUET Jr'); 'Sebastien Crubile' → ('Sebastien', 'Crubile').
    At least one given word is kept when there are two words or more.
    """
    words = full.split()
    if len(words) <= 1:
        return "", " ".join(words)
    suffix: list[str] = []
    if _is_suffix(words[-1]):
        suffix, words = words[-1:], words[:-1]
    start = len(words)
    while start > 1 and _is_capitals(words[start - 1]):
        start -= 1
    if start == len(words):
        # No family name in capitals: the last word is the family name.
        start = max(1, len(words) - 1)
    if not words:
        return "", " ".join(suffix)
    return " ".join(words[:start]), " ".join(words[start:] + suffix)


def name_keys(given: str, family: str) -> frozenset[str]:
    """The keys of a driver known by given and family name, in either order ('LAST First' files)."""
    return frozenset({name_key(f"{given} {family}"), name_key(f"{family} {given}")})


def name_words(text: str) -> list[str]:
    """The keys of each word of a name ('Habsburg-Lothringen' → ['habsburg', 'lothringen'])."""
    return [key for key in (name_key(word) for word in _WORD_SPLIT.split(text)) if key]


def loosely_same(written: str, given: str, family: str) -> bool:
    """A shortened spelling of the driver: 'Ferdinand HABSBURG' for Ferdinand Habsburg-Lothringen,
    'Chris MCMURRY' for Christopher McMurry, 'HH Prince Abdul RAHMAN IBRAHIM' for Abdul Rahman Ibrahim.

    The family words of one are the first family words of the other, and one given name starts
    with the other. Loose on purpose: callers use it only within one car's crew, and only
    when exactly one driver of the crew matches.
    """
    written_given, written_family = split_name(written)
    a, b = name_words(written_family), name_words(family)
    if not a or not b:
        return False
    shorter, longer = (a, b) if len(a) <= len(b) else (b, a)
    if longer[: len(shorter)] != shorter:
        return False
    g1, g2 = _given_key(written_given), _given_key(given)
    return bool(g1 and g2) and (g1.startswith(g2) or g2.startswith(g1))


def _given_key(given: str) -> str:
    words = name_words(given)
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    return "".join(words)
