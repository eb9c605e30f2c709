import re

from lxml import etree

from odoo.tests import TransactionCase, tagged

from .common import ItParkServiceCommon

# words that are the same in French and English, and codes
SAME_IN_FRENCH = {
    "Code",
    "Conditions",
    # core sale_timesheet's technical field: export_string_translation=False, never translated
    "Service Upsell Threshold Ratio",
    "Contact",
    "Date",
    "Description",
    "Documents",
    "Type",
    "Total",
    "Notes",
    "Note",
    "Site",
    "Ticket",
    "Tickets",
    "Intervention",
    "Interventions",
    "Maintenance",
    "Support",
    "Configuration",
    "ID",
    "Message",
    "Messages",
    "Article",
    "Articles",
    "Stock",
    "Statut",
    "Licence",
    "Licences",
    "Options",
    "Contrat",
    "Source",
    "Minutes",
    "Actions",
    "Modification",
    "Modifications",
    "Client",
    "Clients",
    "Services",
    "Service",
    "Zone",
    "Solution",
    "Journal",
    "Volume",
    "Image",
    "Routes",
    "Combo",
    "Instructions",
    "Instruction",
    "PDF",
    "Google Slide",
    "Identification",
    "Communication",
}
TRANSLATED_ATTRS = ("string", "placeholder", "help", "confirm", "title", "aria-label")


@tagged("post_install", "-at_install")
class TestFrenchScreens(ItParkServiceCommon, TransactionCase):
    """Every it_park screen opened by a French user reads French: the labels of the fields
    (ours and those of core and OCA that our views show), the pages, groups, buttons and
    filters. A label left in English is listed with its view."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("fr_FR")
        modules = cls.env["ir.module.module"].search([("state", "=", "installed")])
        modules._update_translations("fr_FR")

    def _texts(self, arch, fields_info, kind):
        """(where, text) of every user-visible text of a view's arch: translatable attributes,
        texts, and the labels that come from the fields (form labels and list columns; kanban
        and calendar cards show no field label)."""
        texts = []
        root = etree.fromstring(arch)
        for node in root.iter():
            if not isinstance(node.tag, str):
                continue
            for attr in TRANSLATED_ATTRS:
                if node.get(attr):
                    texts.append((f"{node.tag}@{attr}", node.get(attr)))
            if node.tag == "label" and node.get("for") in fields_info and not node.get("string"):
                texts.append(("label", fields_info[node.get("for")]["string"]))
            if (
                node.tag == "field"
                and kind in ("form", "list", "search")
                and not node.get("string")
                and node.get("nolabel") != "1"
                and node.get("invisible") not in ("1", "True")
                and node.get("name") in fields_info
            ):
                texts.append(("field", fields_info[node.get("name")]["string"]))
            for text in (node.text, node.tail):
                if text and text.strip():
                    texts.append((node.tag, text.strip()))
        return texts

    def _screens(self, lang):
        root = self.env.ref("it_park.menu_root")
        menus = self.env["ir.ui.menu"].search([("id", "child_of", root.id)])
        screens = {}
        user = self.env.ref("base.user_admin")
        for menu in menus.filtered("action"):
            action = menu.action.sudo()
            # the Settings app holds every installed module's settings, not an it_park screen
            if action._name != "ir.actions.act_window" or action.res_model == "res.config.settings":
                continue
            Model = self.env[action.res_model].with_user(user).with_context(lang=lang)
            result = Model.get_views([*action.views, (False, "search")])
            for kind, view in result["views"].items():
                fields_info = result["models"][action.res_model]["fields"]
                screens[(action.res_model, kind, view["id"])] = self._texts(
                    view["arch"], fields_info, kind
                )
        return screens

    def test_screens_read_french(self):
        english = self._screens("en_US")
        french = self._screens("fr_FR")
        left = set()
        for key, texts in english.items():
            for (where, en), (_where, fr) in zip(texts, french[key], strict=True):
                if (
                    en == fr
                    and re.search(r"[A-Za-z]{3,}", en)
                    and en not in SAME_IN_FRENCH
                    # the search view's title is not shown; #START#-like codes are placeholders
                    and where != "search@string"
                    and not re.fullmatch(r"#[A-Z]+#", en)
                ):
                    left.add(f"{key[0]} {key[1]} {where}: {en}")
        self.assertFalse(left, "\n" + "\n".join(sorted(left)))
