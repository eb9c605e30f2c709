from odoo import models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    def write(self, vals):
        """A product of the app archived or given a new price in Odoo: the app hears it."""
        price_changed = self.browse()
        if "list_price" in vals:
            price_changed = self.filtered(lambda t: t.list_price != vals["list_price"])
        archived = self.filtered("active") if vals.get("active") is False else self.browse()
        result = super().write(vals)
        if price_changed or archived:
            sources = self.env["order.sync.source"]
            for template in price_changed:
                sources._notify_product(
                    template.product_variant_ids,
                    "product.price_changed",
                    {"list_price": template.list_price, "currency": template.currency_id.name},
                )
            for template in archived:
                sources._notify_product(
                    template.with_context(active_test=False).product_variant_ids,
                    "product.archived",
                    {},
                )
        return result


class ProductProduct(models.Model):
    _inherit = "product.product"

    def write(self, vals):
        archived = self.filtered("active") if vals.get("active") is False else self.browse()
        result = super().write(vals)
        for product in archived:
            self.env["order.sync.source"]._notify_product(product, "product.archived", {})
        return result
