from . import crm_quote_refuse_wizard
