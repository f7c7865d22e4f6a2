import unittest
from decimal import Decimal

from billing import Invoice, to_cents


class RoundingTest(unittest.TestCase):
    def test_half_up(self):
        self.assertEqual(to_cents("2.675"), Decimal("2.68"))
        self.assertEqual(to_cents("1.005"), Decimal("1.01"))
        self.assertEqual(to_cents(Decimal("0.125")), Decimal("0.13"))
        self.assertEqual(to_cents("0.124"), Decimal("0.12"))
        self.assertEqual(to_cents(3), Decimal("3.00"))

    def test_line_totals(self):
        inv = Invoice().add("widget", 3, "2.675")
        self.assertEqual(inv.lines[0].total(), Decimal("8.03"))
        self.assertEqual(inv.render(), "widget: 8.03\nTOTAL: 8.03")

    def test_tax_half_up(self):
        inv = Invoice(tax_rate="0.05").add("a", 1, "0.10")
        self.assertEqual(inv.tax(), Decimal("0.01"))
        self.assertEqual(inv.total(), Decimal("0.11"))

    def test_item_1005(self):
        inv = Invoice().add("x", 1, "1.005")
        self.assertEqual(inv.total(), Decimal("1.01"))
