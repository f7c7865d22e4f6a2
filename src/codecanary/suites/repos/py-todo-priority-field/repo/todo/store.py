import json
import os

from .model import Item, TodoList


def load(path):
    if not os.path.exists(path):
        return TodoList()
    with open(path) as f:
        data = json.load(f)
    return TodoList([Item(d["id"], d["title"], d["done"]) for d in data["items"]])


def save(todos, path):
    data = {"items": [{"id": i.id, "title": i.title, "done": i.done} for i in todos.items]}
    with open(path, "w") as f:
        json.dump(data, f, indent=2)
