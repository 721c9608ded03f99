"""``python -m desktop_app``: headless commands (or the GUI without a command)."""

from .cli import main

raise SystemExit(main())
