"""Assembly: from recognised mentions and the outline to a :class:`~extract.core.models.Notice`."""

from extract.assemble.notice import Document, assemble_notice, dating

__all__ = ["Document", "assemble_notice", "dating"]
