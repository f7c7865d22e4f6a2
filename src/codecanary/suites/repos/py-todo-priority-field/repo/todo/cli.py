import argparse
import sys

from . import store


def format_item(item):
    box = "[x]" if item.done else "[ ]"
    return f"{box} {item.id} {item.title}"


def main(argv=None, out=sys.stdout):
    ap = argparse.ArgumentParser(prog="todo")
    ap.add_argument("file")
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add")
    a.add_argument("title")
    d = sub.add_parser("done")
    d.add_argument("id", type=int)
    sub.add_parser("list")
    args = ap.parse_args(argv)
    todos = store.load(args.file)
    if args.cmd == "add":
        item = todos.add(args.title)
        print(f"added {item.id}", file=out)
    elif args.cmd == "done":
        todos.complete(args.id)
    else:
        for item in todos.pending():
            print(format_item(item), file=out)
    store.save(todos, args.file)
    return 0


if __name__ == "__main__":
    sys.exit(main())
