import unittest

from accounts import ValidationError, create_org, create_user


class AccountsTest(unittest.TestCase):
    def test_user(self):
        self.assertEqual(create_user("  Ada   Lovelace ", " Ada@Example.org "),
                         {"name": "Ada Lovelace", "email": "ada@example.org"})
        for bad in ["ada", "ada@host", "@x.org", "a@b@c.org"]:
            with self.assertRaises(ValidationError):
                create_user("Ada", bad)

    def test_org(self):
        self.assertEqual(create_org("Acme", "billing@acme.io"),
                         {"name": "Acme", "billing_email": "billing@acme.io", "plan": "free"})
        with self.assertRaises(ValidationError):
            create_org("", "billing@acme.io")
