from dataclasses import dataclass, field


@dataclass
class Item:
    id: int
    title: str
    done: bool = False


@dataclass
class TodoList:
    items: list = field(default_factory=list)

    def add(self, title):
        item = Item(id=max((i.id for i in self.items), default=0) + 1, title=title)
        self.items.append(item)
        return item

    def complete(self, item_id):
        for item in self.items:
            if item.id == item_id:
                item.done = True
                return item
        raise KeyError(item_id)

    def pending(self):
        return sorted((i for i in self.items if not i.done), key=lambda i: i.id)
