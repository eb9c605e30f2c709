from . import it_consumable_delivery_wizard
