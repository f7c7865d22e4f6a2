def page_links(p):
    parts = []
    if p.has_prev:
        parts.append(f"<{p.page - 1}")
    parts.append(f"[{p.page}/{p.total_pages}]")
    if p.has_next:
        parts.append(f"{p.page + 1}>")
    return " ".join(parts)
