"""xlpy: an office fund kept in Excel, validated, totalled and reported."""

__version__ = "0.1.0"
