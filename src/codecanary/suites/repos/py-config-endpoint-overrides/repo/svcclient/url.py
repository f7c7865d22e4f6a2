def endpoint_url(settings, path):
    return settings.base_url.rstrip("/") + "/" + path.lstrip("/")
