import unittest

from flags import Flag, is_on


class CheckTest(unittest.TestCase):
    def test_rollout_bucket(self):
        flags = {"x": Flag("x", True, 10)}
        self.assertTrue(is_on(flags, "x", 105))
        self.assertFalse(is_on(flags, "x", 110))
        self.assertFalse(is_on(flags, "missing", 1))

    def test_disabled(self):
        self.assertFalse(is_on({"x": Flag("x", False, 100)}, "x", 1))
