"""``python -m phiscope``."""

from phiscope.cli.main import main

if __name__ == "__main__":
    main()
