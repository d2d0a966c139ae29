"""The case platform (Django app): applications, the statutory clock, fees, evidence."""
