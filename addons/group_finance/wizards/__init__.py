from . import (
    account_statement_import,
    account_statement_import_sheet_parser,
    fec_export_wizard,
    group_finance_current_account_interest_wizard,
)
