"""Offline replicas of REAL sites, graded by agisdk's own v2 eval scripts.

Every REAL v2 site has a replica, a sub-package holding its app, seed data, templates and the scripted expert
for its tasks: omnizon/ (Amazon), gomail/ (Gmail), dashdish/ (DoorDash), opendining/ (OpenTable), gocalendar/
(Google Calendar), marrisuite/ (Marriott), staynb/ (Airbnb), zilloft/ (Zillow), networkin/ (LinkedIn), topwork/
(Upwork), udriver/ (Uber). Each also declares its task families (`families.py`: generated training tasks with strict
checkers and page-driven experts, see halo_lib/generated). framework.py is what they share (sessions, /config + /finish), diff.py the state
diffs, expert.py the expert's vocabulary, server.py serves them all on loopback, one port per site.

    halo sites serve                     # from a shell
    python -m halo_lib.sites.server      # the same
"""

from __future__ import annotations

import importlib

# Order fixes each replica's port: SitesConfig.base_port + index.
REPLICAS: dict[str, str] = {
    "omnizon": "halo_lib.sites.omnizon.app:Omnizon",
    "gomail": "halo_lib.sites.gomail.app:Gomail",
    "dashdish": "halo_lib.sites.dashdish.app:Dashdish",
    "opendining": "halo_lib.sites.opendining.app:OpenDining",
    "gocalendar": "halo_lib.sites.gocalendar.app:Gocalendar",
    "marrisuite": "halo_lib.sites.marrisuite.app:Marrisuite",
    "staynb": "halo_lib.sites.staynb.app:Staynb",
    "zilloft": "halo_lib.sites.zilloft.app:Zilloft",
    "networkin": "halo_lib.sites.networkin.app:Networkin",
    "topwork": "halo_lib.sites.topwork.app:Topwork",
    "udriver": "halo_lib.sites.udriver.app:Udriver",
}


def replica_names() -> list[str]:
    return list(REPLICAS)


def load_replica(name: str):
    """Instantiate the replica class registered under `name`."""
    module_name, _, class_name = REPLICAS[name].partition(":")
    return getattr(importlib.import_module(module_name), class_name)()


def local_urls(host: str = "127.0.0.1", base_port: int = 8601) -> dict[str, str]:
    """Base URL of each replica (no trailing slash: agisdk appends '/config' and '/finish')."""
    return {name: f"http://{host}:{base_port + index}" for index, name in enumerate(REPLICAS)}
