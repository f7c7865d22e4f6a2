import unittest
from datetime import datetime, timezone

from logstats import parse_entry, parse_ts, summarize

UTC = timezone.utc


class IsoTest(unittest.TestCase):
    def test_z(self):
        self.assertEqual(parse_ts("2026-03-01T10:00:00Z"), datetime(2026, 3, 1, 10, tzinfo=UTC))

    def test_offsets_normalised(self):
        ts = parse_ts("2026-03-01T12:30:00+02:00")
        self.assertEqual(ts, datetime(2026, 3, 1, 10, 30, tzinfo=UTC))
        self.assertEqual(ts.utcoffset().total_seconds(), 0)
        self.assertEqual(parse_ts("2026-03-01T23:30:00-01:00"), datetime(2026, 3, 2, 0, 30, tzinfo=UTC))

    def test_old_format(self):
        self.assertEqual(parse_ts("2026-03-01 10:00:00"), datetime(2026, 3, 1, 10, tzinfo=UTC))

    def test_mixed_log(self):
        text = ("2026-03-01T10:00:00Z GET /a 200\n"
                "2026-03-01T12:30:00+02:00 GET /b 500\n"
                "2026-03-01 09:00:00 POST /c 201\n")
        self.assertEqual(parse_entry("2026-03-01T10:00:00Z GET /a 200").path, "/a")
        self.assertEqual(summarize(text), "3 requests, 1 errors, 2026-03-01 09:00..2026-03-01 10:30 UTC")
