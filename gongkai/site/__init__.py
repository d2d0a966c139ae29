"""The Django project that hosts the case platform (settings, URLs, WSGI)."""
