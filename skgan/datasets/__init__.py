"""Real tables bundled with skgan, loadable offline."""

from ._adult import load_adult

__all__ = ["load_adult"]
