"""Gomail, a Gmail-like mail client (REAL v2 site `gomail`). Placeholder until the replica lands."""
from __future__ import annotations

from fastapi import APIRouter

from halo_lib.sites.framework import Replica


class Gomail(Replica):
    name = "gomail"
    title = "Gomail"

    def initial_state(self, task_id: str):
        return {"email": {"emails": {}}, "ui": {"snackbar": {"message": ""}}}

    def register(self, router: APIRouter) -> None:
        pass
