"""ADAPTERS for files, tables, databases, keys and policies.

Python's ``csv`` module refuses a field over 131,072 characters (a long note, a pasted
document in a cell): every reader here takes a field of any length, as a line of text is
read whatever its length, so the limit is lifted once, when this package is imported.
"""

import csv as _csv

_csv.field_size_limit(2**31 - 1)  # the C long of every platform
