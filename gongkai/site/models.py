"""No models: this module exists so that ``migrate`` signals the app (the cache table is made then)."""
