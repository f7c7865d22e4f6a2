from .model import Item, TodoList
