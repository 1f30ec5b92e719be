// Records script errors before anything else runs (placeholder).
