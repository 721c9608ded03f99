"""Yeonsu (연수): office program of a teacher-training institute."""

import logging

__version__ = "0.1.0"

# Library practice: without a configured log file, records go nowhere — never to stderr as
# Python's last-resort handler would print them (a traceback on a clerk's console).
logging.getLogger(__name__).addHandler(logging.NullHandler())

