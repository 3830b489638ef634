#!/usr/bin/env python3
"""Runs otelflat over the adversarial inputs of `gen-traces.py adversarial` and checks each file's
exit code, --stats counters and every expected row (MANIFEST.tsv, EXPECTED.jsonl), in both
JSONEachRow time formats. The cases are about traces: the traces table goes to stdout and
other tables' rows are counted as unrouted.  Usage: check_adversarial.py OTELFLAT DIR"""
import collections, hashlib, json, re, subprocess, sys
B, D = sys.argv[1], sys.argv[2]
exp = collections.defaultdict(list)
for l in open(D + '/EXPECTED.jsonl', encoding='utf-8'):
    e = json.loads(l); exp[e['file']].append(e)
hdr = None; fails = 0; passes = 0
for line in open(D + '/MANIFEST.tsv', encoding='utf-8'):
    if line.startswith('#'): continue
    cols = line.rstrip('\n').split('\t')
    if hdr is None: hdr = cols; continue
    f, expectation, rows, rej, skp, basis, desc = cols
    for tf in ('text', 'ticks'):
        p = subprocess.run([B, '--stats', '--table', 'otel_traces_processed', '--time-format', tf, D + '/' + f], capture_output=True)
        err = p.stderr.decode('utf-8', 'replace')
        m = re.search(r'otelflat: stats: (.*)', err)
        st = dict(kv.split('=') for kv in m.group(1).split()) if m else {}
        probs = []
        kind, _, n = expectation.partition(':')
        want_rc = {'rows': 0, 'ok': 0, 'reject': 1, 'exit': int(n) if kind == 'exit' else None}[kind]
        if p.returncode != want_rc: probs.append('rc=%d want %d' % (p.returncode, want_rc))
        for col, key in ((rows, 'rows_written'), (rej, 'documents_rejected'), (skp, 'documents_skipped')):
            if col != '-' and st.get(key) != col: probs.append('%s=%s want %s' % (key, st.get(key), col))
        out = [json.loads(x) for x in p.stdout.decode('utf-8', 'surrogateescape').splitlines() if x.strip()] if kind != 'exit' else []
        er = [e for e in exp[f] if e['kind'] == 'row']
        if kind != 'exit' and len(out) == len(er):
            for e, got in zip(er, out):
                want = dict(e['row']); us = want.pop('timestamp_us')
                if tf == 'ticks': want['timestamp'] = us
                for k, v in want.items():
                    g = got.get(k)
                    if k == 'attributes':
                        if list(g.keys()) != list(v.keys()): probs.append('row %d attr keys %r want %r' % (e['index'], list(g.keys()), list(v.keys())))
                        for ak, av in v.items():
                            if 'attributes.' + ak in e['unchecked']: continue
                            gv = g.get(ak)
                            if isinstance(av, dict):
                                if gv is None or hashlib.md5(gv.encode()).hexdigest() != av['$md5']: probs.append('row %d attr %s md5 mismatch' % (e['index'], ak))
                            elif gv != av: probs.append('row %d attr %r=%r want %r' % (e['index'], ak, gv, av))
                    elif k in e['unchecked']: continue
                    elif g != v: probs.append('row %d %s=%r want %r' % (e['index'], k, g, v))
        if probs:
            fails += 1
            print('FAIL %s [%s, %s] %s' % (f, basis, tf, '; '.join(probs[:6])))
            if tf == 'text': print('     stderr:', err.strip().replace('\n', ' | ')[:400])
        else:
            passes += 1
print('%d passed, %d failed' % (passes, fails))
sys.exit(1 if fails or not passes else 0)
