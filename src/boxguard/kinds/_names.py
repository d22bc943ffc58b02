"""What the rules for person names and organization names share.

A model trained on news reads a SQL dump's words (INSERT INTO … VALUES) as a foreign
name or a company, and a byte that was not valid in the text's encoding (read as
U+FFFD) is never part of a name: the refiners of both kinds drop such spans.
Rules only: this module must never import a model, an adapter or ``boxguard.synth``.

>>> code_words("INSERT INTO t_user VALUES"), code_words("Jean-Pierre")
(True, False)
"""

from __future__ import annotations

from boxguard.kinds._lazy import lazy_re

#: What a byte that was not valid in the text's encoding was read as: never in a name.
UNDECODED = "\ufffd"
#: A run of Latin letters: a word of a SQL statement, an acronym, a Latin name's part.
LATIN_WORD = lazy_re(r"[A-Za-z]+")


def code_words(value: str) -> bool:
    """Whether ``value`` holds a SQL word (a model trained on news reads INSERT INTO… as
    a foreign name or a company)."""
    return any(w.upper() in _CODE_WORDS for w in LATIN_WORD.findall(value))


#: SQL and dump words that a model trained on news may read as a foreign name.
_CODE_WORDS = frozenset(
    {"INSERT", "INTO", "VALUES", "SELECT", "FROM", "WHERE", "UPDATE", "DELETE", "CREATE"}
    | {"TABLE", "NULL", "DEFAULT", "PRIMARY", "KEY", "VARCHAR", "CHAR", "INT", "INTEGER"}
    | {"BIGINT", "TEXT", "DATETIME", "ENGINE", "CHARSET", "LOCK", "UNLOCK", "TABLES", "DROP"}
    | {"EXISTS", "UNIQUE", "INDEX", "COMMENT", "AUTO_INCREMENT", "SET", "COMMIT", "BEGIN"}
    | {"INNODB", "MYISAM", "UTF8", "UTF8MB4", "COLLATE", "ROW_FORMAT", "DYNAMIC", "COPY"}
)
