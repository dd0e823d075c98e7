"""Users, roles, API tokens and the password policy."""
