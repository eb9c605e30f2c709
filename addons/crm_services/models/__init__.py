from . import (
    crm_service_type,
    mail_activity,
    res_company,
    res_config_settings,
    res_partner,
    sale_order,
)
