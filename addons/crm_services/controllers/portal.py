from odoo import fields
from odoo.addons.sale.controllers.portal import CustomerPortal as SaleCustomerPortal


def _clean_dates(date_begin, date_end):
    """The portal's (date_begin, date_end) archive filter if both are valid dates, else
    (None, None): garbage would reach PostgreSQL as a timestamp."""
    if not (date_begin and date_end):
        return None, None
    try:
        fields.Datetime.to_datetime(date_begin)
        fields.Datetime.to_datetime(date_end)
    except (TypeError, ValueError):
        return None, None
    return date_begin, date_end


class CrmServicesSalePortal(SaleCustomerPortal):
    """Core ``/my/quotes`` and ``/my/orders``: an unknown sorting or unparsable dates fall
    back to the default view instead of a server error."""

    def _prepare_sale_portal_rendering_values(
        self, page=1, date_begin=None, date_end=None, sortby=None, quotation_page=False, **kwargs
    ):
        if sortby not in self._get_sale_searchbar_sortings():
            sortby = None
        date_begin, date_end = _clean_dates(date_begin, date_end)
        return super()._prepare_sale_portal_rendering_values(
            page=page,
            date_begin=date_begin,
            date_end=date_end,
            sortby=sortby,
            quotation_page=quotation_page,
            **kwargs,
        )
