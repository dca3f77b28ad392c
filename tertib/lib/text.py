"""Text as people type it: control characters, bidi overrides, usernames, spreadsheet cells.

No Django here; the forms and the throttle use these.
"""

import re
import unicodedata

# Right-to-left and other direction marks: they make "=SUM(A1)" look like a name, or turn the
# order of a name around on screen. Stripped from names, never stored.
BIDI_CONTROLS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# Every control character but tab and the line breaks a textarea sends.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,149}")
# A spreadsheet reads a cell starting with these as a formula (or a DDE command).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def has_control_characters(text: str) -> bool:
    """Whether the text holds NUL or another control character (tab and line breaks allowed)."""
    return CONTROL.search(text) is not None


def strip_bidi(text: str) -> str:
    """The text without direction marks and overrides."""
    return text.translate(BIDI_CONTROLS)


def is_ascii_digits(text: str) -> bool:
    """Only 0-9: Python's isdigit() also takes Arabic-Indic and full-width digits."""
    return text.isascii() and text.isdigit()


def normalise_username(username: str) -> str:
    """The key under which a name's login attempts are counted: NFKC, case-folded, trimmed.

    Full-width "ｋasi.kesra" and "KASI.KESRA" both become "kasi.kesra".
    """
    return unicodedata.normalize("NFKC", username).casefold().strip()


def is_plain_username(username: str) -> bool:
    """Lower-case ASCII letters, digits, dot, underscore and dash, 2 to 150 characters: no name
    that looks like another one in a different alphabet or width."""
    return USERNAME.fullmatch(username) is not None


def spreadsheet_cell(value):
    """A value safe for an XLSX cell: text that a spreadsheet would run as a formula gets a
    leading apostrophe; numbers, dates and everything else pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_row(values) -> list:
    """A row for openpyxl's append() with every cell made safe (see spreadsheet_cell)."""
    return [spreadsheet_cell(value) for value in values]


def balanced_lines(text: str, *, width: int, separator: str = " ") -> list[str]:
    """The text's words in as few lines of at most width characters as will hold them, the
    lines as even as they can be: a letterhead never leaves one word alone on its last line.

    Words are what separator divides (" · " keeps "Telp. 0291 433400" whole); a single word
    longer than width gets a line of its own."""
    words: list[str] = []
    for word in (word.strip() for word in text.split(separator)):
        if words and word and not any(char.isalnum() for char in word):
            words[-1] += separator + word  # a lone "·" or "—" stays with the word before it
        elif word:
            words.append(word)
    for count in range(1, len(words) + 1):
        lines = _even_split(words, count, separator)
        if max(len(line) for line in lines) <= width or count == len(words):
            return lines
    return []


def _even_split(words: list[str], count: int, separator: str) -> list[str]:
    """words in count lines whose longest line is as short as can be."""
    if count == 1:
        return [separator.join(words)]
    best: list[str] = []
    for cut in range(1, len(words) - count + 2):
        lines = [separator.join(words[:cut]), *_even_split(words[cut:], count - 1, separator)]
        if not best or max(map(len, lines)) < max(map(len, best)):
            best = lines
    return best


def without_repeated_words(text: str) -> str:
    """The text with a word typed twice in a row kept once: "PENGAJUAN PENGAJUAN" -> "PENGAJUAN"
    (letters compared without case or trailing punctuation)."""
    kept: list[str] = []
    for word in text.split():
        if kept and kept[-1].casefold() == _bare(word):
            kept[-1] = word  # keeps the second one's punctuation: "DESA DESA," -> "DESA,"
            continue
        kept.append(word)
    return " ".join(kept)


def _bare(word: str) -> str:
    return word.rstrip(".,;:").casefold()
