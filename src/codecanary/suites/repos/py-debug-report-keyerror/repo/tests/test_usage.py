import unittest

from usage import aggregate, render


class UsageTest(unittest.TestCase):
    def test_aggregate(self):
        evs = [{"team": "core", "user": "a", "units": 3}, {"team": "core", "user": "a", "units": 2},
               {"team": "infra", "user": "b", "units": 7}]
        self.assertEqual(aggregate(evs), {"core": {"units": 5, "users": 1}, "infra": {"units": 7, "users": 1}})

    def test_render(self):
        out = render({"core": {"units": 5, "users": 1}, "infra": {"units": 7, "users": 2}})
        self.assertEqual(out.splitlines()[0].split(), ["infra", "7", "2"])
