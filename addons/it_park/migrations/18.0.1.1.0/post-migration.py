# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""Up to 18.0.1.0.0 it_park rewrote OCA contract's portal rule (a noupdate record of contract) to
"the contracts of the user's company". it_park now leaves that rule as OCA ships it and adds a
rule of its own (it_park.rule_contract_portal_customer): give OCA's rule its own domain back."""

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.tools.misc import file_path

REWRITTEN = "[('partner_id', 'child_of', [user.commercial_partner_id.id])]"


def oca_portal_rule_domain():
    """The domain of contract.rule_contract_contract_portal in OCA contract's own data file."""
    tree = etree.parse(file_path("contract/security/contract_security.xml"))
    (field,) = tree.xpath(
        "//record[@id='rule_contract_contract_portal']/field[@name='domain_force']"
    )
    return field.text.strip()


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    rule = env.ref("contract.rule_contract_contract_portal", raise_if_not_found=False)
    if rule and rule.domain_force == REWRITTEN:
        rule.domain_force = oca_portal_rule_domain()
