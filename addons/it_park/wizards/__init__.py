from . import base_import_import, it_consumable_delivery_wizard
