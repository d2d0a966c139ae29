"""Supervision: many reports → comparisons across years and agencies (no Django here)."""
