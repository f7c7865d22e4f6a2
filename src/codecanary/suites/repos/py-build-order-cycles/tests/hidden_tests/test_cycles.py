import unittest

from buildgraph import CycleError, MissingTargetError, build_order, parse_targets


class CycleTest(unittest.TestCase):
    def test_three_cycle(self):
        t = parse_targets("app: lib\nlib: util\nutil: app\n")
        with self.assertRaises(CycleError) as cm:
            build_order(t)
        self.assertEqual(cm.exception.cycle, ["app", "lib", "util", "app"])

    def test_cycle_not_at_start(self):
        t = parse_targets("docs:\nserver: db\ndb: cache\ncache: db\n")
        with self.assertRaises(CycleError) as cm:
            build_order(t)
        self.assertEqual(cm.exception.cycle, ["db", "cache", "db"])

    def test_self_loop(self):
        with self.assertRaises(CycleError) as cm:
            build_order({"a": ["a"]})
        self.assertEqual(cm.exception.cycle, ["a", "a"])

    def test_missing(self):
        with self.assertRaises(MissingTargetError) as cm:
            build_order(parse_targets("a: b\n"))
        self.assertIsInstance(cm.exception, KeyError)
        self.assertIn("b", str(cm.exception))

    def test_valid_unchanged(self):
        t = parse_targets("z: y x\ny: x\nx:\nw: x\n")
        self.assertEqual(build_order(t), ["x", "y", "z", "w"])
        diamond = parse_targets("top: l r\nl: base\nr: base\nbase:\n")
        self.assertEqual(build_order(diamond), ["base", "l", "r", "top"])
