#!/usr/bin/env python
"""Django's command-line utility for taskapp."""

import os
import sys


def main():
    from config.settings import DEFAULT_SETTINGS_MODULE

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS_MODULE)
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
