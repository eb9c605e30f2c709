# the mixin first: the models below inherit it
from . import it_park_company_mixin

# isort: split
from . import (
    account_analytic_line,
    account_move,
    contract_contract,
    helpdesk_ticket,
    it_asset_category,
    it_asset_model,
    it_glpi_import,
    it_license,
    it_license_assignment,
    it_park_alert,
    it_park_expiring,
    it_service_level,
    it_software,
    mail_activity,
    maintenance_equipment,
    maintenance_request,
    product_template,
    project_project,
    res_company,
    res_config_settings,
    res_partner,
    stock_move,
)
