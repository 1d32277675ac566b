"""Shared test setup. This folder is on sys.path (pytest's rootdir conftest), so tests in sub-folders can import
its helper modules (browser_support)."""
