"""The ``aicoach`` command line: parse, call a service, render."""
