from . import btp_trade
