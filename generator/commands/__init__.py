"""One module per `playbook` subcommand. Each has register(subparsers), which
adds its parser and sets `handler`; heavy imports stay inside the handler so
that `playbook --help` and the other commands start fast."""

# The order here is the order in `playbook --help`.
COMMANDS = ("validate", "template", "check", "upgrade", "new-item", "diff")
