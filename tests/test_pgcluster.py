"""The throwaway PostgreSQL cluster the store's tests run against: it starts, serves both roles, restarts."""

import psycopg
from pgcluster import APP, OWNER


def test_the_cluster_serves_the_owner_and_the_app_role(postgres_cluster, postgres_database):
    for role in (OWNER, APP):
        with psycopg.connect(postgres_cluster.url(postgres_database, role)) as connection:
            assert connection.execute("SELECT current_user").fetchone() == (role,)


def test_the_cluster_comes_back_after_a_restart(postgres_cluster, postgres_database):
    url = postgres_cluster.url(postgres_database, OWNER)
    with psycopg.connect(url) as connection:
        before = connection.execute("SELECT pg_postmaster_start_time()").fetchone()
    postgres_cluster.pg_ctl("restart", "-m", "fast")
    with psycopg.connect(url) as connection:
        assert connection.execute("SELECT pg_postmaster_start_time()").fetchone() > before
