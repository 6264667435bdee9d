"""Running the server: gunicorn settings, the garbage collector, warm-up, network addresses."""
