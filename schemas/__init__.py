"""pandera schemas: every rule of the workbook contract, and nothing else."""

from xlpy.schemas import contributions, members, spending

__all__ = ["contributions", "members", "spending"]
