import json


def load_events(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]
