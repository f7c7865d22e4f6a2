import unittest

from svcclient import load_settings
from svcclient.url import endpoint_url


class SettingsTest(unittest.TestCase):
    def test_defaults(self):
        s = load_settings("config/service.toml").for_endpoint("billing")
        self.assertEqual(s.timeout_s, 5.0)
        self.assertEqual(s.max_retries, 2)
        self.assertEqual(endpoint_url(s, "/v1/x"), "https://api.internal.example/v1/x")
