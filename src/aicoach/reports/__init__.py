"""Visual reports: self-contained HTML pages with Plotly charts (no CDN, works offline)."""
