import unittest
from decimal import Decimal

from billing import Invoice


class InvoiceTest(unittest.TestCase):
    def test_simple_total(self):
        inv = Invoice(tax_rate="0.10").add("pen", 2, "1.50").add("pad", 1, "3.00")
        self.assertEqual(inv.subtotal(), Decimal("6.00"))
        self.assertEqual(inv.tax(), Decimal("0.60"))
        self.assertEqual(inv.total(), Decimal("6.60"))

    def test_render(self):
        inv = Invoice().add("pen", 1, "2.00")
        self.assertEqual(inv.render(), "pen: 2.00\nTOTAL: 2.00")
