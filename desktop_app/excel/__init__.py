"""Excel files in and out (openpyxl); no Qt, no services, no models.

Modules here turn plain rows into files and files into plain rows; the services call them.
Every workbook is written through :mod:`desktop_app.excel.writer`, which keeps text that looks
like a formula as text.  Errors are ``ValidationError`` naming the row and column."""
