"""Reports: the formatters (text, JSON, CI formats, HTML) and review comments in Word copies."""
