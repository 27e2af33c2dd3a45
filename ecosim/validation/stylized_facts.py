"""stylized_facts (to do)."""

def add_arguments(parser):
    pass
