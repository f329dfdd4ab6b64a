"""The one exception the domain raises when a contract rule is broken.

The web layer, the API and the CLI translate `code` (a stable snake_case string) into a
message in the user's language, filling it from `params`.
"""


class RuleViolation(Exception):
    def __init__(self, code: str, **params):
        super().__init__(code, params)
        self.code = code
        self.params = params

    def __str__(self) -> str:
        details = ", ".join(f"{key}={value}" for key, value in self.params.items())
        return f"{self.code}({details})"
