"""VBA sources of the workbook (ASCII), installed with the package for `xlpy init`."""
