"""The dashboard: server-rendered Jinja2 pages with HTMX and Plotly served locally."""
