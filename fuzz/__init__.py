"""Coverage-guided fuzz harnesses (atheris) for Työpaja's parsers; see README.md."""
