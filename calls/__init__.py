"""Calls with windows (征集/申报通知), shared by every program (local standards, pilots, subsidies…).

A call stands on its own: a process's record points at the call it answers (a foreign key to
`calls.Call` on the process model), so "applications to this call" is one indexed filter and the
call's scope (public, except withdrawn ones) never depends on the applications. Programs are a
registry the processes fill (`calls.programs.register_program`), not a hard-coded list: a new
program needs no migration. Process actions ask `calls.guards.call_window_open(call)` whether the
window is open; it returns the reason in Chinese when it is not.
"""
