"""Excel files in and out (openpyxl); no Qt.  Each module returns plain results or raises
ValidationError naming the row and column."""
