"""Language-model backends behind one small interface (``base.Backend``) and a registry."""
