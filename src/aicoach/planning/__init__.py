"""Training plans: screening, generation, weekly scheduling, checking and adaptation."""
