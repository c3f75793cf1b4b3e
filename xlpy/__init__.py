"""xlpy: an office fund kept in Excel, validated, totalled and reported."""

from pathlib import Path

__version__ = "0.2.0"  # the one place: pyproject.toml reads it (dynamic version)

# schemas/ and templates/ sit beside this folder in a checkout (the design card)
# and are installed as xlpy.schemas and xlpy.templates. When Python finds this
# folder before the installed package (`python -m xlpy` from the repository
# root), let it find those two in the checkout as well.
_checkout = Path(__file__).resolve().parent.parent
if not Path(__file__).with_name("schemas").is_dir() and (_checkout / "schemas" / "__init__.py").is_file():
    __path__.append(str(_checkout))
