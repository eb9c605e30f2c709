from . import fleet_check_type
