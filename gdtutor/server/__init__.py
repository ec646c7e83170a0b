"""``gdtutor serve``: the tutor over SSH for a whole class, one process per session on its own PTY.

Imported only by ``gdtutor.commands.serve`` (asyncssh is the optional ``[server]`` extra):

- ``sshserver``  one connection: the roster's keys, the refusals
- ``session``    one session: a child on a PTY, bytes relayed, window changes, the exit status
- ``service``    the class: roster reloads, caps, idle clock, SIGTERM drain, SIGHUP reload
- ``forkserver`` the warm parent that forks every session's child; ``spawner`` its server-side handle
- ``child``      what a forked child does: terminal, environment, limits, then the tutor
- ``environment``, ``ratelimit``, ``connlog``, ``hostkey``, ``settings``: one job each
- ``main``       putting it together: ``serve(settings)``
"""
