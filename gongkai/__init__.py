"""gongkai（公开）: China's government information disclosure, end to end."""

__version__ = "0.1.0"
