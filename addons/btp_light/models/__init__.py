from . import (
    account_move,
    account_payment,
    btp_demo,
    btp_jde_export,
    btp_trade,
    project_milestone,
    project_project,
    res_company,
    res_partner,
    sale_order,
    sale_order_line,
)
