# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.2.0:
- the SLA overdue flag of the tickets is computed when read and searched in SQL (no stored column
  refreshed by an hourly job): the job (a noupdate record, so not removed by the upgrade itself)
  and the column go;
- a customer's stock location is core's ``property_stock_customer`` (in each company) instead of
  a location pointing to the customer (``stock_location.it_customer_id``, no longer a field):
  each such location becomes its customer's Customer Location in the location's company."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("it_park.ir_cron_it_park_sla", raise_if_not_found=False)
    if cron:
        cron.unlink()
    cr.execute(SQL("ALTER TABLE helpdesk_ticket DROP COLUMN IF EXISTS it_sla_overdue"))
    cr.execute(
        SQL(
            """SELECT 1 FROM information_schema.columns
                WHERE table_name = 'stock_location' AND column_name = 'it_customer_id'"""
        )
    )
    if cr.fetchone():
        # the old column, no longer a field: read in SQL, written through the ORM
        cr.execute(
            SQL(
                """SELECT id, it_customer_id, company_id FROM stock_location
                    WHERE it_customer_id IS NOT NULL AND company_id IS NOT NULL ORDER BY id"""
            )
        )
        for location_id, partner_id, company_id in cr.fetchall():
            partner = env["res.partner"].browse(partner_id).exists()
            if partner:
                company = env["res.company"].browse(company_id)
                partner.with_company(company).property_stock_customer = location_id
        # the column itself is dropped by Odoo with the field, at the end of the upgrade
