"""Yeonsu (연수): office program of a teacher-training institute."""

__version__ = "0.1.0"

