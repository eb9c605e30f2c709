from . import group_finance_charge_type
