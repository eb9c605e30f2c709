from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request


class FleetStockScan(http.Controller):
    """The pages a phone opens when it scans a QR label: an article (take out, put back,
    transfer, receive) or a depot (its stock). The user's rights are checked by the model
    (stock.move._fs_check_move_rights) before anything is written with sudo()."""

    def _check_user(self):
        if not request.env.user.has_group("fleet_stock.group_user"):
            raise NotFound()

    def _product(self, product_id):
        self._check_user()
        product = request.env["product.product"].browse(product_id).exists()
        if not product or not product.fs_article or not product.has_access("read"):
            raise NotFound()
        return product

    def _render_product(self, product, message=None, error=None, values=None):
        Move = request.env["stock.move"]
        data = Move._fs_scan_page_values(product)
        data.update(product=product, message=message, error=error, values=values or {})
        return request.render("fleet_stock.scan_product_page", data)

    @http.route("/fleet_stock/scan/product/<int:product_id>", type="http", auth="user")
    def scan_product(self, product_id, **kwargs):
        product = self._product(product_id)
        return self._render_product(product, message=kwargs.get("done") and "done")

    @http.route(
        "/fleet_stock/scan/product/<int:product_id>/move",
        type="http",
        auth="user",
        methods=["POST"],
    )
    def scan_product_move(self, product_id, **post):
        product = self._product(product_id)
        env = request.env
        try:
            with env.cr.savepoint():
                self._do_move(product, post)
        except (UserError, ValidationError, AccessError, ValueError) as error:
            message = error.args[0] if error.args else str(error)
            return self._render_product(product, error=message, values=post)
        return request.redirect(f"/fleet_stock/scan/product/{product.id}?done=1")

    def _do_move(self, product, post):
        env = request.env
        quantity = float(post.get("quantity") or 0)
        action = post.get("action")
        if action == "receive":
            move = env["stock.move"].browse(int(post.get("receipt_move_id") or 0)).exists()
            env["stock.move"]._fs_receive(move, product, quantity)
        else:
            reason = env["fs.move.reason"]._fs_get(action, env.company)
            if not reason:
                raise UserError(env._("Choose what to do with the article."))
            Location = env["stock.location"]
            depot = Location.browse(int(post.get("depot_id") or 0)).exists()
            dest = Location.browse(int(post.get("dest_depot_id") or 0)).exists()
            task = env["project.task"].browse(int(post.get("task_id") or 0)).exists()
            env["stock.move"]._fs_check_move_rights(reason, depot, dest, task)
            env["stock.move"].sudo().with_context(fs_user_id=env.uid)._fs_move(
                product,
                quantity,
                reason,
                depot=depot,
                dest_depot=dest,
                fs_task_id=task.id,
                fs_vehicle_id=task.sudo().fs_vehicle_id.id,
            )

    @http.route("/fleet_stock/scan/location/<int:location_id>", type="http", auth="user")
    def scan_location(self, location_id, **kwargs):
        self._check_user()
        location = request.env["stock.location"].browse(location_id).exists()
        if not location or not location.fs_depot or not location.has_access("read"):
            raise NotFound()
        table = request.env["fs.dashboard"]._stock_table(locations=location)
        return request.render(
            "fleet_stock.scan_location_page", {"location": location, "rows": table["rows"]}
        )


class FleetStockDashboard(http.Controller):
    @http.route("/fleet_stock/dashboard", type="http", auth="user")
    def dashboard(self, **kwargs):
        if not request.env.user.has_group("fleet_stock.group_manager"):
            raise NotFound()
        # a bad or missing period falls back to the last twelve months (fs.dashboard._period)
        data = request.env["fs.dashboard"]._get_data(kwargs.get("date_from"), kwargs.get("date_to"))
        return request.render("fleet_stock.dashboard_page", data)
