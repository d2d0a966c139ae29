"""The REST API: applications, their events and letters, the annual report tables, and the actions on an application.

Token authentication (``Authorization: Token …``; a token from ``POST /api/token/`` with a staff
user's username and password, or ``python -m django drf_create_token USER``), session
authentication for the browser, and agency scoping: every query sees only the agencies the user
belongs to (as on the platform's pages). OpenAPI 3 document at ``/api/schema/``.
"""
