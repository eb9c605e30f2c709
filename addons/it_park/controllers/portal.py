import math

from werkzeug.exceptions import Forbidden, NotFound

from odoo import Command, fields, http
from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.contract.controllers.main import PortalContract
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.hr_timesheet.controllers.portal import TimesheetCustomerPortal
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression


def _to_int(value):
    """A database id from a request parameter; 0 for anything else (text, out of range)."""
    try:
        value = int(value or 0)
    except (TypeError, ValueError):
        return 0
    return value if 0 < value < 2**31 else 0


def _clean_search(value):
    """A search string without the NUL characters PostgreSQL refuses (``search=%00``)."""
    return value.replace("\x00", "") if isinstance(value, str) else value


def _choice(value, choices):
    """``value`` if it is one of the keys of ``choices``, else None (the page's default)."""
    return value if isinstance(value, str) and value in choices else None


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


def _parts_label(moves):
    """``2 x Toner HP 305A, 1 x Disque SSD`` for the parts actually delivered."""
    return ", ".join(
        f"{move.quantity:g} x {move.product_id.name}" for move in moves if move.state == "done"
    )


def it_park_portal_asset(asset_id):
    """The IT asset ``asset_id`` (sudo) if the current user may read it and it belongs to the
    user's own company (commercial partner); an empty recordset otherwise."""
    Asset = request.env["maintenance.equipment"]
    asset = Asset.browse(_to_int(asset_id))
    if not asset.id or not asset.sudo().exists():
        return Asset.sudo()
    try:
        asset.check_access("read")
    except AccessError:
        return Asset.sudo()
    asset_sudo = asset.sudo()
    commercial = request.env.user.commercial_partner_id
    if not asset_sudo.is_it_asset or asset_sudo.customer_id.commercial_partner_id != commercial:
        return Asset.sudo()
    return asset_sudo


def it_park_closable_ticket(ticket_id):
    """The ticket ``ticket_id`` (sudo) if the current user may close it, else an empty
    recordset: an internal user needs write access to it; a portal user, read access and the
    ticket must be their own company's (a follower of another customer's ticket reads it but
    does not close it)."""
    Ticket = request.env["helpdesk.ticket"]
    ticket = Ticket.browse(_to_int(ticket_id)).exists()
    if not ticket:
        return Ticket.sudo()
    user = request.env.user
    try:
        if user._is_internal():
            ticket.check_access("write")
        else:
            ticket.check_access("read")
            if ticket.sudo().commercial_partner_id != user.commercial_partner_id:
                return Ticket.sudo()
    except AccessError:
        return Ticket.sudo()
    return ticket.sudo()


class ItParkCustomerPortal(CustomerPortal):
    """``/my/assets``: the customer's IT park and the asset passport."""

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "it_asset_count" in counters:
            Asset = request.env["maintenance.equipment"]
            values["it_asset_count"] = (
                Asset.search_count(self._it_asset_domain()) if Asset.has_access("read") else 0
            )
        return values

    def _it_asset_domain(self):
        """Record rules already limit a portal user to their park; the explicit customer
        condition keeps internal users visiting /my to their own company too."""
        return [
            ("is_it_asset", "=", True),
            ("customer_id", "child_of", request.env.user.commercial_partner_id.ids),
        ]

    def _it_asset_searchbar_sortings(self):
        return {
            "name": {"label": request.env._("Name"), "order": "name, id"},
            "category": {"label": request.env._("Category"), "order": "it_category_id, name, id"},
            "site": {"label": request.env._("Site"), "order": "site_id, name, id"},
            "warranty": {
                "label": request.env._("Warranty End"),
                "order": "warranty_date, name, id",
            },
        }

    def _it_asset_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "valid": {
                "label": request.env._("Warranty valid"),
                "domain": [("warranty_state", "=", "valid")],
            },
            "expiring": {
                "label": request.env._("Warranty expiring"),
                "domain": [("warranty_state", "=", "expiring")],
            },
            "expired": {
                "label": request.env._("Warranty expired"),
                "domain": [("warranty_state", "=", "expired")],
            },
            "none": {
                "label": request.env._("No warranty"),
                "domain": [("warranty_state", "=", False)],
            },
        }

    def _it_asset_searchbar_inputs(self):
        return {
            "all": {"input": "all", "label": request.env._("Search in All")},
            "name": {"input": "name", "label": request.env._("Search in Name")},
            "serial": {"input": "serial", "label": request.env._("Search in Serial Number")},
            "tag": {"input": "tag", "label": request.env._("Search in Inventory Tag")},
        }

    def _it_asset_search_domain(self, search_in, search):
        fields_by_input = {
            "name": ["name"],
            "serial": ["serial_no"],
            "tag": ["inventory_tag"],
            "all": ["name", "serial_no", "inventory_tag", "hostname"],
        }
        return expression.OR(
            [[(fname, "ilike", search)] for fname in fields_by_input.get(search_in, ["name"])]
        )

    def _it_asset_facets(self, domain):
        """Sites and categories present in the customer's park, for the filter menus (one
        grouped query whatever the number of assets)."""
        groups = request.env["maintenance.equipment"]._read_group(
            domain, ["site_id", "it_category_id"]
        )
        sites = request.env["res.partner"].sudo()
        categories = request.env["it.asset.category"].sudo()
        for site, category in groups:
            sites |= site.sudo()
            categories |= category.sudo()
        return sites.sorted("name"), categories.sorted("name")

    @http.route(
        ["/my/assets", "/my/assets/page/<int:page>"], type="http", auth="user", website=True
    )
    def portal_my_it_assets(
        self,
        page=1,
        sortby=None,
        filterby=None,
        search=None,
        search_in="all",
        site=None,
        category=None,
        **kw,
    ):
        Asset = request.env["maintenance.equipment"]
        if not Asset.has_access("read"):
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        search = _clean_search(search)
        sortings = self._it_asset_searchbar_sortings()
        filters = self._it_asset_searchbar_filters()
        inputs = self._it_asset_searchbar_inputs()
        sortby = sortby if sortby in sortings else "name"
        filterby = filterby if filterby in filters else "all"
        search_in = search_in if search_in in inputs else "all"

        base_domain = self._it_asset_domain()
        sites, categories = self._it_asset_facets(base_domain)
        site_id, category_id = _to_int(site), _to_int(category)
        domain = expression.AND([base_domain, filters[filterby]["domain"]])
        if site_id:
            domain = expression.AND([domain, [("site_id", "=", site_id)]])
        if category_id:
            domain = expression.AND([domain, [("it_category_id", "=", category_id)]])
        if search:
            domain = expression.AND([domain, self._it_asset_search_domain(search_in, search)])

        asset_count = Asset.search_count(domain)
        pager = portal_pager(
            url="/my/assets",
            url_args={
                "sortby": sortby,
                "filterby": filterby,
                "search": search,
                "search_in": search_in,
                "site": site_id or None,
                "category": category_id or None,
            },
            total=asset_count,
            page=page,
            step=self._items_per_page,
        )
        assets = Asset.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        values.update(
            {
                # access checked by the search above (record rules); sudo to read the
                # category, site and contract names the portal has no access rights on
                "assets": assets.sudo(),
                "page_name": "it_asset",
                "default_url": "/my/assets",
                "pager": pager,
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "searchbar_inputs": inputs,
                "search_in": search_in,
                "search": search,
                "it_sites": sites,
                "it_categories": categories,
                "it_site": sites.filtered(lambda s: s.id == site_id),
                "it_category": categories.filtered(lambda c: c.id == category_id),
            }
        )
        return request.render("it_park.portal_my_it_assets", values)

    @http.route(["/my/assets/<int:asset_id>"], type="http", auth="user", website=True)
    def portal_my_it_asset(self, asset_id, **kw):
        """The asset passport. There is no access token on assets: only the record rules of
        the logged-in user open it; anything else goes back to /my without data."""
        try:
            self._document_check_access("maintenance.equipment", asset_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        asset_sudo = it_park_portal_asset(asset_id)
        if not asset_sudo:
            return request.redirect("/my")
        values = self._prepare_portal_layout_values()
        values.update(self._it_asset_passport_values(asset_sudo))
        return request.render("it_park.portal_my_it_asset", values)

    def _it_asset_passport_values(self, asset_sudo):
        tickets = (
            request.env["helpdesk.ticket"]
            .search([("it_asset_ids", "in", asset_sudo.ids)], order="create_date desc, id desc")
            .sudo()
        )
        interventions = (
            request.env["maintenance.request"]
            .sudo()
            .search(
                [("equipment_id", "=", asset_sudo.id)],
                order="schedule_date desc, request_date desc, id desc",
            )
        )
        request_types = dict(
            request.env["maintenance.request"]
            ._fields["maintenance_type"]
            ._description_selection(request.env)
        )
        history = [
            {
                "date": ticket.create_date.date(),
                "kind": request.env._("Ticket"),
                "name": f"{ticket.number} {ticket.name}",
                "state": ticket.stage_id.name,
                "url": f"/my/ticket/{ticket.id}",
                "hours": ticket.it_hours_spent,
                # parts of the ticket's interventions are listed with the intervention
                "parts": _parts_label(ticket.it_move_ids.filtered(lambda m: not m.it_request_id)),
            }
            for ticket in tickets
        ] + [
            {
                "date": (req.schedule_date and req.schedule_date.date()) or req.request_date,
                "kind": request_types.get(req.maintenance_type, request.env._("Intervention")),
                "name": req.name,
                "state": req.stage_id.name,
                "url": False,
                "hours": req.it_hours_spent,
                "parts": _parts_label(req.it_move_ids),
                # an intervention planned after today, not done yet, is coming, not history
                "upcoming": bool(
                    not req.stage_id.done
                    and req.schedule_date
                    and req.schedule_date.date() > fields.Date.context_today(req)
                ),
            }
            for req in interventions
        ]
        upcoming = sorted(
            (item for item in history if item.get("upcoming")), key=lambda item: item["date"]
        )
        history = [item for item in history if not item.get("upcoming")]
        history.sort(key=lambda item: item["date"] or fields.Date.today(), reverse=True)
        licences = asset_sudo.license_assignment_ids.license_id.filtered("active")
        return {
            "page_name": "it_asset",
            "asset": asset_sudo,
            "it_licences": licences,
            "it_contract": asset_sudo.it_contract_id,
            "it_open_tickets": tickets.filtered(lambda t: not t.closed),
            "it_history": history,
            "it_upcoming": upcoming,
        }


class ItParkPortalContract(PortalContract):
    """OCA contract's ``/my/contracts``, limited to the customer's running sale contracts."""

    def _it_active_contract_domain(self):
        today = fields.Date.context_today(request.env.user)
        return [
            ("contract_type", "=", "sale"),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ]

    def _get_filter_domain(self, kw):
        return expression.AND([super()._get_filter_domain(kw), self._it_active_contract_domain()])

    @http.route()
    def portal_my_contracts(self, page=1, date_begin=None, date_end=None, sortby=None, **kw):
        # OCA's sortings are local to its route: an unknown key would raise KeyError
        sortby = _choice(sortby, ("date", "name", "code"))
        date_begin, date_end = _clean_dates(date_begin, date_end)
        return super().portal_my_contracts(
            page=page, date_begin=date_begin, date_end=date_end, sortby=sortby, **kw
        )

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "contract_count" in counters:
            Contract = request.env["contract.contract"]
            values["contract_count"] = (
                Contract.search_count(self._get_filter_domain({}))
                if Contract.has_access("read")
                else 0
            )
        return values


class ItParkHelpdeskTicketController(HelpdeskTicketController):
    """helpdesk_mgmt's new-ticket form, opened from an asset passport with the asset."""

    def _get_create_new_ticket_values(self, **kw):
        values = super()._get_create_new_ticket_values(**kw)
        values["it_asset"] = it_park_portal_asset(kw.get("it_asset_id"))
        return values

    def _prepare_submit_ticket_vals(self, **kw):
        # helpdesk_mgmt calls int() on the category and team ids
        kw.update(category=_to_int(kw.get("category")), team=_to_int(kw.get("team")))
        vals = super()._prepare_submit_ticket_vals(**kw)
        asset = it_park_portal_asset(kw.get("it_asset_id"))
        if asset:
            vals["it_asset_ids"] = [Command.set(asset.ids)]
        return vals

    @http.route()
    def submit_ticket(self, **kw):
        # an asset that is not the customer's own is refused before anything is written
        if kw.get("it_asset_id") and not it_park_portal_asset(kw["it_asset_id"]):
            raise Forbidden()
        return super().submit_ticket(**kw)

    @http.route(methods=["POST"], csrf=True)
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt's close button, which closed any ticket given by id (sudo) on a GET:
        only a POST with the CSRF token, on a ticket the user may close, to a closing stage
        offered on the portal for the ticket's team; anything else is a 404."""
        ticket = it_park_closable_ticket(kw.get("ticket_id"))
        if not ticket:
            raise NotFound()
        stage = request.env["helpdesk.ticket.stage"].browse(_to_int(kw.get("stage_id")))
        closing_stages = ticket.team_id._get_applicable_stages().filtered("close_from_portal")
        if stage in closing_stages and not ticket.closed:
            ticket.stage_id = stage
        # 302 as helpdesk_mgmt answers (its portal tests expect it)
        return request.redirect(f"/my/ticket/{ticket.id}", code=302)


class ItParkCustomerPortalHelpdesk(CustomerPortalHelpdesk):
    """helpdesk_mgmt's ``/my/tickets``: unknown sortings, groupings, search fields and bad
    dates fall back to the default view instead of a server error."""

    @http.route()
    def portal_my_tickets(
        self,
        page=1,
        date_begin=None,
        date_end=None,
        sortby=None,
        filterby=None,
        search=None,
        search_in=None,
        groupby=None,
        **kw,
    ):
        date_begin, date_end = _clean_dates(date_begin, date_end)
        if filterby != "all" and not (isinstance(filterby, str) and filterby.isdigit()):
            filterby = None
        return super().portal_my_tickets(
            page=page,
            date_begin=date_begin,
            date_end=date_end,
            sortby=_choice(sortby, self._ticket_get_searchbar_sortings()),
            filterby=filterby,
            search=_clean_search(search),
            search_in=_choice(search_in, self._ticket_get_searchbar_inputs()),
            groupby=_choice(groupby, self._ticket_get_searchbar_groupby()),
            **kw,
        )


class ItParkPortalAccount(PortalAccount):
    """Core ``/my/invoices``: unknown sortings and filters, bad dates and amounts fall back to
    the default view instead of a server error."""

    def _prepare_my_invoices_values(
        self, page, date_begin, date_end, sortby, filterby, domain=None, url="/my/invoices"
    ):
        date_begin, date_end = _clean_dates(date_begin, date_end)
        return super()._prepare_my_invoices_values(
            page,
            date_begin,
            date_end,
            _choice(sortby, self._get_account_searchbar_sortings()),
            _choice(filterby, self._get_account_searchbar_filters()),
            domain=domain,
            url=url,
        )

    def _invoice_get_page_view_values(self, invoice, access_token, **kwargs):
        try:
            valid = math.isfinite(float(kwargs.get("amount") or 0))
        except ValueError:
            valid = False
        if not valid:
            kwargs.pop("amount")
        return super()._invoice_get_page_view_values(invoice, access_token, **kwargs)


# the period filters hard-coded in core hr_timesheet's portal_my_timesheets
TIMESHEET_FILTERS = (
    "all",
    "last_year",
    "last_quarter",
    "last_month",
    "last_week",
    "today",
    "week",
    "month",
    "quarter",
    "year",
)


class ItParkTimesheetPortal(TimesheetCustomerPortal):
    """Core ``/my/timesheets``: unknown sortings, filters, groupings and search fields, NUL
    characters and a non-numeric parent task fall back to the default view instead of a server
    error (the sorting and grouping would otherwise reach the ORM as an ``ORDER BY``)."""

    @http.route()
    def portal_my_timesheets(
        self, page=1, sortby=None, filterby=None, search=None, search_in="all", groupby="none", **kw
    ):
        if "parent_task_id" in kw and not _to_int(kw["parent_task_id"]):
            del kw["parent_task_id"]
        return super().portal_my_timesheets(
            page=page,
            sortby=_choice(sortby, self._get_searchbar_sortings()),
            filterby=_choice(filterby, TIMESHEET_FILTERS),
            search=_clean_search(search),
            search_in=_choice(search_in, self._get_searchbar_inputs()) or "all",
            groupby=_choice(groupby, self._get_searchbar_groupby()) or "none",
            **kw,
        )
