"""Options shared by several subcommands, declared once."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_catalog(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog", type=Path, default=None, help="catalog directory (default: checklists/)"
    )


def add_filled_and_gate(parser: argparse.ArgumentParser) -> None:
    """The filled template and the gate: what `check` and `report` both judge."""
    parser.add_argument(
        "filled",
        type=Path,
        help="filled template (.yaml or .xlsx; - reads YAML from standard input)",
    )
    parser.add_argument(
        "--gate", required=True, choices=["G1", "G2", "G3"], help="the gate to decide"
    )
    parser.add_argument(
        "--lang",
        choices=["nb", "en"],
        default=None,
        help="the report's language (default: the template's)",
    )
