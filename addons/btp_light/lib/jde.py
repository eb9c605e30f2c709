"""JD Edwards batch interface writers (F03B11Z1, F0911Z1), CSV and JSON.

Pure functions: they take plain dicts (built by ``btp.jde.export``) and return text. Nothing here
touches the ORM, so the layouts can be tested and read on their own.

Fixed layout: every record is one line of fixed-width fields, in the order of the layout below.
- ``A`` alphanumeric: left-aligned, padded with spaces, cut at the width, uppercase ASCII-safe;
- ``N`` numeric: right-aligned, zero-padded (negative numbers are refused);
- ``S`` signed amount: sign (``+``/``-``) then the amount in cents, zero-padded;
- ``J`` date: JD Edwards Julian date CYYDDD (C = century - 19, YY year, DDD day of the year).
"""

import csv
import io
import json
import unicodedata
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

F03B11Z1 = (
    ("EDUS", 10, "A"),  # user id
    ("EDBT", 15, "A"),  # batch number
    ("EDTN", 22, "A"),  # transaction number (one per document)
    ("EDLN", 7, "N"),  # line number in the transaction, x1000
    ("EDTC", 1, "A"),  # transaction action: A = add
    ("EDTR", 1, "A"),  # transaction type: I = invoice
    ("DOC", 8, "N"),  # document number
    ("DCT", 2, "A"),  # document type: RI invoice, RM credit note
    ("KCO", 5, "A"),  # document company
    ("SFX", 3, "A"),  # pay item: 001 net to pay, 002 retention guarantee
    ("AN8", 8, "N"),  # customer address number
    ("DIVJ", 6, "J"),  # invoice date
    ("DGJ", 6, "J"),  # G/L date
    ("DDJ", 6, "J"),  # due date
    ("AG", 16, "S"),  # gross amount (incl. VAT) of the pay item
    ("ATXA", 16, "S"),  # taxable amount
    ("STAM", 16, "S"),  # tax amount
    ("CRCD", 3, "A"),  # currency
    ("VR01", 25, "A"),  # reference: job site
    ("RMK", 30, "A"),  # remark: Odoo document
)

F0911Z1 = (
    ("EDUS", 10, "A"),
    ("EDBT", 15, "A"),
    ("EDTN", 22, "A"),
    ("EDLN", 7, "N"),
    ("EDTC", 1, "A"),
    ("EDTR", 1, "A"),  # J = journal entry
    ("DCT", 2, "A"),  # RI invoice, RM credit note, RC receipt
    ("DOC", 8, "N"),
    ("KCO", 5, "A"),
    ("DGJ", 6, "J"),
    ("ANI", 29, "A"),  # account number (Odoo account code)
    ("SBL", 8, "N"),  # subledger: customer address number (0 when none)
    ("AA", 16, "S"),  # amount: debit positive, credit negative
    ("CRCD", 3, "A"),
    ("EXA", 30, "A"),  # explanation (line label)
    ("VR01", 25, "A"),
)

CSV_COLUMNS = (
    "TYPE",
    "DOCUMENT",
    "DOC_JDE",
    "DATE",
    "CLIENT",
    "CODE_JDE",
    "HT",
    "TVA",
    "TTC",
    "RETENUE",
    "NET",
    "ECHEANCE",
    "CHANTIER",
    "ORIGINE",
)


class LayoutError(ValueError):
    """A value does not fit the fixed layout."""


def julian(value):
    """Return the JD Edwards Julian date CYYDDD of a date (0 for no date)."""
    if not value:
        return 0
    if not isinstance(value, date):
        raise LayoutError(f"not a date: {value!r}")
    century = value.year // 100 - 19
    return century * 100000 + (value.year % 100) * 1000 + value.timetuple().tm_yday


def to_cents(amount):
    """Amount (float, int, str or Decimal) to an integer number of cents, half up."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return int(value * 100)


def ascii_text(value):
    """Text without accents or line breaks (JD Edwards flat files are read as plain ASCII)."""
    text = unicodedata.normalize("NFKD", str(value or ""))
    text = text.encode("ascii", "ignore").decode("ascii")
    return " ".join(text.split())


def format_field(name, width, kind, value):
    if kind == "A":
        return ascii_text(value).upper()[:width].ljust(width)
    if kind == "N":
        number = int(value or 0)
        if number < 0 or len(str(number)) > width:
            raise LayoutError(f"{name}: {number} does not fit {width} digits")
        return str(number).rjust(width, "0")
    if kind == "S":
        cents = to_cents(value or 0)
        digits = str(abs(cents))
        if len(digits) > width - 1:
            raise LayoutError(f"{name}: {value} does not fit {width} characters")
        return ("-" if cents < 0 else "+") + digits.rjust(width - 1, "0")
    if kind == "J":
        return str(julian(value)).rjust(width, "0")
    raise LayoutError(f"{name}: unknown kind {kind}")


def fixed_line(layout, record):
    return "".join(
        format_field(name, width, kind, record.get(name)) for name, width, kind in layout
    )


def record_width(layout):
    return sum(width for _name, width, _kind in layout)


def write_fixed(layout, records):
    """One fixed-width line per record, CRLF-terminated (as JD Edwards flat-file imports expect)."""
    return "".join(fixed_line(layout, record) + "\r\n" for record in records)


def write_csv(rows, columns=CSV_COLUMNS):
    """Semicolon-separated file with a header line (the prototype's format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_value(row.get(column)) for column in columns])
    return buffer.getvalue()


def _csv_value(value):
    if isinstance(value, date):
        return value.strftime("%Y%m%d")
    if isinstance(value, float | Decimal):
        return f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"
    return "" if value is None or value is False else value


def write_json(payload):
    """Indented JSON; dates as ISO strings, amounts as strings with two decimals."""

    def default(value):
        if isinstance(value, date):
            return value.isoformat()
        if isinstance(value, Decimal):
            return f"{value.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)}"
        raise TypeError(f"not serialisable: {value!r}")

    return json.dumps(payload, default=default, indent=2, ensure_ascii=False, sort_keys=True)


def jde_document_number(year, sequence_number):
    """An 8-digit JD Edwards document number: 2-digit year then the 6-digit Odoo sequence."""
    if not sequence_number or sequence_number > 999999:
        raise LayoutError(f"sequence number {sequence_number} does not fit 6 digits")
    return (year % 100) * 1000000 + sequence_number


def money(amount):
    """Amount as a Decimal with two decimals (for JSON)."""
    return Decimal(str(amount or 0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
