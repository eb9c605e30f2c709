from . import it_asset_category
