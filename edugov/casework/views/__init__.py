"""Casework pages, split by what they show."""
