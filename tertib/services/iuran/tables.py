"""Reading rows and cells of the CSV and XLSX files that desa, kecamatan and BPJS send."""

import csv
import datetime
import io
import re
import zipfile

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"]
# 3500000, 3.500.000, 3.500.000,00 or 3500000.00 (a plain number with two zero decimals)
RUPIAH = re.compile(r"(?P<whole>[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,(?P<sen>[0-9]{1,2}))?")
PLAIN_DECIMAL = re.compile(r"(?P<whole>[0-9]+)\.(?P<sen>[0-9]{2})")


class TableError(ValueError):
    """Invalid file or cell; the message says why, in Indonesian."""

    def __init__(self, message: str, *, column: str = "") -> None:
        super().__init__(message)
        self.column = column  # when the fault lies in another column than the one read


def read_table(content: bytes, filename: str) -> list[tuple[int, list]]:
    """The non-empty rows with their line numbers; the first is the header."""
    if filename.lower().endswith(".xls"):
        raise TableError("berkas: format .xls lama tidak didukung; simpan sebagai .xlsx atau .csv")
    is_xlsx = filename.lower().endswith(".xlsx") or content.startswith(b"PK\x03\x04")
    rows = xlsx_rows(content) if is_xlsx else csv_rows(content)
    rows = [(line, cells) for line, cells in rows if any(cell_text(cell) for cell in cells)]
    if len(rows) < 2:
        raise TableError("berkas: tidak ada baris data di bawah baris kepala kolom")
    return rows


def csv_rows(content: bytes) -> list[tuple[int, list]]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TableError("berkas: bukan teks UTF-8; simpan ulang sebagai CSV UTF-8") from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        return [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise TableError(f"baris {reader.line_num}: CSV rusak ({error})") from None


def delimiter(text: str) -> str:
    """Excel in Indonesian locales writes ';', elsewhere ','; the header line tells which."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return ";" if header.count(";") > header.count(",") else ","


def xlsx_rows(content: bytes) -> list[tuple[int, list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise TableError("berkas: bukan berkas Excel .xlsx yang bisa dibaca") from None
    sheet = book.worksheets[0]
    rows = [(line, list(cells)) for line, cells in enumerate(sheet.iter_rows(values_only=True), 1)]
    book.close()
    return rows


def column_positions(header: list) -> dict[str, int]:
    """Column name -> position of its first use; names match without case, and spaces and
    hyphens become underscores ("Nomor BPJS" -> "nomor_bpjs")."""
    columns: dict[str, int] = {}
    for position, cell in enumerate(header):
        columns.setdefault(re.sub(r"[\s-]+", "_", cell_text(cell).lower()), position)
    return columns


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def rupiah_cell(value) -> int:
    """Whole rupiah as people type it: 3500000, 3.500.000, Rp1.234.567,00, 120000.00; never
    cents other than zero."""
    if isinstance(value, bool):
        raise TableError(f"'{value}' bukan rupiah")
    if isinstance(value, float) and not value.is_integer():
        raise TableError(f"'{value}' harus rupiah bulat, tanpa sen")
    amount = int(value) if isinstance(value, int | float) else _rupiah_text(cell_text(value))
    if amount < 0:
        raise TableError("tidak boleh negatif")
    if amount == 0:
        raise TableError("harus lebih dari 0")
    return amount


def _rupiah_text(text: str) -> int:
    if not text:
        raise TableError("wajib diisi")
    digits = re.sub(r"^rp\.?", "", text.replace(" ", ""), flags=re.IGNORECASE)
    digits = digits.removesuffix(",-")  # "Rp 3.500.000,-" as written on letters
    sign = -1 if digits.startswith("-") else 1
    digits = digits.removeprefix("-")
    match = PLAIN_DECIMAL.fullmatch(digits) or RUPIAH.fullmatch(digits)
    if not match:
        raise TableError(f"'{text}' bukan rupiah bulat (tulis 3500000 atau 3.500.000)")
    if int(match["sen"] or 0):
        raise TableError(f"'{text}' harus rupiah bulat, tanpa sen")
    return sign * int(match["whole"].replace(".", ""))


def date_cell(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise TableError(f"'{text}' bukan tanggal (tulis YYYY-MM-DD atau DD-MM-YYYY)")
