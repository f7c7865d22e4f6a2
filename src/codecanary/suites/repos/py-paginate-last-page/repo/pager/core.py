from dataclasses import dataclass


@dataclass
class Page:
    items: list
    page: int
    total_pages: int
    has_next: bool
    has_prev: bool


def paginate(items, page, per_page):
    if page < 1 or per_page < 1:
        raise ValueError("page and per_page must be >= 1")
    total_pages = len(items) // per_page
    start = (page - 1) * per_page
    chunk = items[start:start + per_page] if page <= total_pages else []
    return Page(chunk, page, total_pages, page <= total_pages, page > 1)
