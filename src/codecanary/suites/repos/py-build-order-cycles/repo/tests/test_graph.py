import unittest

from buildgraph import build_order, parse_targets


class GraphTest(unittest.TestCase):
    def test_parse(self):
        self.assertEqual(parse_targets("a: b c\n# x\nb:\nc: b\n"), {"a": ["b", "c"], "b": [], "c": ["b"]})

    def test_order(self):
        t = parse_targets("app: lib util\nlib: util\nutil:\ndocs:\n")
        self.assertEqual(build_order(t), ["util", "lib", "app", "docs"])
