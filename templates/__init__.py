"""The report templates (.docx), installed as xlpy.templates."""
