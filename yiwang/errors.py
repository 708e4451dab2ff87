"""The one domain error. Services raise it; pages show its message; the API returns its code."""


class ActionRefused(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self):
        return str(self.message)
