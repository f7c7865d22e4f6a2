import unittest

from splitter import settle, split_weighted


class WeightedTest(unittest.TestCase):
    def test_exact(self):
        self.assertEqual(split_weighted(1000, {"a": 1, "b": 3}), {"a": 250, "b": 750})

    def test_remainders(self):
        # 100 * (1,1,1)/3 -> 33.33 each: first listed gets the cent
        self.assertEqual(split_weighted(100, {"x": 1, "y": 1, "z": 1}), {"x": 34, "y": 33, "z": 33})
        # 10 * (2,3,5)/10... 11 cents: 2.2, 3.3, 5.5 -> floors 2,3,5, one cent to z (.5)
        self.assertEqual(split_weighted(11, {"x": 2, "y": 3, "z": 5}), {"x": 2, "y": 3, "z": 6})
        # 7 * (1,2)/3 -> 2.33, 4.67 -> b gets the cent
        self.assertEqual(split_weighted(7, {"a": 1, "b": 2}), {"a": 2, "b": 5})

    def test_sums(self):
        for total in (0, 1, 2, 99, 1001, 123457):
            s = split_weighted(total, {"a": 7, "b": 3, "c": 11, "d": 1})
            self.assertEqual(sum(s.values()), total)
            self.assertTrue(all(v >= 0 for v in s.values()))

    def test_errors(self):
        for args in [(10, {}), (10, {"a": 0}), (-1, {"a": 1}), (5, {"a": 2, "b": -1})]:
            with self.assertRaises(ValueError):
                split_weighted(*args)

    def test_settle(self):
        out = settle([
            {"payer": "ann", "amount": 1000, "people": ["ann", "bob"], "weights": {"ann": 1, "bob": 4}},
            {"payer": "bob", "amount": 300, "people": ["ann", "bob", "cy"]},
        ])
        self.assertEqual(out, {"ann": 700, "bob": -600, "cy": -100})
