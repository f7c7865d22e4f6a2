import re

from .errors import ValidationError


def create_user(name, email):
    name = re.sub(r"\s+", " ", name.strip())
    if not name or len(name) > 80:
        raise ValidationError("invalid name")
    cleaned = email.strip().lower()
    local, at, domain = cleaned.partition("@")
    if not at or not local or "@" in domain or "." not in domain:
        raise ValidationError(f"invalid email: {email}")
    return {"name": name, "email": cleaned}
