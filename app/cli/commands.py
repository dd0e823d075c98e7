"""Sub-commands of `paralelo` that live in their own modules."""

from .export import export
from .i18n import i18n
from .models import models
from .tm import tm_group
from .users import tokens, users
from .worker import worker

__all__ = ["export", "i18n", "models", "tm_group", "tokens", "users", "worker"]
