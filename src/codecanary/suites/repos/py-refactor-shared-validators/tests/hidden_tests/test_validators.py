import inspect
import unittest

import accounts
from accounts import create_org, create_user, orgs, users
from accounts.validators import ValidationError, clean_email, clean_name


class ValidatorsTest(unittest.TestCase):
    def test_reexport(self):
        self.assertIs(accounts.ValidationError, ValidationError)
        self.assertTrue(issubclass(ValidationError, ValueError))

    def test_clean_email(self):
        self.assertEqual(clean_email("  Bob@Example.COM "), "bob@example.com")
        for bad in ["", "bob", "bob@", "@ex.com", "bob@ex", "a@b@c.com"]:
            with self.assertRaises(ValidationError) as cm:
                clean_email(bad)
            self.assertEqual(str(cm.exception), f"invalid email: {bad}")

    def test_clean_name(self):
        self.assertEqual(clean_name("  a \t  b\nc "), "a b c")
        self.assertEqual(clean_name("x" * 80), "x" * 80)
        with self.assertRaises(ValidationError):
            clean_name("x" * 81)
        with self.assertRaises(ValidationError):
            clean_name("   ")
        self.assertEqual(clean_name("abcd", max_len=4), "abcd")
        with self.assertRaises(ValidationError):
            clean_name("abcde", max_len=4)

    def test_orgs_consistent(self):
        with self.assertRaises(ValidationError):
            create_org("x" * 81, "b@acme.io")
        self.assertEqual(create_org(" Big   Co ", " Pay@Acme.IO ")["billing_email"], "pay@acme.io")
        self.assertEqual(create_org(" Big   Co ", "pay@acme.io")["name"], "Big Co")
        with self.assertRaises(ValidationError):
            create_org("Acme", "pay@acme")

    def test_no_duplicated_checks(self):
        for mod in (users, orgs):
            src = inspect.getsource(mod)
            self.assertIn("clean_email", src)
            self.assertIn("clean_name", src)
            self.assertNotIn("partition", src)
            self.assertNotIn("count(", src)

    def test_user_unchanged(self):
        self.assertEqual(create_user(" Ada  L ", "ADA@x.org"), {"name": "Ada L", "email": "ada@x.org"})
