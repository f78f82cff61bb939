"""The presenter link: a running deck and `chapterdeck notes` talking over a Unix socket.

Pure asyncio and the standard library (no Textual), so both sides share one small protocol:
newline-delimited JSON messages over a socket in the user's private runtime folder.
"""
