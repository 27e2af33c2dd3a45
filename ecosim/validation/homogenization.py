"""homogenization (to do)."""

def add_arguments(parser):
    pass
