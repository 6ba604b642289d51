"""Checking one draft: the rule contract and registry, the plugin hooks, configuration, the
engine that runs the rules over the tree, suppression, findings and their fixes."""
