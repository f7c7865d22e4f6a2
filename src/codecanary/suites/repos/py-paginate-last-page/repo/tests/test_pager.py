import unittest

from pager import paginate, page_links


class PagerTest(unittest.TestCase):
    def test_first_page(self):
        p = paginate(list(range(23)), 1, 10)
        self.assertEqual(p.items, list(range(10)))
        self.assertFalse(p.has_prev)
        self.assertTrue(p.has_next)

    def test_invalid(self):
        with self.assertRaises(ValueError):
            paginate([1], 0, 10)

    def test_links(self):
        self.assertEqual(page_links(paginate(list(range(30)), 2, 10)), "<1 [2/3] 3>")
