"""Builders that make real .pdf/.docx/.html files from the corpus seeds at test time."""
