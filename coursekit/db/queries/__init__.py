"""Every query and row decoder, one module per feature."""
