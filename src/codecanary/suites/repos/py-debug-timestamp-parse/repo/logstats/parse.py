from collections import namedtuple
from datetime import datetime, timezone

Entry = namedtuple("Entry", "ts method path status")


def parse_ts(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)


def parse_entry(line):
    parts = line.split()
    if len(parts) == 5:
        ts_text, rest = parts[0] + " " + parts[1], parts[2:]
    else:
        ts_text, rest = parts[0], parts[1:]
    ts = parse_ts(ts_text)
    method, path, status = rest
    return Entry(ts, method, path, int(status))
