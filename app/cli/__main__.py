"""`python -m app.cli`: the `paralelo` command."""

from app.cli import main

main()
