#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Holds N Server-Sent-Events connections to one URL for D seconds and counts the events each client
received (comment lines do not count). Prints one JSON line: clients, connected, min/max/total events
per client, and how many clients ended early.

usage: sse_clients.py PORT PATH CLIENTS SECONDS
"""
import asyncio
import json
import resource
import sys

port, path, clients, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, clients + 256)), hard))


async def client(counts, index, connected, ended):
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    try:
        status = await reader.readline()
        if b" 200 " not in status:
            return
        connected[0] += 1
        while True:
            line = await reader.readline()
            if not line:
                ended[0] += 1
                return
            if line.startswith(b"event: "):
                counts[index] += 1
    except (asyncio.CancelledError, ConnectionError):
        pass
    finally:
        writer.close()


async def main():
    counts = [0] * clients
    connected, ended = [0], [0]
    tasks = []
    for i in range(clients):
        tasks.append(asyncio.create_task(client(counts, i, connected, ended)))
        if i % 100 == 99:
            await asyncio.sleep(0.05)  # do not overflow the listen backlog
    await asyncio.sleep(seconds)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    print(json.dumps({"clients": clients, "connected": connected[0], "ended_early": ended[0],
                      "min_events": min(counts), "max_events": max(counts), "total_events": sum(counts)}))


asyncio.run(main())
