import base64

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import PDF, GroupFinanceDocumentsMixin


@tagged("post_install", "-at_install")
class TestDocuments(GroupFinanceDocumentsMixin, TransactionCase):
    """Documents tab on the group's records, document fields, versions, limits."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._gf_documents_setup()

    def test_templates_for_every_record_type(self):
        models = set(self.env["dms.field.template"].search([]).mapped("model"))
        self.assertTrue(
            {"res.partner", "hr.employee", "account.move", "fleet.vehicle", "project.task"}
            <= models
        )
        for model in ("hr.employee", "account.move", "fleet.vehicle", "project.task"):
            self.assertIn("dms_directory_ids", self.env[model]._fields, model)

    def test_document_fields_and_links(self):
        doc = self._gf_file(
            self.dir_customer,
            "contrat.pdf",
            gf_category="contract",
            gf_description="Contrat signé",
        )
        self.assertEqual(self.dir_customer.name, "Client EDF")
        self.assertEqual(
            self.dir_customer.storage_id, self.env.ref("group_finance.dms_storage_documents")
        )
        self.assertEqual(doc.gf_partner_id, self.customer)
        self.assertFalse(doc.gf_is_hr)
        self.assertEqual(doc.gf_version, 1)
        caces = self._gf_file(self.dir_employee, "caces.pdf", gf_category="certification")
        self.assertEqual(caces.gf_employee_id, self.employee)
        self.assertTrue(caces.gf_is_hr)

    def test_search_by_name_tag_category_record_expiry(self):
        tag = self.env["dms.tag"].create({"name": "Signé"})
        doc = self._gf_file(
            self.dir_customer,
            "contrat cadre.pdf",
            gf_category="contract",
            tag_ids=[(6, 0, tag.ids)],
            gf_expiry_date="2030-01-31",
        )
        other = self._gf_file(self.dir_other_customer, "kbis.pdf", gf_category="legal")
        File = self.env["dms.file"]
        self.assertEqual(File.search([("name", "ilike", "cadre")]), doc)
        self.assertEqual(File.search([("tag_ids", "in", tag.ids)]), doc)
        self.assertEqual(File.search([("gf_category", "=", "legal")]) & (doc | other), other)
        self.assertEqual(File.search([("gf_partner_id", "=", self.customer.id)]), doc)
        self.assertEqual(
            File.search([("res_model", "=", "res.partner"), ("res_id", "=", self.customer.id)]),
            doc,
        )
        self.assertEqual(File.search([("gf_expiry_date", "<=", "2030-12-31")]) & (doc | other), doc)

    def test_new_content_keeps_previous_versions_with_who_and_when(self):
        doc = self._gf_file(self.dir_customer, "assurance.pdf", content=PDF + b"v1")
        first_checksum = doc.checksum
        doc.with_user(self.operator).write({"content": base64.b64encode(PDF + b"v2")})
        self.assertEqual(doc.gf_version, 2)
        self.assertEqual(doc.gf_version_user_id, self.operator)
        self.assertEqual(len(doc.gf_version_ids), 1)
        previous = doc.gf_version_ids
        self.assertEqual(previous.version, 1)
        self.assertEqual(previous.checksum, first_checksum)
        self.assertEqual(base64.b64decode(previous.datas), PDF + b"v1")
        self.assertEqual(previous.uploaded_by_id, self.env.user)
        self.assertEqual(previous.replaced_by_id, self.operator)
        self.assertTrue(previous.uploaded_on and previous.replaced_on)
        self.assertEqual(base64.b64decode(doc.content), PDF + b"v2")
        doc.with_user(self.manager).write({"content": base64.b64encode(PDF + b"v3")})
        self.assertEqual(doc.gf_version, 3)
        doc.invalidate_recordset(["gf_version_ids"])
        self.assertEqual(doc.gf_version_ids.mapped("version"), [2, 1])
        self.assertEqual(doc.gf_version_ids[0].uploaded_by_id, self.operator)
        # the same content again is not a new version
        doc.write({"content": base64.b64encode(PDF + b"v3")})
        self.assertEqual(doc.gf_version, 3)
        self.assertEqual(len(doc.gf_version_ids), 2)

    def test_too_large_file_refused_nothing_stored(self):
        File = self.env["dms.file"]
        count = File.search_count([])
        attachments = self.env["ir.attachment"].search_count([])
        # 200 MB of base64 content (never decoded: the size is read from its length)
        content = b"A" * (200 * 1024 * 1024 * 4 // 3)
        with self.assertRaisesRegex(ValidationError, "too large"):
            File.create(
                {"name": "video.pdf", "directory_id": self.dir_customer.id, "content": content}
            )
        del content
        self.assertEqual(File.search_count([]), count)
        self.assertEqual(self.env["ir.attachment"].search_count([]), attachments)
        doc = self._gf_file(self.dir_customer, "petit.pdf")
        limit = File._get_binary_max_size()
        with self.assertRaisesRegex(ValidationError, "too large"):
            doc.write({"content": b"A" * ((limit + 1) * 1024 * 1024 * 4 // 3)})
        self.assertEqual(doc.gf_version, 1)
        self.assertFalse(doc.gf_version_ids)

    def test_executable_refused_by_name_or_content(self):
        File = self.env["dms.file"]
        count = File.search_count([])
        for name, content in (
            ("setup.exe", b"MZ\x90\x00" + b"\x00" * 60),
            ("facture.pdf", b"MZ\x90\x00" + b"\x00" * 60),
            ("outil.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 40),
            ("script.pdf", b"#!/bin/sh\nrm -rf /\n"),
            ("install.sh", b"echo hello"),
            ("macro.vbs", b"MsgBox 1"),
        ):
            with self.subTest(name=name), self.assertRaisesRegex(ValidationError, "program"):
                self._gf_file(self.dir_customer, name, content=content)
        self.assertEqual(File.search_count([]), count)

    def test_upload_route_error_is_clear(self):
        """The error dms's upload route returns for one file of several is ours (translated
        source text), the other files are stored."""
        File = self.env["dms.file"]
        with self.assertRaisesRegex(ValidationError, "cannot be stored"):
            File._gf_check_upload("virus.exe", base64.b64encode(b"MZ"))
        File._gf_check_upload("plan.png", base64.b64encode(PDF))

    def test_zip_named_by_category(self):
        import io
        import zipfile

        self._gf_file(self.dir_customer, "contrat.pdf", content=PDF + b"1", gf_category="contract")
        self._gf_file(self.dir_customer, "rc.pdf", content=PDF + b"2", gf_category="insurance")
        self._gf_file(self.dir_customer, "kbis.pdf", content=PDF + b"3", gf_category="legal")
        self._gf_file(self.dir_other_customer, "autre.pdf", gf_category="legal")
        data, name = (
            self.env["dms.file"].with_context(lang="en_US")._gf_zip_documents(self.customer)
        )
        self.assertTrue(name.endswith(".zip"))
        self.assertIn("Client EDF", name)
        archive = zipfile.ZipFile(io.BytesIO(data))
        self.assertEqual(
            sorted(archive.namelist()),
            ["Contract/contrat.pdf", "Insurance/rc.pdf", "Legal/kbis.pdf"],
        )
        self.assertEqual(archive.read("Insurance/rc.pdf"), PDF + b"2")

    def test_thumbnail_for_images(self):
        from .common import PNG

        image = self._gf_file(self.dir_customer, "photo.png", content=PNG, gf_category="technical")
        self.assertTrue(image.image_1920)
        self.assertTrue(image.image_128)

    def test_list_query_count_independent_of_the_number_of_documents(self):
        """The documents list (the fields of our list view), read by a finance user: the same
        number of queries for 5 and 40 documents of a customer."""
        spec = {
            "name": {},
            "gf_category": {},
            "gf_record_name": {},
            "gf_expiry_date": {},
            "gf_expiry_state": {},
            "write_date": {},
            "human_size": {},
            "mimetype": {},
            "tag_ids": {"fields": {"display_name": {}}},
            "active": {},
            "is_locked": {},
            "is_lock_editor": {},
        }
        tag = self.env["dms.tag"].create({"name": "Signé"})
        File = self.env["dms.file"].with_user(self.operator)
        counts = []
        for size, customer in ((5, self.customer), (40, self.other_customer)):
            directory = self.dir_customer if size == 5 else self.dir_other_customer
            for i in range(size):
                self._gf_file(
                    directory,
                    f"doc-{i}.pdf",
                    content=PDF + bytes([i]),
                    gf_expiry_date="2030-01-01",
                    tag_ids=[(6, 0, tag.ids)],
                )
            self.env.flush_all()
            domain = [("res_model", "=", "res.partner"), ("res_id", "=", customer.id)]
            File.web_search_read(domain, spec, limit=80)  # warm-up
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            result = File.web_search_read(domain, spec, limit=80)
            counts.append(self.env.cr.sql_log_count - before)
            self.assertEqual(result["length"], size)
            self.assertTrue(result["records"][0]["gf_record_name"].endswith(customer.name))
        self.assertEqual(counts[0], counts[1], counts)
