import os
import tempfile
import unittest

from svcclient import load_settings


class OverrideTest(unittest.TestCase):
    def setUp(self):
        self.s = load_settings("config/service.toml")

    def test_upload(self):
        u = self.s.for_endpoint("upload")
        self.assertEqual((u.timeout_s, u.max_retries), (60.0, 0))
        self.assertEqual(u.base_url, "https://api.internal.example")
        self.assertFalse(u.should_retry(503, 0))

    def test_search(self):
        s = self.s.for_endpoint("search")
        self.assertEqual((s.timeout_s, s.max_retries), (1.5, 2))
        self.assertTrue(s.should_retry(429, 0))
        self.assertTrue(s.should_retry(504, 1))
        self.assertFalse(s.should_retry(504, 2))
        self.assertFalse(s.should_retry(500, 0))

    def test_defaults_retry_on(self):
        d = self.s.for_endpoint("unknown")
        self.assertTrue(d.should_retry(502, 1))
        self.assertFalse(d.should_retry(504, 0))
        self.assertFalse(d.should_retry(500, 0))

    def test_other_file(self):
        path = os.path.join(tempfile.mkdtemp(), "s.toml")
        with open(path, "w") as f:
            f.write('[defaults]\nbase_url = "http://x"\ntimeout_s = 2\nmax_retries = 1\n'
                    '[endpoints.a]\nbase_url = "http://a"\n')
        a = load_settings(path).for_endpoint("a")
        self.assertEqual((a.base_url, a.timeout_s, a.max_retries), ("http://a", 2.0, 1))
        self.assertFalse(a.should_retry(503, 0))
