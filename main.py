"""Start Yeonsu (연수): ``uv run main.py [--db PATH|URL] [--demo]``."""

import sys

from desktop_app.app import main

if __name__ == "__main__":
    sys.exit(main())
