#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The evidence for the rules codex_parity.py models: minimal CODEX_HOMEs, each run through
`ccusage codex daily --json --offline`, with the tokens each rule predicts.

    ccusage_codex_rules.py CCUSAGE_BINARY

Every request bills a distinct power of two of input tokens (1000, 2000, 4000, 8000, no cache), so
the fresh input ccusage reports names exactly which requests it billed. Exit status 1 when ccusage
does not do what a rule says (a newer ccusage may; then codex_parity.py's model needs the change).
"""
import json
import os
import subprocess
import sys
import tempfile

PARENT = '01a00000-0000-7000-8000-000000000001'
CHILD = '01a00000-0000-7000-8000-000000000002'
OTHER = '01a00000-0000-7000-8000-000000000003'


def usage(n):
    return {'input_tokens': n, 'cached_input_tokens': 0, 'output_tokens': n // 100,
            'reasoning_output_tokens': 0, 'total_tokens': n + n // 100}


def total(*ns):
    return usage(sum(ns))


def line(ts, kind, payload):
    return json.dumps({'timestamp': '2026-05-04T' + ts + 'Z', 'type': kind, 'payload': payload},
                      separators=(',', ':'))


def meta(ts, thread, parent=None, fork=None):
    p = {'id': thread, 'timestamp': '2026-05-04T' + ts + 'Z', 'cwd': '/w', 'cli_version': '0.142.5',
         'model_provider': 'openai', 'source': 'cli'}
    if parent:
        p['source'] = {'subagent': {'thread_spawn': {'parent_thread_id': parent, 'depth': 1}}}
    if fork:
        p['forked_from_id'] = fork
    return line(ts, 'session_meta', p)


def model(ts):
    return line(ts, 'turn_context', {'model': 'gpt-5.4'})


def tokens(ts, tot, last):
    return line(ts, 'event_msg', {'type': 'token_count', 'info': {'total_token_usage': tot,
                                                                   'last_token_usage': last}})


# A parent with three requests; its second follows its first by 400 ms across a second boundary.
PARENT_ROLLOUT = [meta('09:00:00.000', PARENT), model('09:00:00.100'),
                  tokens('10:00:00.900', total(1000), usage(1000)),
                  tokens('10:00:01.300', total(1000, 2000), usage(2000)),
                  tokens('10:00:20.000', total(1000, 2000, 4000), usage(4000))]
# Its sub-agent, replaying that history with the original times, then one request of its own.
CHILD_ORIGINAL_TIMES = [meta('10:01:00.000', CHILD, parent=PARENT), model('09:00:00.100')] + PARENT_ROLLOUT[2:] + [
    model('10:01:01.000'), tokens('10:05:00.000', total(1000, 2000, 4000, 8000), usage(8000))]
# A parent with one request, and a sub-agent replaying it with the time rewritten to its creation.
SHORT_PARENT = [meta('09:00:00.000', PARENT), model('09:00:00.100'), tokens('09:00:05.000', total(1000), usage(1000))]
CHILD_REWRITTEN = [meta('10:00:00.000', CHILD, parent=PARENT), model('10:00:00.000'),
                   tokens('10:00:00.005', total(1000), usage(1000)), model('10:00:02.000'),
                   tokens('10:00:30.000', total(1000, 2000), usage(2000))]


def later(rows, old, new):
    return [r.replace(old, new) for r in rows]


# (name, the rule and what it predicts, expected fresh input, {thread: (rows, compressed)})
CASES = [
    ('P1 compressed rollout', 'a .jsonl.zst is not read: 0',
     0, {OTHER: ([meta('10:00:00.000', OTHER), model('10:00:00.100'), tokens('10:00:10.000', total(1000), usage(1000))], True)}),
    ('P2 stale snapshot and re-emit', 'total differs from the previous one: billed by last, so the '
     'older total shown again bills its request twice and the unchanged re-emit not at all: 1000+2000+1000',
     4000, {OTHER: ([meta('10:00:00.000', OTHER), model('10:00:00.100'),
                     tokens('10:00:10.000', total(1000), usage(1000)),
                     tokens('10:00:20.000', total(1000, 2000), usage(2000)),
                     tokens('10:00:21.000', total(1000, 2000), usage(2000)),
                     tokens('10:00:22.000', total(1000), usage(1000))], False)}),
    ('P3 replay of a plain parent', "the child's leading totals found in the parent's rollout are skipped: "
     '1000 (parent) + 2000 (child)', 3000, {PARENT: (SHORT_PARENT, False), CHILD: (CHILD_REWRITTEN, False)}),
    ('P3 replay without the parent', 'nothing to match: 1000 (replay) + 2000', 3000,
     {CHILD: (CHILD_REWRITTEN, False)}),
    ('P3 replay of a compressed parent', 'the parent is not read, so not matched: 1000 (replay) + 2000', 3000,
     {PARENT: (SHORT_PARENT, True), CHILD: (CHILD_REWRITTEN, False)}),
    ('P3 parent total at another time', 'matched by total, whatever the time: 1000 (parent) + 8000', 9000,
     {PARENT: (SHORT_PARENT, False),
      CHILD: ([meta('10:00:00.000', CHILD, parent=PARENT), model('10:00:00.000'),
               tokens('10:00:30.000', total(1000), usage(1000)),
               tokens('10:00:40.000', total(1000, 8000), usage(8000))], False)}),
    ('P3 burst 400 ms across a second', 'first two token_counts < 1 s apart: the leading ones within 1 s '
     'of the first are skipped: 4000 + 8000', 12000,
     {PARENT: (PARENT_ROLLOUT, True), CHILD: (CHILD_ORIGINAL_TIMES, False)}),
    ('P3 no burst at 1050 ms', 'first two 1050 ms apart: nothing skipped: 1000+2000+4000+8000', 15000,
     {PARENT: (later(PARENT_ROLLOUT, '10:00:01.300', '10:00:01.950'), True),
      CHILD: (later(CHILD_ORIGINAL_TIMES, '10:00:01.300', '10:00:01.950'), False)}),
    ('P3 burst in a fork', 'a fork (forked_from_id, no thread_spawn) gets the burst rule too: 4000', 4000,
     {CHILD: ([meta('10:00:00.000', CHILD, fork=PARENT), model('10:00:00.000'),
               tokens('10:00:00.005', total(1000), usage(1000)),
               tokens('10:00:00.005', total(1000, 2000), usage(2000)), model('10:00:02.000'),
               tokens('10:00:30.000', total(1000, 2000, 4000), usage(4000))], False)}),
    ('P4 same event in two files', 'de-duplicated on (time, model, numbers): 1000', 1000,
     {t: ([meta('10:00:00.000', t), model('10:00:00.100'), tokens('10:00:10.000', total(1000), usage(1000))], False)
      for t in (PARENT, OTHER)}),
]


def run(ccusage, home):
    env = {k: v for k, v in os.environ.items() if k != 'CODEX_HOME'}
    env.update(HOME=os.path.join(home, 'home'), CODEX_HOME=home)
    out = subprocess.run([ccusage, 'codex', 'daily', '--json', '--offline', '--timezone', 'UTC'], env=env,
                         check=True, capture_output=True, text=True).stdout
    return sum(d['inputTokens'] for d in json.loads(out)['daily'])


def main():
    ccusage = sys.argv[1]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (name, rule, expected, rollouts) in enumerate(CASES):
            home = os.path.join(tmp, str(i))
            folder = os.path.join(home, 'sessions', '2026', '05', '04')
            os.makedirs(folder)
            os.makedirs(os.path.join(home, 'home'))
            for thread, (rows, compressed) in rollouts.items():
                path = os.path.join(folder, 'rollout-2026-05-04T10-00-00-%s.jsonl' % thread)
                with open(path, 'w') as f:
                    f.write('\n'.join(rows) + '\n')
                if compressed:
                    subprocess.run(['zstd', '-q', '--rm', path], check=True)
            got = run(ccusage, home)
            ok = got == expected
            failed += not ok
            print('%-4s %-34s ccusage %5d, rule %5d  (%s)' % ('ok' if ok else 'FAIL', name, got, expected, rule))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
