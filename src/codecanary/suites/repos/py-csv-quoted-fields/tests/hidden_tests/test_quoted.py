import unittest

from tinycsv import parse_line, read_records

Q = '"'


class QuotedTest(unittest.TestCase):
    def test_issue_example(self):
        line = '1,"Smith, John","said ""hi"" twice",'
        self.assertEqual(parse_line(line), ["1", "Smith, John", 'said "hi" twice', ""])

    def test_quoted_empty_and_sep(self):
        self.assertEqual(parse_line('"",";"', sep=","), ["", ";"])
        self.assertEqual(parse_line('a;"b;c"', sep=";"), ["a", "b;c"])

    def test_only_escaped_quote(self):
        self.assertEqual(parse_line(Q * 4), [Q])
        self.assertEqual(parse_line('x,"a""b"'), ["x", 'a"b'])

    def test_plain_still_works(self):
        self.assertEqual(parse_line("a,b,,c\r\n"), ["a", "b", "", "c"])
        self.assertEqual(parse_line(""), [""])

    def test_records(self):
        rows = read_records('id,city\n1,"Portland, OR"\n')
        self.assertEqual(rows, [{"id": "1", "city": "Portland, OR"}])
