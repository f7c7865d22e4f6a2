import unittest

from blog import slugify, unique_slug
from blog.posts import index


class SlugTest(unittest.TestCase):
    def test_basic(self):
        self.assertEqual(slugify("Hello, World!"), "hello-world")
        self.assertEqual(slugify("  --a  b-- "), "a-b")

    def test_unique(self):
        self.assertEqual(unique_slug("Hi", {"hi", "hi-2"}), "hi-3")
        self.assertEqual(index(["A", "a", "!!"]), [("a", "A"), ("a-2", "a"), ("post", "!!")])
