from .slug import slugify, unique_slug
