import unittest

from stats import median


class MedianTest(unittest.TestCase):
    def test_even_length_averages_middle_pair(self):
        self.assertEqual(median([4, 1, 3, 2]), 2.5)

    def test_even_two(self):
        self.assertEqual(median([10, 20]), 15)

    def test_odd(self):
        self.assertEqual(median([5, 1, 9]), 5)

    def test_single(self):
        self.assertEqual(median([7]), 7)

    def test_unsorted_even(self):
        self.assertEqual(median([9, 1, 8, 2, 7, 3]), 5)

    def test_empty(self):
        with self.assertRaises(ValueError):
            median([])


if __name__ == "__main__":
    unittest.main()
