"""Is an e-mail address acceptable for a new account: the one place that decides.

Pure Python (no Django): the account adapter asks it with the addresses already known.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# RFC 5321: 254 characters for the whole address, 64 for the part before the @.
MAX_LENGTH = 254
MAX_LOCAL_LENGTH = 64
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD_RE = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
# Characters people (and attackers) put in place of others: digits for letters, Cyrillic and
# Greek letters that print like Latin ones. Why: "s.teward@aco.org" and "steward@ac0.org"
# would otherwise pass as a second person next to steward@aco.org.
_CONFUSABLES = str.maketrans(
    {
        "0": "o",
        "1": "l",
        "i": "l",
        "|": "l",
        "5": "s",
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "l",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ο": "o",
        "α": "a",
        "ν": "v",
        "ρ": "p",
        "ι": "l",
        ".": "",
        "-": "",
        "_": "",
    }
)


def skeleton(email: str) -> str:
    """What an address looks like to a reader: case, accents, look-alike letters, dots, dashes and
    any "+tag" ignored ("Jean.Dupont+x@ACO.org" and "jeandup0nt@aco.org" share one)."""
    text = unicodedata.normalize("NFKD", email.strip()).casefold()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    local, _, domain = text.rpartition("@")
    local = local.split("+", 1)[0]
    text = f"{local}@{domain}".replace("rn", "m").replace("vv", "w")
    return text.translate(_CONFUSABLES)


def email_problems(email: str, existing: Iterable[str] = ()) -> list[str]:
    """Why `email` cannot open an account (none: it can). `existing`: the addresses already in use."""
    email = email.strip()
    if len(email) > MAX_LENGTH:
        return [f"This address is {len(email)} characters long; an e-mail address has at most {MAX_LENGTH}."]
    local, at, domain = email.rpartition("@")
    if not at or not local:
        return ["Give the whole address, e.g. jane.doe@example.org."]
    if len(local) > MAX_LOCAL_LENGTH:
        return [f"The part before the @ is {len(local)} characters long; at most {MAX_LOCAL_LENGTH} are allowed."]
    if not local.isascii() or not domain.isascii():
        return ["Use an address written in plain Latin letters, digits and . - _ + only."]
    labels = domain.lower().split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(label) for label in labels) or not _TLD_RE.match(labels[-1]):
        return [f"'{domain}' is not an internet domain: an address ends with one such as example.org."]
    wanted = skeleton(email)
    for other in existing:
        if other.strip().lower() != email.lower() and skeleton(other) == wanted:
            # Why not name the other address: that would tell a stranger who has an account.
            return ["This address looks like the address of another account: use your own address."]
    return []
