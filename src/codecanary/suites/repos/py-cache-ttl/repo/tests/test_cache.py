import unittest

from memo import LRUCache, memoize


class CacheTest(unittest.TestCase):
    def test_lru(self):
        c = LRUCache(2)
        c.put("a", 1); c.put("b", 2)
        c.get("a")
        c.put("c", 3)
        self.assertIn("a", c)
        self.assertNotIn("b", c)
        self.assertEqual(len(c), 2)

    def test_memoize(self):
        calls = []

        @memoize(capacity=4)
        def sq(x):
            calls.append(x)
            return x * x

        self.assertEqual([sq(2), sq(2), sq(3)], [4, 4, 9])
        self.assertEqual(calls, [2, 3])
