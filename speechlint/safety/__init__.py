"""Reading and writing files safely: bounded reads of regular files only, atomic writes, and
the user's private key that authenticates what speechlint keeps between runs."""
