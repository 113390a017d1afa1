"""``python -m skgan`` and the ``skgan`` console script."""

from ._cli import main

if __name__ == "__main__":
    raise SystemExit(main())
