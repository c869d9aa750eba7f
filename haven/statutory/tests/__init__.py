"""Tests for haven.statutory: pure Python, no Django, no database, no clock."""
