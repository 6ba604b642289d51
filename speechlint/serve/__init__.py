"""``speechlint serve``: a local web page for people who write in Word, and a
LanguageTool-compatible endpoint for the proofreading clients they already have. Optional:
``pip install 'speechlint[serve]'`` (Starlette and uvicorn)."""
