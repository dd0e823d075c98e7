"""Sub-commands of `paralelo` that live in their own modules."""

from .export import export
from .i18n import i18n
from .models import models
from .users import tokens, users
from .worker import worker

__all__ = ["export", "i18n", "models", "tokens", "users", "worker"]
