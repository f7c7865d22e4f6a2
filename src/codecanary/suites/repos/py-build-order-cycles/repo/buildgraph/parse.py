def parse_targets(text):
    """'a: b c' lines -> {'a': ['b', 'c']} preserving declaration order."""
    targets = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, _, deps = line.partition(":")
        targets[name.strip()] = deps.split()
    return targets
