"""Plain HTTP, no TLS anywhere: Docker Compose and the lab clusters use this profile.

It is `base` as is; only `production` adds the settings for TLS terminated in front.
"""

from .base import *  # noqa: F403
