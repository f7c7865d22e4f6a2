from .errors import ValidationError
from .orgs import create_org
from .users import create_user
