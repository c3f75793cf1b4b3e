"""Text as clerks type it: normalised before anything compares it."""

from __future__ import annotations

import unicodedata


def nfc(value: str) -> str:
    """The NFC form: "Hòa" typed on one PC and pasted from another compare equal."""
    return unicodedata.normalize("NFC", value)


def fold(value: object) -> str:
    """The key under which sheet names and header labels are compared."""
    return " ".join(nfc(str(value)).split()).casefold()


def member_id(value: str) -> str:
    """A member id as shown (a document, a new monthly sheet): as typed, without stray spaces."""
    return nfc(value).strip()


def member_key(value: str) -> str:
    """A member id as it is matched across sheets: the id as shown, in upper case."""
    return member_id(value).upper()


def shown(value: str) -> str:
    """`value` safe to write into any document: the bytes of a file name that are not UTF-8 (which
    Python keeps as lone surrogates, and XlsxWriter, JSON and Word refuse) become '\ufffd'."""
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
