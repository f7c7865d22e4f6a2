import unittest
from decimal import Decimal

from shipping import shipping_cost
from shipping.carriers import (Carrier, FreightCarrier, ParcelCarrier, PostCarrier,
                               carrier_names, get_carrier, register)


class Pigeon(Carrier):
    name = "pigeon-hidden"

    def quote(self, weight_kg, express=False):
        return Decimal("1.00") if not express else Decimal("2.00")


class RegistryTest(unittest.TestCase):
    def test_builtin(self):
        self.assertIsInstance(get_carrier("post"), PostCarrier)
        self.assertIsInstance(get_carrier("parcel"), ParcelCarrier)
        self.assertIsInstance(get_carrier("freight"), FreightCarrier)
        self.assertTrue({"freight", "parcel", "post"} <= set(carrier_names()))
        self.assertEqual(carrier_names(), sorted(carrier_names()))

    def test_quote_direct(self):
        self.assertEqual(get_carrier("post").quote(0.4), Decimal("3.20"))
        self.assertEqual(get_carrier("post").quote(0.4, express=True), Decimal("7.20"))
        self.assertEqual(get_carrier("parcel").quote(2.345), Decimal("8.35"))
        self.assertEqual(get_carrier("parcel").quote(2, True), Decimal("12.00"))
        self.assertEqual(get_carrier("freight").quote(30), Decimal("63.00"))
        self.assertEqual(get_carrier("freight").quote(21.4), Decimal("45.00"))

    def test_register_new(self):
        register(Pigeon())
        self.assertEqual(shipping_cost("pigeon-hidden", 0.1), Decimal("1.00"))
        self.assertEqual(shipping_cost("pigeon-hidden", 0.1, express=True), Decimal("2.00"))
        with self.assertRaises(ValueError):
            shipping_cost("pigeon-hidden", 0)
        with self.assertRaises(ValueError):
            register(Pigeon())
        self.assertIn("pigeon-hidden", carrier_names())

    def test_unknown(self):
        with self.assertRaises(KeyError):
            get_carrier("zeppelin")
        with self.assertRaises(KeyError):
            shipping_cost("zeppelin", 1)

    def test_old_behaviour(self):
        self.assertEqual(shipping_cost("post", 2), Decimal("5.80"))
        with self.assertRaises(ValueError):
            shipping_cost("post", 2.01)
        self.assertEqual(shipping_cost("parcel", 30), Decimal("36.00"))
        with self.assertRaises(ValueError):
            shipping_cost("freight", -1)
