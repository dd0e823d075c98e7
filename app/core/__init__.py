"""The bottom wing: models, units of work, states, messages and errors, text cleaning, terms. Imports no wing."""
