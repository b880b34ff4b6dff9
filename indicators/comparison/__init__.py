"""Comparing the home city with its peers: peer groups, pure analytics, selectors, pages and API."""
