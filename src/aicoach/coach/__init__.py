"""The conversational coach: safety screen, intent, tools over the engine, checked replies."""
