"""The API's routers, each a thin edge over one service area."""
