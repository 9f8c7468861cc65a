"""People on a shared server: accounts, coach links, comments, and who may see what."""
