from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare


class StockMove(models.Model):
    _inherit = "stock.move"

    fs_reason_id = fields.Many2one("fs.move.reason", string="Reason", index="btree_not_null")
    fs_move_type = fields.Selection(
        [
            ("entry", "Entry"),
            ("issue", "Issue"),
            ("transfer", "Transfer"),
            ("other", "Other"),
        ],
        string="Move Type",
        compute="_compute_fs_move_type",
        store=True,
    )
    fs_task_id = fields.Many2one(
        "project.task", string="Field Intervention", index="btree_not_null", ondelete="set null"
    )
    fs_service_id = fields.Many2one(
        "fleet.vehicle.log.services",
        string="Vehicle Maintenance",
        index="btree_not_null",
        ondelete="set null",
    )
    fs_bill_id = fields.Many2one(
        "account.move",
        string="Supplier Bill",
        index="btree_not_null",
        ondelete="set null",
        domain="[('move_type', 'in', ('in_invoice', 'in_refund'))]",
    )
    fs_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", index="btree_not_null", ondelete="set null"
    )
    fs_user_id = fields.Many2one(
        "res.users", string="Operator", help="Who scanned or entered this move."
    )
    fs_planned = fields.Boolean(
        string="Planned for the Intervention",
        readonly=True,
        copy=False,
        help="Planned in advance for an intervention: reserved in the vehicle's depot until "
        "it is taken out by scanning.",
    )

    @api.depends("location_id.usage", "location_dest_id.usage")
    def _compute_fs_move_type(self):
        for move in self:
            src = move.location_id.usage == "internal"
            dest = move.location_dest_id.usage == "internal"
            if src and dest:
                move.fs_move_type = "transfer"
            elif dest:
                move.fs_move_type = "entry"
            elif src:
                move.fs_move_type = "issue"
            else:
                move.fs_move_type = "other"

    @api.model_create_multi
    def create(self, vals_list):
        """Articles planned on an intervention (``fs_planned``) leave the intervention
        vehicle's depot for the customer, and are reserved there as soon as planned."""
        if self.env.context.get("default_fs_planned"):
            # the planned articles' list creates them: not the moves their confirmation makes
            for vals in vals_list:
                vals.setdefault("fs_planned", True)
            return self.with_context(default_fs_planned=False).create(vals_list)
        for vals in vals_list:
            if vals.get("fs_planned"):
                vals.update(self._fs_planned_move_vals(vals))
        moves = super().create(vals_list)
        planned = moves.filtered("fs_planned")
        if planned:
            planned._action_confirm(merge=False)
            planned._action_assign()
        return moves

    def write(self, vals):
        if "fs_task_id" in vals and not vals["fs_task_id"]:
            # a planned article taken off its intervention gives its reservation back
            self.filtered(
                lambda m: m.fs_planned and m.state not in ("done", "cancel")
            )._action_cancel()
        res = super().write(vals)
        if "product_uom_qty" in vals:
            planned = self.filtered(
                lambda m: m.fs_planned and m.state not in ("draft", "done", "cancel")
            )
            if planned:
                planned._do_unreserve()
                planned._action_assign()
        return res

    def unlink(self):
        # a planned article removed from the intervention gives its reservation back
        planned = self.filtered(lambda m: m.fs_planned and m.state not in ("done", "cancel"))
        planned._action_cancel()
        return super().unlink()

    @api.model
    def _fs_planned_move_vals(self, vals):
        task = self.env["project.task"].browse(vals.get("fs_task_id")).sudo()
        depot = task.fs_vehicle_id.fs_location_id
        if not task or not depot:
            raise UserError(
                self.env._(
                    "Articles are planned on an intervention whose vehicle carries stock: "
                    "set the vehicle and its depot first."
                )
            )
        product = self.env["product.product"].browse(vals.get("product_id")).sudo()
        reason = self.env["fs.move.reason"]._fs_get("intervention", task.company_id).sudo()
        return {
            "name": vals.get("name") or reason.name or product.display_name,
            "product_uom": vals.get("product_uom") or product.uom_id.id,
            "location_id": depot.id,
            "location_dest_id": reason.location_id.id,
            "company_id": task.company_id.id,
            "fs_reason_id": reason.id,
            "fs_vehicle_id": task.fs_vehicle_id.id,
        }

    def _fs_release_planned(self, task_id, product, depot, quantity):
        """Taking ``quantity`` of ``product`` out of ``depot`` for the intervention
        ``task_id`` uses up what was planned (and reserved) for it first."""
        planned = self.search(
            [
                ("fs_planned", "=", True),
                ("fs_task_id", "=", task_id),
                ("product_id", "=", product.id),
                ("location_id", "=", depot.id),
                ("state", "not in", ("draft", "done", "cancel")),
            ],
            order="id",
        )
        rounding = product.uom_id.rounding
        for move in planned:
            if float_compare(quantity, 0, precision_rounding=rounding) <= 0:
                break
            taken = min(quantity, move.product_uom_qty)
            quantity -= taken
            move._do_unreserve()
            if float_compare(taken, move.product_uom_qty, precision_rounding=rounding) >= 0:
                move._action_cancel()
            else:
                move.product_uom_qty -= taken

    def _action_done(self, cancel_backorder=False):
        moves = super()._action_done(cancel_backorder=cancel_backorder)
        moves._fs_check_no_negative_stock()
        return moves

    def _fs_check_no_negative_stock(self):
        """Refuse a move that leaves a depot with a negative quantity of an article."""
        depots = self.filtered(lambda m: m.state == "done").location_id.filtered("fs_depot")
        if not depots:
            return
        groups = (
            self.env["stock.quant"]
            .sudo()
            ._read_group(
                [
                    ("product_id", "in", self.product_id.ids),
                    ("location_id", "in", depots.ids),
                ],
                ["product_id", "location_id"],
                ["quantity:sum"],
            )
        )
        for product, location, quantity in groups:
            if float_compare(quantity, 0, precision_rounding=product.uom_id.rounding) < 0:
                raise UserError(
                    self.env._(
                        "Not enough %(article)s in %(depot)s: this move would leave "
                        "%(quantity)s %(uom)s. Check the stock of the depot or take the "
                        "article from another one.",
                        article=product.display_name,
                        depot=location.display_name,
                        quantity=quantity,
                        uom=product.uom_id.name,
                    )
                )

    @api.model
    def _fs_move(self, product, quantity, reason, depot=None, dest_depot=None, **links):
        """Make and validate one stock move of ``quantity`` of ``product`` for ``reason``.

        ``depot`` is the depot an entry goes to, an issue or a transfer leaves; ``dest_depot``
        the depot a transfer goes to. ``links`` are the move's fs_* links (fs_task_id,
        fs_service_id, fs_bill_id, fs_vehicle_id). Callers check the user's rights first.
        """
        if float_compare(quantity, 0, precision_rounding=product.uom_id.rounding) <= 0:
            raise UserError(self.env._("The quantity must be positive."))
        if reason.move_type == "entry":
            src, dest = reason.location_id, depot
        elif reason.move_type == "issue":
            src, dest = depot, reason.location_id
        else:
            src, dest = depot, dest_depot
        if not src or not dest:
            raise UserError(self.env._("Choose the depot(s) of this move."))
        if src == dest:
            raise UserError(self.env._("The source and destination depots are the same."))
        company = (depot or dest_depot).company_id or self.env.company
        if reason.move_type == "issue" and links.get("fs_task_id"):
            self._fs_release_planned(links["fs_task_id"], product, src, quantity)
        move = self.create(
            {
                "name": reason.name,
                "product_id": product.id,
                "product_uom": product.uom_id.id,
                "product_uom_qty": quantity,
                "location_id": src.id,
                "location_dest_id": dest.id,
                "company_id": company.id,
                "fs_reason_id": reason.id,
                "fs_user_id": self.env.context.get("fs_user_id") or self.env.uid,
                **{key: value for key, value in links.items() if key.startswith("fs_")},
            }
        )
        move._action_confirm()
        move._action_assign()
        move.quantity = quantity
        move.picked = True
        move._action_done()
        return move

    @api.model
    def _fs_check_move_rights(self, reason, depot, dest_depot=None, task=None):
        """Managers move anything. A field operator (Fleet & Stock / User) moves articles only
        from and to the workshop and the depots of the vehicles they crew, issues them only for
        an intervention they are assigned to (and puts back what was not used), and receives
        nothing from suppliers."""
        user = self.env.user
        if user.has_group("fleet_stock.group_manager"):
            return True
        if not user.has_group("fleet_stock.group_user"):
            raise UserError(self.env._("You are not allowed to move workshop articles."))
        depots = (depot | (dest_depot or self.env["stock.location"])).sudo()
        foreign = depots.filtered(
            lambda loc: not loc.fs_depot
            or loc.company_id not in user.company_ids
            or (loc.fs_vehicle_ids and user not in loc.fs_vehicle_ids.fs_user_ids)
        )
        if foreign:
            raise UserError(
                self.env._(
                    "You cannot move articles from or to %(depots)s.",
                    depots=", ".join(foreign.mapped("display_name")),
                )
            )
        if reason.move_type == "entry" and reason.location_id.usage != "customer":
            raise UserError(self.env._("Only storekeepers and managers receive articles."))
        if reason.move_type != "transfer" and (not task or user not in task.sudo().user_ids):
            raise UserError(
                self.env._("Articles are taken out for one of your interventions: choose it.")
            )
        return True

    @api.model
    def _fs_user_depots(self):
        """The depots the current user may move articles from and to."""
        user = self.env.user
        depots = self.env["fs.dashboard"]._depots().sudo()
        if user.has_group("fleet_stock.group_manager"):
            return depots.sudo(False)
        return depots.filtered(
            lambda loc: not loc.fs_vehicle_ids or user in loc.fs_vehicle_ids.fs_user_ids
        ).sudo(False)

    @api.model
    def _fs_scan_page_values(self, product):
        """What the scan page of an article shows to the current user."""
        user = self.env.user
        manager = user.has_group("fleet_stock.group_manager")
        depots = self._fs_user_depots()
        table = self.env["fs.dashboard"].sudo()._stock_table(locations=depots, products=product)
        quantities = table["rows"][0]["depots"] if table["rows"] else []
        Task = self.env["project.task"]
        task_domain = [
            ("fs_vehicle_id", "!=", False),
            ("state", "not in", ("1_done", "1_canceled")),
        ]
        if not manager:
            task_domain.append(("user_ids", "in", user.id))
        tasks = Task.search(task_domain, order="date_deadline, id", limit=50)
        receipts = self.browse()
        if manager:
            receipts = self.search(
                [
                    ("product_id", "=", product.id),
                    ("picking_code", "=", "incoming"),
                    ("purchase_line_id", "!=", False),
                    ("state", "not in", ("done", "cancel", "draft")),
                ],
                order="date",
            )
        reasons = self.env["fs.move.reason"].search(
            [("company_id", "in", [False, *self.env.companies.ids])]
        )
        if not manager:
            reasons = reasons.filtered(
                lambda r: r.move_type != "entry" or r.location_id.usage == "customer"
            )
        return {
            "depots": depots,
            "stock": list(
                zip(
                    depots,
                    [cell["qty"] for cell in quantities],
                    [cell["reserved"] for cell in quantities],
                    strict=False,
                )
            ),
            "tasks": tasks,
            "receipts": receipts,
            "reasons": reasons,
            "manager": manager,
        }

    @api.model
    def _fs_receive(self, move, product, quantity):
        """Receive ``quantity`` of a purchase receipt move, scanned at reception; what is not
        received stays expected in a backorder."""
        if not self.env.user.has_group("fleet_stock.group_manager"):
            raise UserError(self.env._("Only storekeepers and managers receive articles."))
        if (
            not move
            or move.product_id != product
            or move.picking_code != "incoming"
            or move.state in ("done", "cancel")
        ):
            raise UserError(self.env._("Choose the purchase order line to receive."))
        if float_compare(quantity, 0, precision_rounding=product.uom_id.rounding) <= 0:
            raise UserError(self.env._("The quantity must be positive."))
        picking = move.picking_id
        move.quantity = quantity
        move.picked = True
        (picking.move_ids - move).filtered(lambda m: not m.picked).quantity = 0
        picking._action_done()
        return picking
