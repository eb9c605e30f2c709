from . import (
    account_move,
    contract_contract,
    crm_reminder,
    crm_service_type,
    crm_timeline,
    mail_activity,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
)
