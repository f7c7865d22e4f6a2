import unittest

from blog import slugify, unique_slug


class AccentTest(unittest.TestCase):
    def test_issue(self):
        self.assertEqual(slugify("Crème brûlée à la maison"), "creme-brulee-a-la-maison")

    def test_more(self):
        self.assertEqual(slugify("Ångström Über Ñandú"), "angstrom-uber-nandu")
        self.assertEqual(slugify("ÉCOLE"), "ecole")
        self.assertEqual(slugify("日本 tea"), "tea")

    def test_unique(self):
        self.assertEqual(unique_slug("Café", {"cafe"}), "cafe-2")
