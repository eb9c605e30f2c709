# Copyright 2026 The suite's authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl-3.0).
"""18.0.1.2.0: the SLA overdue flag of the tickets is computed when read and searched in SQL
(no stored column refreshed by an hourly job): the job (a noupdate record, so not removed by the
upgrade itself) and the column go."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref("it_park.ir_cron_it_park_sla", raise_if_not_found=False)
    if cron:
        cron.unlink()
    cr.execute(SQL("ALTER TABLE helpdesk_ticket DROP COLUMN IF EXISTS it_sla_overdue"))
