#!/usr/bin/env python3
"""Inputs at and past the limits, through the real binary: every truncation point of a document
(compact and pretty), every value of a document replaced by every wrong JSON type, a 100 MB
string, a 2 GB single line streamed through stdin, nesting 100,000 deep, random bytes. For each:
no crash (the test build runs under ASan/UBSan, which abort on a fault), no hang (a timeout),
bounded memory (peak RSS of the process), the counters add up, and every rejected document has a
clear reason in the dead letter.  Usage: test_limits.py OTELFLAT WORKDIR"""
import json, os, random, subprocess, sys, tempfile, threading

BIN, WORK = sys.argv[1], sys.argv[2]
# In the sanitizer build, freed memory would sit in ASan's quarantine (256 MB) and count as
# resident: keep it small, so peak RSS measures what otelflat holds.
os.environ['ASAN_OPTIONS'] = ':'.join(x for x in (os.environ.get('ASAN_OPTIONS', ''), 'quarantine_size_mb=8') if x)
os.makedirs(WORK, exist_ok=True)
passes = fails = 0
peaks = []  # (case, peak RSS MB), printed at the end


def check(name, ok, detail=''):
    global passes, fails
    if 'peak RSS' in name:
        peaks.append((name, float(name.split('peak RSS ')[1].split(' MB')[0])))
    if ok:
        passes += 1
    else:
        fails += 1
        print('FAIL: %s %s' % (name, detail))


def run(args, stdin_path=None, feed=None, timeout=600):
    """Runs otelflat; returns (rc, stdout bytes, stderr text, peak RSS in MB). `feed` is a
    function that writes the input to a pipe (for inputs too large to keep anywhere)."""
    out = tempfile.TemporaryFile(dir=WORK)
    err = tempfile.TemporaryFile(dir=WORK)
    stdin = open(stdin_path, 'rb') if stdin_path else (subprocess.PIPE if feed else subprocess.DEVNULL)
    # Peak RSS from /usr/bin/time: a child forked from this (large) Python process would
    # report Python's own pages as its high-water mark.
    rss_file = os.path.join(WORK, 'rss')
    p = subprocess.Popen(['/usr/bin/time', '-f', '%M', '-o', rss_file, BIN] + args, stdin=stdin, stdout=out, stderr=err)
    writer = None
    if feed:
        def pump():
            try:
                feed(p.stdin)
            except BrokenPipeError:
                pass
            finally:
                try:
                    p.stdin.close()
                except BrokenPipeError:
                    pass
        writer = threading.Thread(target=pump)
        writer.start()
    timer = threading.Timer(timeout, p.kill)
    timer.start()
    p.wait()
    timer.cancel()
    if writer:
        writer.join()
    out.seek(0)
    err.seek(0)
    with open(rss_file) as f:
        rss_kib = int(f.read().split()[-1])
    return p.returncode, out.read(), err.read().decode('utf-8', 'replace'), rss_kib / 1024


def stats_of(stderr):
    for line in reversed(stderr.splitlines()):
        if line.startswith('{"documents"'):
            return json.loads(line)
    return {}


def balanced(s):
    return (s.get('documents') == s.get('documents_converted', 0) + s.get('documents_rejected', 0) + s.get('documents_skipped', 0)
            and s.get('spans', 0) + s.get('log_records', 0) + s.get('data_points', 0) ==
            s.get('rows_written', 0) + s.get('rows_filtered', 0) + s.get('rows_unrouted', 0))


def dead_letters(path):
    with open(path, encoding='utf-8') as f:
        return [json.loads(l) for l in f if l.strip()]


def attr(key, value):
    return {'key': key, 'value': value}


# A document with every kind of value the decoder reads: ids, times, enums, every AnyValue
# type, events, links, status.
DOC = {'resourceSpans': [{
    'resource': {'attributes': [attr('service.name', {'stringValue': 'cart'}), attr('pid', {'intValue': '42'})]},
    'scopeSpans': [{
        'scope': {'name': 'lib', 'version': '1.0', 'attributes': [attr('s', {'boolValue': True})]},
        'spans': [{
            'traceId': '5b8efff798038103d269b633813fc60c', 'spanId': 'eee19b7ec3c1b174', 'parentSpanId': 'eee19b7ec3c1b173',
            'traceState': 'a=b', 'name': 'GET /cart', 'kind': 'SPAN_KIND_SERVER', 'flags': 1,
            'startTimeUnixNano': '1700000000000000000', 'endTimeUnixNano': 1700000000250000000,
            'attributes': [attr('d', {'doubleValue': 1.5}), attr('b', {'bytesValue': 'AQID'}),
                           attr('a', {'arrayValue': {'values': [{'intValue': 1}, {'stringValue': 'x'}]}}),
                           attr('k', {'kvlistValue': {'values': [attr('n', {'doubleValue': 2})]}})],
            'events': [{'timeUnixNano': '1700000000100000000', 'name': 'e', 'attributes': [attr('ea', {'stringValue': 'v'})]}],
            'links': [{'traceId': '5b8efff798038103d269b633813fc60d', 'spanId': 'eee19b7ec3c1b170', 'attributes': []}],
            'status': {'code': 'STATUS_CODE_ERROR', 'message': 'boom'}}]}]}]}
COMPACT = json.dumps(DOC, separators=(',', ':'))
PRETTY = json.dumps(DOC, indent=2)
ROWS_OF_DOC = 1

# 1. Every truncation point, as JSON lines: one process reads them all, each prefix is its
#    own (broken) document, the whole one at the end converts.
for label, text in (('compact', COMPACT), ('pretty', PRETTY)):
    path = os.path.join(WORK, 'truncations-%s.jsonl' % label)
    prefixes = [text[:i] for i in range(1, len(text))]
    # A pretty prefix is cut at a line that starts with '{': only its first line does.
    with open(path, 'w') as f:
        for p in prefixes:
            f.write(p + '\n')
        f.write(COMPACT + '\n')
    dl = os.path.join(WORK, 'truncations-%s.dead' % label)
    rc, out, err, rss = run(['--stats=json', '-q', '--dead-letter', dl, path], timeout=900)
    s = stats_of(err)
    want_rejected = sum(1 for p in prefixes if p.strip())  # a prefix of whitespace is nothing
    check('truncations %s: exit 1' % label, rc == 1, 'rc=%d %s' % (rc, err[-300:]))
    check('truncations %s: the whole document converts' % label, s.get('rows_written') == ROWS_OF_DOC, str(s))
    check('truncations %s: every prefix rejected (%d)' % (label, want_rejected),
          s.get('documents_rejected', 0) + s.get('documents_skipped', 0) == want_rejected, str(s))
    check('truncations %s: counters add up' % label, balanced(s), str(s))
    letters = dead_letters(dl)
    check('truncations %s: one dead letter per rejected document' % label, len(letters) == s.get('documents_rejected'))
    reasons = [l['reason'] for l in letters]
    check('truncations %s: every reason says what is wrong' % label, all(len(r) > 10 for r in reasons), str(reasons[:3]))
    got = {l['document'] for l in letters if 'document' in l}
    check('truncations %s: dead letters hold the prefixes verbatim' % label,
          got <= {p + '\n' for p in prefixes} | set(prefixes) and len(got) == len(letters), str(list(got)[:2]))

# ... and as a whole stream that ends inside the document (end of input, not a next line), on
# stdin: every 13th point (each is a process).
bad = []
for i in range(1, len(COMPACT), 13):
    path = os.path.join(WORK, 'cut.json')
    with open(path, 'w') as f:
        f.write(COMPACT[:i])
    rc, out, err, rss = run(['--stats=json'], stdin_path=path, timeout=60)
    s = stats_of(err)
    if rc != 1 or s.get('documents_rejected') != 1 or 'rejected document' not in err:
        bad.append((i, rc, err[-200:]))
check('a stream ending inside the document at every 13th byte: exit 1, one rejected document, a message', not bad, str(bad[:3]))

# 2. Every value replaced by every wrong JSON type: one line per variant, one process.
WRONG = [0, -1, 1.5, 'x', '', True, None, {}, [], [1], {'a': 1}]
variants = []


def paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, path + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, path + (i,))


def replaced(node, path, value):
    if not path:
        return value
    copy = json.loads(json.dumps(node))
    target = copy
    for p in path[:-1]:
        target = target[p]
    target[path[-1]] = value
    return copy


for p in list(paths(DOC))[1:]:
    for w in WRONG:
        variants.append(json.dumps(replaced(DOC, p, w), separators=(',', ':')))
path = os.path.join(WORK, 'wrong-types.jsonl')
with open(path, 'w') as f:
    f.write('\n'.join(variants) + '\n')
dl = os.path.join(WORK, 'wrong-types.dead')
rc, out, err, rss = run(['--stats=json', '-q', '--dead-letter', dl, '--table', 'otel_traces_processed', path], timeout=900)
s = stats_of(err)
check('wrong types (%d variants): exit 0 or 1, no crash' % len(variants), rc in (0, 1), 'rc=%d %s' % (rc, err[-500:]))
check('wrong types: every variant is a document', s.get('documents') == len(variants), str(s))
check('wrong types: counters add up', balanced(s), str(s))
check('wrong types: some rejected, some converted', s.get('documents_rejected', 0) > 100 and s.get('documents_converted', 0) > 100, str(s))
letters = dead_letters(dl)
check('wrong types: rejections name the JSON path',
      sum(1 for l in letters if 'resourceSpans[0]' in l['reason']) > 0.9 * len(letters), str([l['reason'] for l in letters[:5]]))
for schema in ('otel',):
    rc2, _, err2, _ = run(['--schema', schema, '--stats=json', '-q', '--table', 'otel_traces', path], timeout=900)
    check('wrong types, --schema %s: no crash, counters add up' % schema, rc2 in (0, 1) and balanced(stats_of(err2)), err2[-300:])

# 3. A 100 MB string (escapes spread through it), then a normal document. Memory bounds are
# what the build itself takes for a tiny input (the sanitizer build's shadow memory and
# allocator) plus what the input may make otelflat hold.
with open(os.path.join(WORK, 'tiny.jsonl'), 'w') as f:
    f.write(COMPACT + '\n')
baseline = run([os.path.join(WORK, 'tiny.jsonl')])[3]
MB = 1000 * 1000
big = os.path.join(WORK, 'big-string.jsonl')
chunk = 'abcdefghij' * 99999 + 'x\\n\\"\\u00e9\\t'  # ~1 MB of JSON text per chunk
with open(big, 'w') as f:
    f.write('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c",'
            '"spanId":"eee19b7ec3c1b174","name":"big","attributes":[{"key":"payload","value":{"stringValue":"')
    for _ in range(100):
        f.write(chunk)
    f.write('"}}]}]}]}]}\n' + COMPACT + '\n')
rc, out, err, rss = run(['--stats=json', '-q', big], timeout=600)
s = stats_of(err)
check('100 MB string: exit 0, both documents convert', rc == 0 and s.get('rows_written') == 2, 'rc=%d %s' % (rc, err[-300:]))
check('100 MB string: the value comes out whole', len(out) > 100 * MB and out.count(b'\n') == 2)
# The document is held once, parsed, rendered once into the row and written: a few times its size.
check('100 MB string: peak RSS %.0f MB stays below 6x the document' % rss, rss < 6 * 100)
rc, out, err, rss = run(['--stats=json', '-q', '--max-document-size', '16M', big], timeout=600)
s = stats_of(err)
check('100 MB string over --max-document-size 16M: rejected, the next converts',
      rc == 1 and s.get('documents_rejected') == 1 and s.get('rows_written') == 1, 'rc=%d %s' % (rc, str(s)))
check('100 MB string over --max-document-size 16M: peak RSS %.0f MB, within %.0f MB + 2.5 x 16 MB (skipped, not held)' % (rss, baseline),
      rss < baseline + 2.5 * 16)

# 4. A 2 GB single line on stdin (never on disk), then a normal document: skipped past the
#    document size limit with memory bounded, and the next line still converts.
def two_gb(pipe):
    pipe.write(b'{"resourceSpans":[{"resource":{"attributes":[{"key":"a","value":{"stringValue":"')
    block = b'y' * (4 << 20)
    for _ in range(512):  # 2 GiB
        pipe.write(block)
    pipe.write(b'"}}]}}]}\n' + COMPACT.encode() + b'\n')


rc, out, err, rss = run(['--stats=json'], feed=two_gb, timeout=900)
s = stats_of(err)
check('2 GB line: exit 1, rejected as larger than --max-document-size', rc == 1 and 'larger than --max-document-size' in err, 'rc=%d %s' % (rc, err[-300:]))
check('2 GB line: the next document converts', s.get('rows_written') == 1 and s.get('documents_rejected') == 1, str(s))
check('2 GB line: bytes_in counts every byte', s.get('bytes_in', 0) > 2 * 1024 * MB, str(s))
# A document up to --max-document-size (256M) must be held; nothing more of the line is.
check('2 GB line: peak RSS %.0f MB, within %.0f MB + 2.5 x --max-document-size (the rest is skipped, not held)' % (rss, baseline),
      rss < baseline + 2.5 * 256)
rc, out, err, rss = run(['--stats=json', '--max-document-size', '32M'], feed=two_gb, timeout=900)
s = stats_of(err)
check('2 GB line, --max-document-size 32M: rejected, the next converts', rc == 1 and s.get('rows_written') == 1, str(s))
check('2 GB line, --max-document-size 32M: peak RSS %.0f MB, within %.0f MB + 2.5 x 32 MB' % (rss, baseline), rss < baseline + 2.5 * 32)

# 5. Nesting 100,000 deep: in an attribute value, in an unknown field, and bare.
DEEP = 100000
nests = {
    'arrayValue': '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"n","attributes":[{"key":"k","value":' +
                  '{"arrayValue":{"values":[' * DEEP + ']}}' * DEEP + '}]}]}]}]}',
    'unknown field': '{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":"n","x":' + '[' * DEEP + ']' * DEEP + '}]}]}]}',
    'bare': '[' * DEEP + ']' * DEEP,
    'unclosed': '{"resourceSpans":' + '[' * DEEP,
}
for label, text in nests.items():
    path = os.path.join(WORK, 'deep.jsonl')
    with open(path, 'w') as f:
        f.write(text + '\n' + COMPACT + '\n')
    rc, out, err, rss = run(['--stats=json', path], timeout=300)
    s = stats_of(err)
    if label == 'unknown field':  # valid JSON, and unknown fields are skipped without recursion
        check('nesting 100,000 deep (%s): skipped, both documents convert' % label,
              rc == 0 and s.get('rows_written') == 2, 'rc=%d %s' % (rc, err[-300:]))
    else:
        check('nesting 100,000 deep (%s): rejected with a message, the next converts' % label,
              rc == 1 and s.get('rows_written') == 1 and 'rejected document' in err, 'rc=%d %s' % (rc, err[-300:]))
    check('nesting 100,000 deep (%s): peak RSS %.0f MB, within %.0f MB + 64 MB' % (label, rss, baseline), rss < baseline + 64)

# 6. Random bytes, with lines that start with '{' among them.
rnd = random.Random(3)
path = os.path.join(WORK, 'random.bin')
with open(path, 'wb') as f:
    for i in range(2000):
        f.write(bytes(rnd.getrandbits(8) for _ in range(rnd.randint(0, 600))))
        if i % 10 == 0:
            f.write(b'\n{' + bytes(rnd.getrandbits(8) for _ in range(50)))
    f.write(b'\n' + COMPACT.encode() + b'\n')
rc, out, err, rss = run(['--stats=json', '-q', path], timeout=300)
s = stats_of(err)
check('random bytes: exit 1, counters add up, the last document converts',
      rc == 1 and balanced(s) and s.get('rows_written') == 1, 'rc=%d %s' % (rc, str(s)))

for name, mb in peaks:
    print('peak RSS %6.0f MB  %s' % (mb, name))
print('limits: %d passed, %d failed' % (passes, fails))
sys.exit(1 if fails else 0)
