"""Row-by-row check of a bank's CSV export before OCA's sheet parser reads it.

OCA's parser stops at the first unreadable cell with a Python error; the user needs every bad
line at once, numbered as in the file. `check_csv` returns a list of problems
``(line_no, code, params)``; the caller translates the codes. Nothing here touches the database.
"""

import csv
import re
from datetime import datetime
from io import StringIO

MAX_ERRORS = 50

# codes -> the caller's translated message
EMPTY_FILE = "empty_file"
NOT_TEXT = "not_text"
MISSING_COLUMN = "missing_column"
COLUMN_COUNT = "column_count"
BAD_DATE = "bad_date"
BAD_AMOUNT = "bad_amount"
NO_AMOUNT = "no_amount"
BOTH_AMOUNTS = "both_amounts"
EMPTY_LABEL = "empty_label"
NO_TRANSACTION = "no_transaction"


def amount_pattern(thousands, decimal):
    """A strict pattern of a French or English amount: sign, digits with optional
    thousands separators, optional decimals, optional currency symbol."""
    t = re.escape(thousands) if thousands else ""
    d = re.escape(decimal) if decimal else r"\."
    group = (
        rf"\d{{1,3}}(?:[{t} \u00a0\u202f]\d{{3}})+" if t else r"\d{1,3}(?:[ \u00a0\u202f]\d{3})+"
    )
    return re.compile(
        rf"^\s*[-+]?\s*(?:{group}|\d+)(?:{d}\d+)?\s*(?:€|EUR)?\s*[-+]?\s*$", re.IGNORECASE
    )


def _split(text, delimiter, quotechar):
    options = {"delimiter": delimiter or ","}
    if quotechar:
        options["quotechar"] = quotechar
    reader = csv.reader(StringIO(text, newline=""), **options)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, None, str(exc)
            return
        yield reader.line_num, row, None


def check_csv(text, spec):
    """Check a decoded CSV text against a mapping ``spec`` (a dict):

    delimiter, quotechar, header_line (1-based line of the header), footer_skip,
    date_column, date_format, amount_column or (debit_column, credit_column),
    label_columns (list), thousands, decimal, skip_empty (bool).
    Returns (problems, data_rows): problems as ``[(line_no, code, params)]``.
    """
    problems = []
    if "\x00" in text:
        return [(1, NOT_TEXT, {})], 0
    rows = list(_split(text, spec["delimiter"], spec.get("quotechar")))
    if not rows or not any(any(cell.strip() for cell in r[1] or []) for r in rows):
        return [(1, EMPTY_FILE, {})], 0
    header_at = max(spec.get("header_line") or 1, 1)
    header_row = None
    for line_no, row, error in rows:
        if line_no >= header_at:
            if error:
                return [(line_no, COLUMN_COUNT, {"detail": error})], 0
            header_row = (line_no, [cell.strip() for cell in row])
            break
    if header_row is None:
        return [(1, EMPTY_FILE, {})], 0
    header_line, header = header_row
    wanted = [spec["date_column"]]
    if spec.get("amount_column"):
        wanted.append(spec["amount_column"])
    else:
        wanted += [spec["debit_column"], spec["credit_column"]]
    wanted += spec.get("label_columns") or []
    missing = [name for name in wanted if name not in header]
    if missing:
        return [
            (
                header_line,
                MISSING_COLUMN,
                {"columns": ", ".join(missing), "found": ", ".join(header)},
            )
        ], 0
    index = {name: header.index(name) for name in wanted}
    pattern = amount_pattern(spec.get("thousands", ""), spec.get("decimal", ","))
    body = [r for r in rows if r[0] > header_line]
    if spec.get("footer_skip"):
        body = body[: -spec["footer_skip"]] or []
    data_rows = 0
    for line_no, row, error in body:
        if len(problems) >= MAX_ERRORS:
            break
        if error:
            problems.append((line_no, COLUMN_COUNT, {"detail": error}))
            break
        if not any(cell.strip() for cell in row):
            if spec.get("skip_empty", True):
                continue
        if len(row) != len(header):
            problems.append((line_no, COLUMN_COUNT, {"count": len(row), "expected": len(header)}))
            continue
        data_rows += 1
        raw_date = row[index[spec["date_column"]]].strip()
        try:
            datetime.strptime(raw_date, spec["date_format"])
        except ValueError:
            problems.append((line_no, BAD_DATE, {"value": raw_date}))
        if spec.get("amount_column"):
            raw = row[index[spec["amount_column"]]].strip()
            if not raw:
                problems.append((line_no, NO_AMOUNT, {}))
            elif not pattern.match(raw):
                problems.append((line_no, BAD_AMOUNT, {"value": raw}))
        else:
            debit = row[index[spec["debit_column"]]].strip()
            credit = row[index[spec["credit_column"]]].strip()
            if debit and credit:
                problems.append((line_no, BOTH_AMOUNTS, {}))
            elif not debit and not credit:
                problems.append((line_no, NO_AMOUNT, {}))
            else:
                raw = debit or credit
                if not pattern.match(raw):
                    problems.append((line_no, BAD_AMOUNT, {"value": raw}))
        labels = spec.get("label_columns") or []
        if labels and not any(row[index[name]].strip() for name in labels):
            problems.append((line_no, EMPTY_LABEL, {}))
    if not problems and not data_rows:
        problems.append((header_line, NO_TRANSACTION, {}))
    return problems, data_rows


def occurrence_keys(lines):
    """For parsed lines (dicts with timestamp, amount, description), the key that identifies
    each one in its account: date, amount, label and its rank among identical lines of the
    same file (two identical card payments on one day are two lines)."""
    seen = {}
    keys = []
    for line in lines:
        label = " ".join((line.get("description") or "").split()).upper()
        base = (
            line["timestamp"].strftime("%Y-%m-%d"),
            f"{float(line['amount']):.2f}",
            label,
        )
        seen[base] = seen.get(base, 0) + 1
        keys.append("|".join(base) + f"|{seen[base]}")
    return keys
