from . import crm_service_type
