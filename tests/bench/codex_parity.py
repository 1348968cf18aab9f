#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Per-day token parity of `ccusage codex daily` (20.0.24) with `agentmeter report daily --source codex`
on a generated CODEX_HOME, every difference attributed to a rule (docs/sources/codex.md, "Parity").

    codex_parity.py CCUSAGE_DAILY.json AGENTMETER_DAILY.json CORPUS [--db AGENTMETER.db]
                    [--ccusage-sessions CCUSAGE_SESSION.json] [--per-day]

References: the generator's per-day truth (CORPUS/corpus-summary.json: the tokens an importer must
store, and the part only compressed rollouts hold) and a model of ccusage's Codex reader, event by
event, whose rules were each confirmed on minimal rollouts (docs/sources/codex.md):

  P1  only `*.jsonl` is read (sessions/ and archived_sessions/), never `*.jsonl.zst`;
  P2  per rollout, every token_count whose thread total differs from the previous one is billed by
      its last_token_usage (so a stale snapshot, an older total shown again, is billed again);
  P3  a sub-agent or fork (`thread_spawn` or `forked_from_id`) skips its leading token_counts whose
      total is one of its parent's totals, when the parent is a `*.jsonl` it reads; and when its
      first two token_counts are less than a second apart, every leading one within a second of the
      first (the replay burst);
  P4  events are de-duplicated across files on (timestamp, model, the five numbers).

Each token_count the model bills is tagged by what it is in its thread: a request, a stale
snapshot, or replayed parent history (split by whether the parent is compressed). The identity
checked per day, in every field:

  ccusage - agentmeter = stale billed + replay billed - compressed requests
                         + (ccusage - model) + (truth - agentmeter) + (truth - compressed - requests billed)

The last three terms are the unexplained residual: the model misses ccusage, agentmeter misses the
truth, or ccusage misses a request of a rollout it reads. A day is explained when they are zero.
With --db and --ccusage-sessions the same is checked per thread: agentmeter's stored usage of the
thread against the requests the model bills in it, and ccusage's session report against the model.

Exit status 0 when every day (and thread) is explained, 1 otherwise.
"""
import argparse
import collections
import datetime
import json
import os
import re
import sqlite3
import subprocess
import sys

USAGE_KEYS = ('input_tokens', 'cached_input_tokens', 'output_tokens', 'reasoning_output_tokens', 'total_tokens')
PARENT = re.compile(rb'"parent_thread_id":"([^"]+)"')
FORK = re.compile(rb'"forked_from_id":"([^"]+)"')


def vec(u):
    return tuple(u.get(k, 0) or 0 for k in USAGE_KEYS) if u else None


def buckets(raw):
    """ccusage's buckets of one raw usage: cached clamped to input (P2), output incl. reasoning."""
    i, c, o, r, _ = raw
    c = min(c, i)
    return [i - c, c, o, r]


def add(a, b, sign=1):
    for k in range(4):
        a[k] += sign * b[k]


def millis(ts):
    return int(datetime.datetime.strptime(ts, '%Y-%m-%dT%H:%M:%S.%fZ')
               .replace(tzinfo=datetime.timezone.utc).timestamp() * 1000)


class Rollout:
    def __init__(self, path, compressed):
        self.path, self.compressed = path, compressed
        name = os.path.basename(path)
        self.thread = name[:name.index('.jsonl')][-36:]
        self.parent = None
        self.tokens = []  # (timestamp, model, total, last)
        data = (subprocess.run(['zstdcat', path], check=True, capture_output=True).stdout
                if compressed else open(path, 'rb').read())
        head = data[:16 * 1024]
        spawn = b'thread_spawn' in head and PARENT.search(head)
        fork = FORK.search(head)
        self.child = bool(spawn or fork)
        if self.child:
            self.parent = (spawn or fork).group(1).decode()
        model = None
        for line in data.split(b'\n'):
            if b'"turn_context"' in line:
                model = json.loads(line)['payload'].get('model') or model
            elif b'"token_count"' in line and b'"event_msg"' in line:
                o = json.loads(line)
                info = o['payload'].get('info') or {}
                total, last = vec(info.get('total_token_usage')), vec(info.get('last_token_usage'))
                if total or last:
                    self.tokens.append((o['timestamp'], model or 'gpt-5', total, last))


def load(corpus):
    """Every rollout, keyed by thread id; the copy Codex and agentmeter read wins (sessions/ over
    archived_sessions/, plain over .zst)."""
    by_thread = {}
    for sub in ('archived_sessions', 'sessions'):
        for d, _, names in os.walk(os.path.join(corpus, sub)):
            for n in sorted(names, key=lambda n: n.endswith('.zst'), reverse=True):
                if n.startswith('rollout-') and (n.endswith('.jsonl') or n.endswith('.jsonl.zst')):
                    r = Rollout(os.path.join(d, n), n.endswith('.zst'))
                    by_thread[r.thread] = r
    return by_thread


def classify(r, threads):
    """What each token_count of a rollout is in its thread: 'replay', 'replayOfCompressed',
    'request', 'stale' or 'reEmit'."""
    parent = threads.get(r.parent) if r.parent else None
    parent_totals = {t[2] for t in parent.tokens if t[2]} if parent else set()
    replay_kind = 'replayOfCompressed' if parent and parent.compressed else 'replay'
    tags, prev, high, counted, leading = [], None, None, set(), r.child
    for ts, model, total, last in r.tokens:
        if leading and total in parent_totals:
            tags.append(replay_kind)
            prev = high = total
            continue
        leading = False
        if total is not None and total == prev:
            tag = 'reEmit'
        elif total is not None and (total in counted or (high and total[4] < high[4] and total != last)):
            tag = 'stale'  # an older total shown again; a lower total equal to its own last is a reset
        else:
            tag = 'request'
            high = total if total is not None else high
            counted.add(total)
        tags.append(tag)
        prev = total if total is not None else prev
    return tags


def ccusage_model(threads):
    """The events ccusage bills (P1-P4), each with its file's thread and its tag, in ccusage's order."""
    plain = {t: r for t, r in threads.items() if not r.compressed}
    billed, seen = [], set()
    for r in sorted(plain.values(), key=lambda r: r.path):
        tags = classify(r, threads)
        parent = plain.get(r.parent) if r.child else None
        parent_totals = {t[2] for t in parent.tokens if t[2]} if parent else set()
        burst = None
        if r.child and len(r.tokens) >= 2 and millis(r.tokens[1][0]) - millis(r.tokens[0][0]) < 1000:
            burst = millis(r.tokens[0][0])
        skipping, prev = r.child, None
        for (ts, model, total, last), tag in zip(r.tokens, tags):
            if skipping and ((total in parent_totals) or (burst is not None and millis(ts) - burst < 1000)):
                prev = total if total is not None else prev
                continue
            skipping = False
            if last is not None:
                raw = last
            else:
                raw = tuple(max(0, a - b) for a, b in zip(total, prev or (0,) * 5))
            unchanged = total is not None and total == prev
            prev = total if total is not None else prev
            if unchanged or not any(raw[:4]):
                continue
            key = (ts, model, raw[0], min(raw[1], raw[0]), raw[2], raw[3], raw[4])
            if key in seen:
                continue
            seen.add(key)
            billed.append((ts[:10], r.thread, tag, buckets(raw)))
    return billed


def daily(path, agentmeter):
    out = {}
    for d in json.load(open(path))['daily']:
        if agentmeter:
            out[d['date']] = [d['inputTokens'], d['cacheReadTokens'], d['outputTokens'] + d['reasoningTokens'],
                              d['reasoningTokens']]
        else:
            out[d['date']] = [d['inputTokens'], d['cacheReadTokens'], d['outputTokens'], d['reasoningOutputTokens']]
    return out


def summary_vec(counts):
    """A corpus-summary.json bucket set in ccusage's fields."""
    g = lambda f: counts.get(f, 0)
    return [g('input'), g('cacheRead'), g('output') + g('reasoning'), g('reasoning')]


def sub(a, b):
    return [x - y for x, y in zip(a, b)]


def fmt(v):
    return '[%s]' % ', '.join('%d' % x for x in v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('ccusage_daily')
    ap.add_argument('agentmeter_daily')
    ap.add_argument('corpus')
    ap.add_argument('--db', help='agentmeter database of the same run (per-thread check)')
    ap.add_argument('--ccusage-sessions', help='ccusage codex session --json output (per-thread check)')
    ap.add_argument('--per-day', action='store_true', help='print every day\'s difference and rule terms')
    a = ap.parse_args()

    cc, am = daily(a.ccusage_daily, False), daily(a.agentmeter_daily, True)
    summary = json.load(open(os.path.join(a.corpus, 'corpus-summary.json')))['days']
    threads = load(a.corpus)
    billed = ccusage_model(threads)

    zero = lambda: [0] * 4
    model, by_tag = collections.defaultdict(zero), collections.defaultdict(lambda: collections.defaultdict(zero))
    for day, _, tag, v in billed:
        add(model[day], v)
        add(by_tag[tag][day], v)
    rules = [
        ('stale', 'stale snapshots billed again by ccusage (P2)', +1, lambda d: by_tag['stale'][d]),
        ('replayCompressedParent', 'replayed history of a compressed parent, billed by ccusage (P3 cannot match it)',
         +1, lambda d: by_tag['replayOfCompressed'][d]),
        ('replayPlainParent', 'replayed history of a plain parent, billed by ccusage', +1,
         lambda d: by_tag['replay'][d]),
        ('compressed', 'requests in compressed rollouts, not read by ccusage (P1)', -1,
         lambda d: summary_vec(summary.get(d, {}).get('compressed', {}))),
    ]
    totals = {name: zero() for _, name, _, _ in rules}
    tot_cc, tot_am, unexplained, identical, per_day = zero(), zero(), [], 0, []
    days = sorted(set(cc) | set(am) | set(summary))
    for d in days:
        c, m = cc.get(d, zero()), am.get(d, zero())
        add(tot_cc, c)
        add(tot_am, m)
        diff = sub(c, m)
        identical += not any(diff)
        explained, terms = zero(), []
        for _, name, sign, term in rules:
            add(totals[name], term(d), sign)
            add(explained, term(d), sign)
            terms.append('%s%s' % ('+' if sign > 0 else '-', fmt(term(d))))
        per_day.append('%s %s = %s' % (d, fmt(diff), ' '.join(terms)))
        if any(sub(diff, explained)):
            truth = summary_vec(summary.get(d, {}))
            unexplained.append('%s: ccusage - agentmeter %s, rules %s; ccusage - model %s, truth - agentmeter %s, '
                               'requests of plain rollouts the model misses %s' % (
                                   d, fmt(diff), fmt(explained), fmt(sub(c, model[d])), fmt(sub(truth, m)),
                                   fmt(sub(sub(truth, rules[-1][3](d)), by_tag['request'][d]))))

    print('days: %d, identical: %d, explained exactly by the rules: %d, unexplained: %d'
          % (len(days), identical, len(days) - len(unexplained), len(unexplained)))
    print('fields: [fresh input, cache read, output incl. reasoning, reasoning]')
    print('  ccusage     %s' % fmt(tot_cc))
    print('  agentmeter  %s' % fmt(tot_am))
    print('  difference  %s' % fmt(sub(tot_cc, tot_am)))
    for _, name, sign, _ in rules:
        print('  %s %s' % ('+' if sign > 0 else '-', name))
        print('              %s' % fmt(totals[name]))
    if a.per_day:
        print('per day: difference = ' + ' '.join('%s%s' % ('+' if sign > 0 else '-', label)
                                                 for label, _, sign, _ in rules))
        for line in per_day:
            print('  ' + line)
    for line in unexplained:
        print('  UNEXPLAINED ' + line)

    bad_threads = check_threads(a, threads, billed) if a.db and a.ccusage_sessions else 0
    return 1 if unexplained or bad_threads else 0


def check_threads(a, threads, billed):
    """Per thread: agentmeter's stored usage = the thread's requests (its own token_counts whose total
    grew, billed by last_token_usage), and ccusage's session report = the model's events of that file."""
    model = collections.defaultdict(lambda: [0] * 4)
    for _, thread, _, v in billed:
        add(model[thread], v)
    db = sqlite3.connect('file:%s?mode=ro' % a.db, uri=True)
    am = {ext: [i, c, o + r, r] for ext, i, c, o, r in db.execute(
        'SELECT s.external_id, SUM(u.input_tokens), SUM(u.cache_read_tokens), SUM(u.output_tokens), '
        'SUM(u.reasoning_tokens) FROM usage_records u JOIN sessions s ON s.id = u.session_id '
        "JOIN sources src ON src.id = s.source_id WHERE src.name = 'codex' GROUP BY s.external_id")}
    cc = {s['sessionFile'][-36:]: [s['inputTokens'], s['cacheReadTokens'], s['outputTokens'],
                                   s['reasoningOutputTokens']]
          for s in json.load(open(a.ccusage_sessions))['sessions']}
    bad = []
    for thread, r in sorted(threads.items()):
        requests = [0] * 4
        for (_, _, total, last), tag in zip(r.tokens, classify(r, threads)):
            if tag == 'request':
                add(requests, buckets(last or total))
        got = am.get(thread, [0] * 4), cc.get(thread, [0] * 4)
        if got != (requests, model[thread]):
            bad.append('%s%s: agentmeter %s, requests %s; ccusage %s, model %s' % (
                thread, ' (compressed)' if r.compressed else '', fmt(got[0]), fmt(requests), fmt(got[1]),
                fmt(model[thread])))
    print('threads: %d (%d compressed); agentmeter = the thread\'s requests and ccusage = the model in '
          '%d, not in %d' % (len(threads), sum(r.compressed for r in threads.values()), len(threads) - len(bad),
                             len(bad)))
    for line in bad[:20]:
        print('  UNEXPLAINED thread ' + line)
    return len(bad)


if __name__ == '__main__':
    sys.exit(main())
