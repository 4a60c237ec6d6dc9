"""Readers that turn device files and exports into domain values, and writers for exports."""
