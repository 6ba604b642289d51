"""``speechlint lsp``: findings in the editor as one types (pygls). Optional:
``pip install 'speechlint[lsp]'``."""
