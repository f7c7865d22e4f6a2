import json
import os
import tempfile
import unittest

from usage import aggregate, load_events, render


class MissingTeamTest(unittest.TestCase):
    def test_missing_and_null(self):
        evs = [{"user": "m1", "units": 4}, {"team": None, "user": "m2", "units": 1},
               {"team": "core", "user": "a", "units": 2}, {"user": "m1", "units": 1}]
        self.assertEqual(aggregate(evs), {"(none)": {"units": 6, "users": 2}, "core": {"units": 2, "users": 1}})

    def test_unknown_team_name(self):
        evs = [{"team": "mobile", "user": "x", "units": 3}]
        self.assertEqual(aggregate(evs), {"mobile": {"units": 3, "users": 1}})

    def test_end_to_end(self):
        path = os.path.join(tempfile.mkdtemp(), "ev.jsonl")
        with open(path, "w") as f:
            for ev in [{"team": "infra", "user": "a", "units": 2}, {"user": "z", "units": 2},
                       {"team": "core", "user": "b", "units": 9}]:
                f.write(json.dumps(ev) + "\n")
        lines = [l.split() for l in render(aggregate(load_events(path))).splitlines()]
        self.assertEqual(lines, [["core", "9", "1"], ["(none)", "2", "1"], ["infra", "2", "1"]])
