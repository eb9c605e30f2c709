from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import GroupFinanceBankMixin


@tagged("post_install", "-at_install")
class TestCompanyIdentity(GroupFinanceBankMixin, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Company = cls.env["res.company"]
        cls.holding = cls.Company.create(
            {"name": "Holding T", "country_id": cls.env.ref("base.fr").id}
        )
        cls.member = cls.Company.create(
            {
                "name": "Membre T",
                "country_id": cls.env.ref("base.fr").id,
                "gf_holding_id": cls.holding.id,
            }
        )

    def test_group_of_a_member_is_the_holding_and_its_members(self):
        other = self.Company.create({"name": "Membre 2", "gf_holding_id": self.holding.id})
        group = self.member._gf_group_companies()
        self.assertEqual(group, self.holding | self.member | other)
        self.assertEqual(self.holding._gf_group_companies(), group)
        self.assertEqual(self.holding.gf_member_ids, self.member | other)

    def test_holding_chain_refused(self):
        with self.assertRaises(ValidationError):
            self.holding.gf_holding_id = self.holding
        with self.assertRaises(ValidationError):
            self.Company.create({"name": "Sous-filiale", "gf_holding_id": self.member.id})
        with self.assertRaises(ValidationError):
            self.holding.gf_holding_id = self.Company.create({"name": "Tête"})

    def test_legal_identity_fields(self):
        self.member.write(
            {
                "gf_legal_form": "sas",
                "gf_rcs": "RCS Aix-en-Provence 820 504 421",
                "gf_share_capital": 50000,
                "gf_color": "#F2A900",
                "gf_invoice_prefix": "FA",
                "gf_refund_prefix": "AV",
                "siren": "820504421",
                "nic": "00018",
                "vat": "FR50820504421",
            }
        )
        self.assertEqual(self.member.siret, "82050442100018")
        self.assertEqual(self.member.gf_share_capital, 50000)

    def test_bad_values_refused(self):
        cases = [
            {"gf_color": "orange"},
            {"gf_invoice_prefix": "fa/"},
            {"gf_invoice_prefix": "FA", "gf_refund_prefix": "FA"},
            {"gf_share_capital": -1},
            {"vat": "FR00820504421"},
        ]
        for vals in cases:
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                self.member.write(vals)

    def test_vat_must_carry_the_siren(self):
        self.member.write({"siren": "820504421", "nic": "00018"})
        with self.assertRaises(ValidationError):
            self.member.vat = "FR19812345676"
        self.member.vat = "FR50820504421"
        self.assertEqual(self.member.vat, "FR50820504421")

    def test_bad_siren_refused_by_l10n_fr_siret(self):
        with self.assertRaises(ValidationError):
            self.member.write({"siren": "820504422", "nic": "00018"})

    def test_iban_and_bic_validated(self):
        with self.assertRaises(ValidationError):
            self.env["res.partner.bank"].create(
                {
                    "acc_number": "FR7630004001230001234560181",
                    "partner_id": self.member.partner_id.id,
                }
            )
        with self.assertRaises(ValidationError):
            self.env["res.bank"].create({"name": "Banque X", "bic": "BNPA12"})
        bank = self.env["res.bank"].create({"name": "BNP", "bic": "BNPAFRPPXXX"})
        account = self.env["res.partner.bank"].create(
            {
                "acc_number": "FR7630004001230001234560180",
                "partner_id": self.member.partner_id.id,
                "bank_id": bank.id,
            }
        )
        self.assertEqual(account.acc_type, "iban")
