"""The speed seam: patterns compiled on first use and kept between runs, the prefilter that
skips scans a draft cannot match, and the optional C twins of the hottest scans. Nothing here
knows of findings or of the document's structure."""
