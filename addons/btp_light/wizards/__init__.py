from . import account_payment_register, btp_dashboard
