"""The REST API (FastAPI): thin routes over ``services``, one ownership check for all."""
