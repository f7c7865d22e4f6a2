import unittest
from datetime import datetime, timezone

from logstats import parse_entry, summarize


class SummaryTest(unittest.TestCase):
    def test_old_format(self):
        e = parse_entry("2026-03-01 10:00:00 GET /a 200")
        self.assertEqual(e.ts, datetime(2026, 3, 1, 10, tzinfo=timezone.utc))
        self.assertEqual(e.status, 200)

    def test_summary(self):
        text = "2026-03-01 10:00:00 GET /a 200\n2026-03-01 11:15:00 GET /b 503\n"
        self.assertEqual(summarize(text), "2 requests, 1 errors, 2026-03-01 10:00..2026-03-01 11:15 UTC")
