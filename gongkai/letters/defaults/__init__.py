"""The shipped default letter templates (plain text; see gongkai.letters.render)."""
