import io
import json
import os
import tempfile
import unittest

from todo import Item, TodoList
from todo import store
from todo.cli import main


class PriorityTest(unittest.TestCase):
    def test_default_and_invalid(self):
        self.assertEqual(Item(1, "x").priority, "normal")
        with self.assertRaises(ValueError):
            Item(1, "x", priority="urgent")

    def test_pending_order(self):
        t = TodoList()
        t.add("a", priority="low"); t.add("b"); t.add("c", priority="high"); t.add("d", priority="high")
        t.add("e")
        t.complete(4)
        self.assertEqual([i.title for i in t.pending()], ["c", "b", "e", "a"])

    def test_store_roundtrip_and_old_files(self):
        d = tempfile.mkdtemp()
        path = os.path.join(d, "t.json")
        t = TodoList(); t.add("a", priority="high"); t.add("b", priority="low")
        store.save(t, path)
        self.assertEqual([i.priority for i in store.load(path).items], ["high", "low"])
        old = os.path.join(d, "old.json")
        with open(old, "w") as f:
            json.dump({"items": [{"id": 1, "title": "legacy", "done": False}]}, f)
        self.assertEqual(store.load(old).items[0].priority, "normal")

    def test_cli(self):
        path = os.path.join(tempfile.mkdtemp(), "t.json")
        main([path, "add", "Water plants", "-p", "low"], out=io.StringIO())
        main([path, "add", "Read"], out=io.StringIO())
        main([path, "add", "Pay rent", "--priority", "high"], out=io.StringIO())
        out = io.StringIO()
        main([path, "list"], out=out)
        self.assertEqual(out.getvalue(), "[ ] 3 !Pay rent\n[ ] 2 Read\n[ ] 1 ~Water plants\n")
