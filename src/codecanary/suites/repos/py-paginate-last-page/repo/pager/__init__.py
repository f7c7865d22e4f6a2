from .core import Page, paginate
from .links import page_links
