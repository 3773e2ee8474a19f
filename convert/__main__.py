"""``python -m convert`` runs the ``briefpress`` command."""

from .cli import main

main(prog_name="briefpress")
