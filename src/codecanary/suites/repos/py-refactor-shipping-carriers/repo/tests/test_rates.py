import unittest
from decimal import Decimal

from shipping import shipping_cost


class RatesTest(unittest.TestCase):
    def test_post(self):
        self.assertEqual(shipping_cost("post", 0.5), Decimal("3.20"))
        self.assertEqual(shipping_cost("post", 0.6), Decimal("5.80"))
        self.assertEqual(shipping_cost("post", 1, express=True), Decimal("9.80"))
        with self.assertRaises(ValueError):
            shipping_cost("post", 2.5)

    def test_parcel(self):
        self.assertEqual(shipping_cost("parcel", 3.5), Decimal("9.50"))
        self.assertEqual(shipping_cost("parcel", 3, express=True), Decimal("13.50"))
        with self.assertRaises(ValueError):
            shipping_cost("parcel", 31)

    def test_freight(self):
        self.assertEqual(shipping_cost("freight", 10), Decimal("45.00"))
        self.assertEqual(shipping_cost("freight", 100), Decimal("210.00"))
        with self.assertRaises(ValueError):
            shipping_cost("freight", 100, express=True)

    def test_errors(self):
        with self.assertRaises(ValueError):
            shipping_cost("post", 0)
        with self.assertRaises(KeyError):
            shipping_cost("pigeon", 1)
