def build_order(targets):
    order = []
    done = set()

    def visit(name):
        if name in done:
            return
        for dep in targets.get(name, []):
            visit(dep)
        if name not in done:
            done.add(name)
            order.append(name)

    for name in targets:
        visit(name)
    return order
