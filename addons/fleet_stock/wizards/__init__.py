from . import fs_stock_move_wizard
