from odoo import fields, http
from odoo.addons.project.controllers.portal import ProjectCustomerPortal
from odoo.addons.purchase.controllers.portal import CustomerPortal as PurchaseCustomerPortal


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


class FleetStockPurchasePortal(PurchaseCustomerPortal):
    """Core ``/my/rfq`` and ``/my/purchase``: an unknown sorting or filter and unparsable
    dates fall back to the default view instead of a server error."""

    def _render_portal(
        self,
        template,
        page,
        date_begin,
        date_end,
        sortby,
        filterby,
        domain,
        searchbar_filters,
        default_filter,
        url,
        history,
        page_name,
        key,
    ):
        date_begin, date_end = _clean_dates(date_begin, date_end)
        return super()._render_portal(
            template,
            page,
            date_begin,
            date_end,
            _choice(sortby, self._get_purchase_searchbar_sortings()),
            _choice(filterby, searchbar_filters or {}),
            domain,
            searchbar_filters,
            default_filter,
            url,
            history,
            page_name,
            key,
        )


class FleetStockProjectPortal(ProjectCustomerPortal):
    """Core ``/my/projects``, ``/my/projects/<id>`` and ``/my/tasks``: unknown sortings,
    groupings and search fields, unparsable dates and NUL characters fall back to the default
    view instead of a server error (unknown ``filterby`` already falls back to all tasks)."""

    @http.route()
    def portal_my_projects(self, page=1, date_begin=None, date_end=None, sortby=None, **kw):
        date_begin, date_end = _clean_dates(date_begin, date_end)
        return super().portal_my_projects(
            page=page,
            date_begin=date_begin,
            date_end=date_end,
            sortby=_choice(sortby, self._prepare_searchbar_sortings()),
            **kw,
        )

    def _prepare_tasks_values(
        self,
        page,
        date_begin,
        date_end,
        sortby,
        search,
        search_in,
        groupby,
        url="/my/tasks",
        domain=None,
        su=False,
        project=False,
    ):
        date_begin, date_end = _clean_dates(date_begin, date_end)
        if groupby and groupby not in self._task_get_searchbar_groupby(True, project):
            # a project's page has no "project" grouping: its default is the stage
            groupby = "stage_id" if project else None
        # the milestone entries are the widest choice; core drops them when not allowed
        return super()._prepare_tasks_values(
            page,
            date_begin,
            date_end,
            _choice(sortby, self._task_get_searchbar_sortings(True, project)),
            _clean_search(search),
            _choice(search_in, self._task_get_searchbar_inputs(True, project)) or "name",
            groupby,
            url=url,
            domain=domain,
            su=su,
            project=project,
        )
