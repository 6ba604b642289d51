"""A draft as text and structure: the source, the readers that produce it (plain text,
Markdown, Word), and the parser that reads it into a section tree with its genre."""
