import io
import os
import tempfile
import unittest

from todo import TodoList
from todo.cli import main
from todo import store


class TodoTest(unittest.TestCase):
    def test_add_complete(self):
        t = TodoList()
        t.add("a"); t.add("b")
        t.complete(1)
        self.assertEqual([i.title for i in t.pending()], ["b"])

    def test_store_roundtrip_and_cli(self):
        path = os.path.join(tempfile.mkdtemp(), "t.json")
        main([path, "add", "one"], out=io.StringIO())
        main([path, "add", "two"], out=io.StringIO())
        main([path, "done", "1"])
        out = io.StringIO()
        main([path, "list"], out=out)
        self.assertEqual(out.getvalue(), "[ ] 2 two\n")
        self.assertEqual(len(store.load(path).items), 2)
