import unittest

from tinycsv import parse_line, read_records


class ParserTest(unittest.TestCase):
    def test_plain(self):
        self.assertEqual(parse_line("a,b,c\n"), ["a", "b", "c"])
        self.assertEqual(parse_line("a;b", sep=";"), ["a", "b"])

    def test_empty_fields(self):
        self.assertEqual(parse_line(",x,"), ["", "x", ""])

    def test_records(self):
        rows = read_records("id,name\n1,ann\n2\n")
        self.assertEqual(rows, [{"id": "1", "name": "ann"}, {"id": "2", "name": ""}])
