import base64
import io
import zipfile

from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException

from .common import PDF, PNG, GroupFinanceDocumentsMixin


class DocumentsAccessCommon(GroupFinanceDocumentsMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_documents_setup()
        cls.confidential = cls._gf_file(
            cls.dir_customer,
            "pacte.pdf",
            content=PDF + b"CONFIDENTIEL-PACTE",
            gf_category="legal",
            gf_confidential=True,
            gf_allowed_user_ids=[(6, 0, cls.operator2.ids)],
        )
        cls.confidential_image = cls._gf_file(
            cls.dir_customer,
            "plan-secret.png",
            content=PNG,
            gf_confidential=True,
        )
        cls.public_doc = cls._gf_file(
            cls.dir_customer, "contrat.pdf", content=PDF + b"CONTRAT-EDF", gf_category="contract"
        )
        cls.caces = cls._gf_file(
            cls.dir_employee,
            "caces.pdf",
            content=PDF + b"CACES-LUCAS",
            gf_category="certification",
        )
        cls.payslip = cls._gf_file(
            cls.dir_employee2,
            "contrat-travail.pdf",
            content=PDF + b"CONTRAT-MEHDI",
            gf_category="hr",
        )
        cls.other_doc = cls._gf_file(
            cls.dir_other_customer, "engie.pdf", content=PDF + b"DOC-ENGIE", gf_category="contract"
        )
        # a previous version of the HR document
        cls.payslip.write({"content": base64.b64encode(PDF + b"CONTRAT-MEHDI-V2")})
        cls.portal_edf = new_test_user(
            cls.env,
            "gf_doc_portal_edf",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Contact EDF", "parent_id": cls.customer.id})
            .id,
        )
        cls.portal_engie = new_test_user(
            cls.env,
            "gf_doc_portal_engie",
            groups="base.group_portal",
            partner_id=cls.env["res.partner"]
            .create({"name": "Contact ENGIE", "parent_id": cls.other_customer.id})
            .id,
        )
        # even placed in the folders' access group (by mistake), a portal user reads only
        # their own customer's documents
        cls.env.ref("group_finance.dms_access_group_read").explicit_user_ids = [
            (4, cls.portal_edf.id),
            (4, cls.portal_engie.id),
        ]
        cls.public_doc.flush_recordset()
        cls.tokens = {
            doc: doc.sudo()._portal_ensure_token()
            for doc in (cls.confidential, cls.public_doc, cls.caces, cls.other_doc)
        }


@tagged("post_install", "-at_install")
class TestDocumentsAccessOrm(DocumentsAccessCommon, TransactionCase):
    def _readable(self, user):
        return self.env["dms.file"].with_user(user).search([("id", "in", self.all_docs.ids)])

    @property
    def all_docs(self):
        return (
            self.confidential
            | self.confidential_image
            | self.public_doc
            | self.caces
            | self.payslip
            | self.other_doc
        )

    def test_confidential_named_users_and_co_managers_only(self):
        self.assertIn(self.confidential, self._readable(self.manager))
        self.assertIn(self.confidential, self._readable(self.operator2))
        self.assertNotIn(self.confidential, self._readable(self.operator))
        self.assertNotIn(self.confidential, self._readable(self.hr_officer))
        with self.assertRaises(AccessError):
            self.confidential.with_user(self.operator).read(["name"])
        with self.assertRaises(AccessError):
            self.confidential.with_user(self.operator).write({"name": "vu.pdf"})
        self.assertEqual(self.confidential.with_user(self.operator2).name, "pacte.pdf")

    def test_hr_documents_hr_and_employee_concerned(self):
        self.assertIn(self.caces, self._readable(self.operator))  # his own
        self.assertNotIn(self.payslip, self._readable(self.operator))  # another's
        self.assertNotIn(self.caces, self._readable(self.operator2))
        self.assertIn(self.payslip, self._readable(self.operator2))
        self.assertTrue({self.caces, self.payslip} <= set(self._readable(self.hr_officer)))
        self.assertTrue({self.caces, self.payslip} <= set(self._readable(self.manager)))
        with self.assertRaises(AccessError):
            self.payslip.with_user(self.operator).read(["content"])

    def test_previous_versions_follow_the_document(self):
        version = self.payslip.gf_version_ids
        self.assertEqual(len(version), 1)
        Version = self.env["group.finance.document.version"]
        self.assertFalse(Version.with_user(self.operator).search([("id", "=", version.id)]))
        with self.assertRaises(AccessError):
            version.with_user(self.operator).read(["datas"])
        self.assertEqual(version.with_user(self.operator2).read(["name"])[0]["name"], version.name)
        self.assertTrue(Version.with_user(self.hr_officer).search([("id", "=", version.id)]))

    def test_portal_user_only_own_customer(self):
        readable = self._readable(self.portal_edf)
        self.assertIn(self.public_doc, readable)
        self.assertNotIn(self.other_doc, readable)
        self.assertNotIn(self.confidential, readable)
        self.assertNotIn(self.caces, readable)
        self.assertIn(self.other_doc, self._readable(self.portal_engie))
        self.assertNotIn(self.public_doc, self._readable(self.portal_engie))
        with self.assertRaises(AccessError):
            self.other_doc.with_user(self.portal_edf).read(["name"])

    def test_zip_leaves_out_what_the_user_cannot_read(self):
        File = self.env["dms.file"]
        data, _name = File.with_user(self.operator)._gf_zip_documents(
            self.customer.with_user(self.operator)
        )
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        self.assertEqual(names, ["Contract/contrat.pdf"])
        data, _name = File.with_user(self.manager)._gf_zip_documents(
            self.customer.with_user(self.manager)
        )
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        self.assertEqual(len(names), 3)


@tagged("post_install", "-at_install")
class TestDocumentsAccessRoutes(DocumentsAccessCommon, HttpCase):
    """Confidential and HR documents through every route: JSON-RPC, /web/content, /web/image,
    the ZIP export and OCA dms's portal routes."""

    def _call_kw(self, model, method, args, kwargs=None):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def test_jsonrpc(self):
        self.authenticate("gf_doc_operator", "gf_doc_operator")
        with self.assertRaises(JsonRpcException):
            self._call_kw("dms.file", "read", [[self.confidential.id], ["name", "content"]])
        with self.assertRaises(JsonRpcException):
            self._call_kw("dms.file", "read", [[self.payslip.id], ["name"]])
        with self.assertRaises(JsonRpcException):
            self._call_kw(
                "group.finance.document.version",
                "read",
                [self.payslip.gf_version_ids.ids, ["datas"]],
            )
        found = self._call_kw(
            "dms.file", "search_read", [[("res_model", "=", "res.partner")], ["name"]]
        )
        names = {row["name"] for row in found}
        self.assertIn("contrat.pdf", names)
        self.assertNotIn("pacte.pdf", names)
        self.assertNotIn("plan-secret.png", names)
        self.authenticate("gf_doc_manager", "gf_doc_manager")
        rows = self._call_kw("dms.file", "read", [[self.confidential.id], ["name"]])
        self.assertEqual(rows[0]["name"], "pacte.pdf")

    def test_web_content_and_image(self):
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "dms.file"),
                    ("res_id", "=", self.confidential.id),
                    ("res_field", "=", "content_file"),
                ]
            )
        )
        self.assertTrue(attachment)
        version = self.payslip.gf_version_ids
        self.authenticate("gf_doc_operator", "gf_doc_operator")
        for url in (
            f"/web/content/dms.file/{self.confidential.id}/content",
            f"/web/content/dms.file/{self.payslip.id}/content",
            f"/web/content/{attachment.id}",
            f"/web/content/group.finance.document.version/{version.id}/datas",
            # OCA dms's share token does not open a confidential or HR document
            f"/web/content/dms.file/{self.confidential.id}/content"
            f"?access_token={self.tokens[self.confidential]}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertIn(response.status_code, (403, 404), url)
                self.assertNotIn(b"CONFIDENTIEL", response.content)
                self.assertNotIn(b"CONTRAT-MEHDI", response.content)
        image = self.url_open(f"/web/image/dms.file/{self.confidential_image.id}/image_128")
        self.assertNotEqual(image.content, base64.b64decode(self.confidential_image.image_128))
        # another employee's HR document, even with a dms share token
        self.authenticate("gf_doc_operator2", "gf_doc_operator2")
        response = self.url_open(
            f"/web/content/dms.file/{self.caces.id}/content?access_token={self.tokens[self.caces]}"
        )
        self.assertIn(response.status_code, (403, 404))
        self.assertNotIn(b"CACES-LUCAS", response.content)
        self.authenticate("gf_doc_operator", "gf_doc_operator")
        # his own HR document, and the common one, open
        own = self.url_open(f"/web/content/dms.file/{self.caces.id}/content")
        self.assertEqual(own.status_code, 200)
        self.assertIn(b"CACES-LUCAS", own.content)
        self.authenticate("gf_doc_manager", "gf_doc_manager")
        response = self.url_open(f"/web/content/dms.file/{self.confidential.id}/content")
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"CONFIDENTIEL-PACTE", response.content)
        image = self.url_open(f"/web/image/dms.file/{self.confidential_image.id}/image_128")
        self.assertEqual(image.status_code, 200)

    def test_zip_route(self):
        url = f"/group_finance/documents/zip/res.partner/{self.customer.id}"
        self.authenticate("gf_doc_operator", "gf_doc_operator")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/zip")
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        self.assertEqual(len(names), 1)
        self.assertTrue(names[0].endswith("/contrat.pdf"))
        # another employee's documents: none of them
        response = self.url_open(f"/group_finance/documents/zip/hr.employee/{self.employee2.id}")
        if response.status_code == 200:
            self.assertEqual(zipfile.ZipFile(io.BytesIO(response.content)).namelist(), [])
        else:
            self.assertEqual(response.status_code, 404)
        # models outside the documents' list, missing records
        self.assertEqual(self.url_open("/group_finance/documents/zip/res.users/1").status_code, 404)
        self.assertEqual(
            self.url_open("/group_finance/documents/zip/res.partner/999999999").status_code, 404
        )
        self.authenticate("gf_doc_manager", "gf_doc_manager")
        response = self.url_open(url)
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        self.assertEqual(len(names), 3)
        # a portal user: their own customer's common documents only
        self.authenticate("gf_doc_portal_edf", "gf_doc_portal_edf")
        response = self.url_open(url)
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        self.assertEqual([name.split("/")[-1] for name in names], ["contrat.pdf"])
        self.authenticate("gf_doc_portal_engie", "gf_doc_portal_engie")
        response = self.url_open(url)
        if response.status_code == 200:
            self.assertEqual(zipfile.ZipFile(io.BytesIO(response.content)).namelist(), [])
        else:
            self.assertEqual(response.status_code, 404)

    def test_dms_portal_routes(self):
        download = "/my/dms/file/{}/download"
        # a portal user of EDF: own customer's document, not ENGIE's (token or not), never a
        # confidential or HR document
        self.authenticate("gf_doc_portal_edf", "gf_doc_portal_edf")
        response = self.url_open(download.format(self.public_doc.id))
        self.assertEqual(response.status_code, 200)
        self.assertIn(b"CONTRAT-EDF", response.content)
        for doc in (self.other_doc, self.confidential, self.caces):
            for token in (None, self.tokens[doc]):
                url = download.format(doc.id) + (f"?access_token={token}" if token else "")
                with self.subTest(doc=doc.name, token=bool(token)):
                    response = self.url_open(url, allow_redirects=False)
                    self.assertIn(response.status_code, (302, 303, 403), url)
                    self.assertNotIn(b"DOC-ENGIE", response.content)
                    self.assertNotIn(b"CONFIDENTIEL", response.content)
        listing = self.url_open(f"/my/dms/directory/{self.dir_other_customer.id}")
        self.assertNotIn("engie.pdf", listing.text)
        listing = self.url_open(f"/my/dms/directory/{self.dir_customer.id}")
        self.assertNotIn("pacte.pdf", listing.text)
        # anonymous with a share token: never a confidential or HR document
        self.authenticate(None, None)
        for doc in (self.confidential, self.caces):
            url = download.format(doc.id) + f"?access_token={self.tokens[doc]}"
            response = self.url_open(url, allow_redirects=False)
            self.assertIn(response.status_code, (302, 303, 403), url)
            self.assertNotIn(b"CONFIDENTIEL", response.content)
            self.assertNotIn(b"CACES-LUCAS", response.content)
        response = self.url_open(
            download.format(self.public_doc.id) + f"?access_token={self.tokens[self.public_doc]}"
        )
        self.assertEqual(response.status_code, 200)
        # an operator: not another employee's HR document through the portal route either
        self.authenticate("gf_doc_operator2", "gf_doc_operator2")
        response = self.url_open(download.format(self.caces.id), allow_redirects=False)
        self.assertIn(response.status_code, (302, 303, 403))
        self.assertNotIn(b"CACES-LUCAS", response.content)
