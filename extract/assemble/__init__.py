"""Assembly: from recognised mentions and the outline to a :class:`~extract.core.models.Notice`."""

from extract.assemble.notice import assemble_notice

__all__ = ["assemble_notice"]
