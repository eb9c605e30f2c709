import re

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban

from odoo import api, models
from odoo.exceptions import ValidationError

IBAN_LIKE = re.compile(r"^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$")


class ResBank(models.Model):
    _inherit = "res.bank"

    @api.constrains("bic")
    def _check_gf_bic(self):
        for bank in self:
            if bank.bic and not stdnum_bic.is_valid(bank.bic):
                raise ValidationError(
                    self.env._(
                        "%(bic)s is not a valid BIC (8 or 11 characters, e.g. BNPAFRPPXXX).",
                        bic=bank.bic,
                    )
                )


class ResPartnerBank(models.Model):
    _inherit = "res.partner.bank"

    @api.constrains("acc_number")
    def _check_gf_iban(self):
        """An account number that looks like an IBAN (country code + check digits) must be
        a valid IBAN: core only validates the numbers it already recognised as IBANs."""
        for account in self:
            number = stdnum_iban.compact(account.acc_number or "")
            if IBAN_LIKE.match(number) and not stdnum_iban.is_valid(number):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid IBAN (check the digits).",
                        number=account.acc_number,
                    )
                )
