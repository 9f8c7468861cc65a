"""The web app: pages and a JSON API over the same services the CLI uses (`everyrun serve`)."""
