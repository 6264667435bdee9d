"""Työpaja: real-time workshop facilitation for Finnish municipalities and associations."""

__version__ = "0.1.0"
