"""Demo and benchmark data (seed_demo, generate_scale_data): the top layer, free to use every app."""
