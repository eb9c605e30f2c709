from . import crm_quote_refuse_wizard, crm_timeline_wizard
