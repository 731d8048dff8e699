"""The demo data set, one module per part; ``manage.py seed_demo`` runs them in order."""
