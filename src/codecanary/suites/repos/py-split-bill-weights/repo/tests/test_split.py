import unittest

from splitter import settle, split_even


class SplitTest(unittest.TestCase):
    def test_even(self):
        self.assertEqual(split_even(1000, ["a", "b", "c"]), {"a": 334, "b": 333, "c": 333})

    def test_settle(self):
        self.assertEqual(settle([{"payer": "a", "amount": 900, "people": ["a", "b"]}]), {"a": 450, "b": -450})
