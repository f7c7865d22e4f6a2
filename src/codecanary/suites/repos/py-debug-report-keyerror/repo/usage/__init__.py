from .aggregate import aggregate
from .load import load_events
from .render import render
