"""HaloError: a mistake the user can fix, reported as one sentence that says what to do."""


class HaloError(Exception):
    """Raised for errors a user can cause (unknown task, site down, no Chromium, bad config...).

    The message is one sentence that says what to do; the CLI prints it without a traceback.
    """
