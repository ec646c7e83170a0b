"""Who is connected now: the server's live-session markers, and the dashboard and report reading them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from fixtures.classroom import settled_watch

from gdtutor.classroom.folder import ClassFolder
from gdtutor.classroom.live_sessions import (
    HEARTBEAT_SECONDS,
    STALE_AFTER_SECONDS,
    LiveMarkers,
    connected_learners,
    is_served,
    process_start,
)
from gdtutor.classroom.report import report_on
from gdtutor.classroom.tables import report_data, text_lines

A_SERVER = """
import sys
from pathlib import Path
from gdtutor.classroom.live_sessions import LiveMarkers
LiveMarkers(Path(sys.argv[1])).begin("ana", 4242)
print("marked", flush=True)
sys.stdin.read()
"""


def test_a_session_counts_from_its_start_to_its_end(tmp_path):
    markers = LiveMarkers(tmp_path)
    assert not is_served(tmp_path) and connected_learners(tmp_path) == frozenset()
    marker = markers.begin("Ana Lee", 1234)
    assert marker is not None and oct(marker.stat().st_mode & 0o777) == "0o600"
    assert is_served(tmp_path)
    connected = connected_learners(tmp_path)
    assert "Ana Lee" in connected and "ana_lee~" in " ".join(connected)  # by name and by store file stem
    markers.end(marker)
    assert connected_learners(tmp_path) == frozenset() and is_served(tmp_path)


def test_a_killed_servers_markers_stop_counting_and_the_next_server_clears_them(tmp_path):
    server = subprocess.Popen(
        [sys.executable, "-c", A_SERVER, str(tmp_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None and server.stdout.readline() == "marked\n"
        assert connected_learners(tmp_path) == {"ana"}
        server.send_signal(signal.SIGKILL)
        server.wait(10)
    finally:
        server.kill()
        server.wait()
    left = list(ClassFolder(tmp_path).live.iterdir())
    assert len(left) == 1  # SIGKILL removed nothing ...
    assert connected_learners(tmp_path) == frozenset()  # ... but its server is gone
    assert LiveMarkers(tmp_path).clear_stale() == 1
    assert list(ClassFolder(tmp_path).live.iterdir()) == []


def test_a_reused_process_id_is_not_the_server_that_wrote_the_marker(tmp_path):
    marker = LiveMarkers(tmp_path).begin("ana", 1)
    assert marker is not None
    record = json.loads(marker.read_text())
    assert record["server_started"] == process_start(os.getpid())
    marker.write_text(json.dumps({**record, "server_started": record["server_started"] - 1}))
    assert connected_learners(tmp_path) == frozenset()


def test_without_a_heartbeat_a_marker_goes_stale_and_the_heartbeat_keeps_it(tmp_path):
    markers = LiveMarkers(tmp_path)
    marker = markers.begin("ana", 1)
    assert marker is not None
    old = time.time() - STALE_AFTER_SECONDS - 1
    os.utime(marker, (old, old))
    assert connected_learners(tmp_path) == frozenset()
    markers.heartbeat()  # too soon after the last beat: nothing touched
    assert connected_learners(tmp_path) == frozenset()
    markers._last_beat -= HEARTBEAT_SECONDS
    markers.heartbeat()
    assert connected_learners(tmp_path) == {"ana"}


def test_a_marker_from_another_machine_counts_while_its_heartbeat_is_fresh(tmp_path):
    folder = ClassFolder(tmp_path).live
    folder.mkdir()
    marker = folder / "1-2.json"
    record = {
        "learner": "bo",
        "host": "another-machine",
        "server_pid": 1,
        "server_started": 1,
        "session_pid": 2,
    }
    marker.write_text(json.dumps(record))
    (folder / "3-4.json").write_text("{half writ")
    assert connected_learners(tmp_path) == {"bo"}
    old = time.time() - STALE_AFTER_SECONDS - 1
    os.utime(marker, (old, old))
    assert connected_learners(tmp_path) == frozenset()


def test_in_a_served_class_active_means_connected_now(class_copy):
    folder, ledger = class_copy
    unserved = settled_watch(folder, ledger.now)
    answered_lately = {learner.name for learner in unserved.learners() if unserved.is_active(learner)}
    assert answered_lately, "the made class has learners who answered in the last minutes"

    quiet = next(learner.name for learner in unserved.learners() if learner.name not in answered_lately)
    markers = LiveMarkers(folder)
    marker = markers.begin(quiet, 99)  # connected, but has not answered lately
    watch = settled_watch(folder, ledger.now)
    assert [learner.name for learner in watch.learners() if watch.is_active(learner)] == [quiet]
    markers.end(marker)
    assert watch.poll() is True  # the session ending is news for the dashboard
    assert not any(watch.is_active(learner) for learner in watch.learners())


def test_the_report_names_who_is_connected_now_in_a_served_class(class_copy):
    folder, _ = class_copy
    report, _ = report_on(folder)
    assert report.connected is None and report_data(report)["connected"] is None
    assert not any(line.startswith("Connected now") for line in text_lines(report))

    LiveMarkers(folder).begin("ben", 99)
    LiveMarkers(folder).begin("someone-without-a-store", 98)
    report, _ = report_on(folder)
    assert report.connected == ("ben",)
    assert report_data(report)["connected"] == ["ben"]
    assert text_lines(report)[-1] == "Connected now: ben"
