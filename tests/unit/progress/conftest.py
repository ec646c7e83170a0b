"""``store_backend``: the one fixture that runs a store test on SQLite and again on PostgreSQL.

A test module opts in with ``pytestmark = pytest.mark.usefixtures("store_backend")``: every test in it then
runs twice, and ``open_store()`` (which every command uses) opens the backend of that run. On PostgreSQL each
test gets a fresh database whose schema was made by the owner role, and connects as the app role, which may
not change or delete the record: the deployment docs/deploy.md describes.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import Any

import psycopg
import pytest
from pgcluster import APP, OWNER, Cluster

from gdtutor.progress.learner import database_path
from gdtutor.progress.postgres import PostgresStore
from gdtutor.progress.stores import STORE_ENV, Store, open_store


@dataclass(frozen=True)
class Backend:
    name: str  # "sqlite" | "postgresql"
    cluster: Cluster | None = None
    database: str | None = None

    @property
    def url(self) -> str | None:
        """What servers connect with (the app role); None on SQLite."""
        return None if self.cluster is None else self.cluster.url(self.database, APP)

    @property
    def owner_url(self) -> str:
        assert self.cluster is not None
        return self.cluster.url(self.database, OWNER)

    @property
    def integrity_error(self) -> type[Exception]:
        """What the database raises when a trigger refuses a change."""
        return sqlite3.IntegrityError if self.cluster is None else psycopg.errors.IntegrityConstraintViolation

    def open(self, learner: str | None = None) -> Store:
        return open_store(learner)

    def query(self, statement: str, learner: str = "test-learner") -> list[tuple[Any, ...]]:
        """``statement`` run directly on the learner's database (as the schema owner on PostgreSQL)."""
        if self.cluster is None:
            with closing(sqlite3.connect(database_path(learner), isolation_level=None)) as connection:
                return connection.execute(statement).fetchall()
        with psycopg.connect(self.owner_url, autocommit=True) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description else []


@pytest.fixture(params=["sqlite", "postgresql"])
def store_backend(request, monkeypatch) -> Backend:
    if request.param == "sqlite":
        return Backend("sqlite")
    cluster = request.getfixturevalue("postgres_cluster")
    backend = Backend("postgresql", cluster, cluster.new_database())
    PostgresStore.open(backend.owner_url, "schema-setup").close()  # the owner makes the schema
    monkeypatch.setenv(STORE_ENV, backend.url)
    return backend
