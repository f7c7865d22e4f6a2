from .parser import parse_line


def read_records(text, sep=","):
    lines = [l for l in text.splitlines() if l.strip()]
    if not lines:
        return []
    header = parse_line(lines[0], sep)
    out = []
    for line in lines[1:]:
        fields = parse_line(line, sep)
        fields += [""] * (len(header) - len(fields))
        out.append(dict(zip(header, fields)))
    return out
