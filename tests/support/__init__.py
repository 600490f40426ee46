"""Helpers shared by the test folders: builders, seeds, the local Canvas server, fuzz targets."""
