"""``python -m partner_rules``: the ``partner-rules`` command."""

from ._cli import main

if __name__ == "__main__":
    main()
