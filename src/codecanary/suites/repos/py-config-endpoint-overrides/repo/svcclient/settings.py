import tomllib
from dataclasses import dataclass


@dataclass(frozen=True)
class EndpointSettings:
    base_url: str
    timeout_s: float
    max_retries: int

    def should_retry(self, status, attempt):
        return status >= 500 and attempt < self.max_retries


class Settings:
    def __init__(self, data):
        self.data = data

    def for_endpoint(self, name):
        d = self.data["defaults"]
        return EndpointSettings(d["base_url"], float(d["timeout_s"]), int(d["max_retries"]))


def load_settings(path):
    with open(path, "rb") as f:
        return Settings(tomllib.load(f))
