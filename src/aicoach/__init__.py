"""aicoach: an open-source, self-hostable AI coach for sport and fitness."""

__version__ = "0.1.0"
