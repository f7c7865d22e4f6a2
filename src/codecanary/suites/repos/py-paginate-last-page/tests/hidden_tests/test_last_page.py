import unittest

from pager import page_links, paginate


class LastPageTest(unittest.TestCase):
    def test_partial_last_page(self):
        p = paginate(list(range(23)), 3, 10)
        self.assertEqual(p.items, [20, 21, 22])
        self.assertEqual(p.total_pages, 3)
        self.assertFalse(p.has_next)
        self.assertTrue(p.has_prev)

    def test_exact_multiple(self):
        p = paginate(list(range(20)), 2, 10)
        self.assertEqual(p.items, list(range(10, 20)))
        self.assertEqual(p.total_pages, 2)
        self.assertFalse(p.has_next)
        self.assertEqual(page_links(p), "<1 [2/2]")

    def test_beyond_and_empty(self):
        self.assertEqual(paginate(list(range(5)), 4, 2).items, [])
        self.assertFalse(paginate(list(range(5)), 4, 2).has_next)
        e = paginate([], 1, 10)
        self.assertEqual((e.items, e.total_pages, e.has_next), ([], 0, False))

    def test_per_page_one(self):
        p = paginate(["a", "b"], 2, 1)
        self.assertEqual((p.items, p.total_pages), (["b"], 2))
