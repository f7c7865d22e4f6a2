import configparser
from dataclasses import dataclass


@dataclass
class Flag:
    name: str
    enabled: bool
    rollout: int


def load_flags(path):
    cp = configparser.ConfigParser(inline_comment_prefixes=(";",))
    cp.read(path)
    out = {}
    for name in cp.sections():
        sec = cp[name]
        out[name] = Flag(name, bool(sec.get("enabled")), int(sec.get("rollout", "0")))
    return out
