"""Running over many drafts: the plugin manager that assembles rules, readers and formats,
worker processes, the results cache, baselines and ``--fix``."""
