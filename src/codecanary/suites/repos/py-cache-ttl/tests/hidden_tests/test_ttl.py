import unittest

from memo import LRUCache, memoize


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


class TTLTest(unittest.TestCase):
    def test_expiry(self):
        clk = Clock()
        c = LRUCache(10, ttl=5, clock=clk)
        c.put("a", 1)
        clk.now += 4.9
        self.assertEqual(c.get("a"), 1)
        self.assertIn("a", c)
        clk.now += 0.1
        self.assertNotIn("a", c)
        self.assertEqual(c.get("a", "gone"), "gone")
        self.assertEqual(len(c), 0)

    def test_reads_do_not_extend(self):
        clk = Clock()
        c = LRUCache(10, ttl=10, clock=clk)
        c.put("k", "v")
        for _ in range(3):
            clk.now += 3
            self.assertEqual(c.get("k"), "v")
        clk.now += 3
        self.assertIsNone(c.get("k"))

    def test_put_refreshes_and_len(self):
        clk = Clock()
        c = LRUCache(10, ttl=10, clock=clk)
        c.put("a", 1); c.put("b", 2)
        clk.now += 6
        c.put("a", 3)
        self.assertEqual(len(c), 2)
        clk.now += 6
        self.assertEqual(len(c), 1)
        self.assertEqual(c.get("a"), 3)
        self.assertNotIn("b", c)

    def test_no_ttl_and_lru(self):
        clk = Clock()
        c = LRUCache(2, clock=clk)
        c.put("a", 1); c.put("b", 2)
        clk.now += 10 ** 6
        self.assertEqual(c.get("a"), 1)
        c.put("c", 3)
        self.assertNotIn("b", c)
        self.assertEqual(len(c), 2)

    def test_memoize_ttl(self):
        clk = Clock()
        calls = []

        @memoize(capacity=8, ttl=2, clock=clk)
        def f(x):
            calls.append(x)
            return x + 1

        f(1); f(1)
        clk.now += 2
        f(1)
        self.assertEqual(calls, [1, 1])
