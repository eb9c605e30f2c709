from odoo import api, fields, models


class StockWarehouseOrderpoint(models.Model):
    _inherit = "stock.warehouse.orderpoint"

    fs_below_min = fields.Boolean(
        string="Below Minimum",
        compute="_compute_fs_below_min",
        search="_search_fs_below_min",
        help="The quantity on hand in the depot is under the rule's minimum.",
    )

    @api.model
    def _fs_on_hand(self, orderpoints):
        """Quantity on hand per (product, location) of these rules, in one query."""
        groups = self.env["stock.quant"]._read_group(
            [
                ("product_id", "in", orderpoints.product_id.ids),
                ("location_id", "in", orderpoints.location_id.ids),
            ],
            ["product_id", "location_id"],
            ["quantity:sum"],
        )
        return {(product.id, location.id): qty for product, location, qty in groups}

    @api.depends("product_min_qty", "product_id", "location_id")
    def _compute_fs_below_min(self):
        on_hand = self._fs_on_hand(self)
        for orderpoint in self:
            qty = on_hand.get((orderpoint.product_id.id, orderpoint.location_id.id), 0.0)
            orderpoint.fs_below_min = qty < orderpoint.product_min_qty

    def _search_fs_below_min(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(operator)
        orderpoints = self.search([("product_id.fs_article", "=", True)])
        below = orderpoints.filtered("fs_below_min")
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", below.ids)]

    @api.model
    def _cron_fs_alert_below_min(self):
        """A to-do on each article that fell under its minimum in a depot, for a manager of
        its company, once while one is open (orderpoints have no chatter: the article has)."""
        below = self.search([("fs_below_min", "=", True)])
        if not below:
            return True
        activity_type = self.env.ref("fleet_stock.mail_activity_type_below_min")
        templates = below.product_id.product_tmpl_id
        existing = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "product.template"),
                    ("res_id", "in", templates.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        root = self.env.ref("base.user_root")
        managers = self.env.ref("fleet_stock.group_manager").users.filtered(
            lambda u: u.active and not u.share and u != root
        )
        model_id = self.env["ir.model"]._get_id("product.template")
        vals_list = []
        for orderpoint in below:
            template = orderpoint.product_id.product_tmpl_id
            if template.id in existing:
                continue
            user = managers.filtered(lambda u, op=orderpoint: op.company_id in u.company_ids)[:1]
            if not user:
                continue
            existing.add(template.id)
            vals_list.append(
                {
                    "res_model_id": model_id,
                    "res_id": template.id,
                    "activity_type_id": activity_type.id,
                    "user_id": user.id,
                    "summary": self.env._(
                        "%(article)s under its minimum in %(depot)s",
                        article=orderpoint.product_id.display_name,
                        depot=orderpoint.location_id.display_name,
                    ),
                }
            )
        self.env["mail.activity"].create(vals_list)
        return True
