"""The sports-science engine: pure functions over numpy arrays, one formula per function."""
