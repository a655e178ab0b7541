"""Settings: ``base`` holds everything shared; ``dev``, ``demo``, ``test`` and
``production`` each change only what differs for that use."""
