from .errors import ValidationError


def create_org(name, billing_email):
    name = name.strip()
    if not name or len(name) > 81:
        raise ValidationError("invalid name")
    if billing_email.count("@") != 1 or "." not in billing_email.split("@")[1]:
        raise ValidationError(f"invalid email: {billing_email}")
    return {"name": name, "billing_email": billing_email.strip(), "plan": "free"}
