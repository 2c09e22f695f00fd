# Brute force: quanteda's textstat_collocations cells (match bits over every window of a
# segment, pads included, + 0.5), lambda and z, for the segments of a stream.
import math, sys
def score(cells, K):
    n = [c + 0.5 for c in cells]
    lam = sum((-1) ** (K - bin(b).count("1")) * math.log(n[b]) for b in range(2 ** K))
    return lam, lam / math.sqrt(sum(1 / x for x in n))
def colloc(stream, K, minc):
    segs = [s.split() for s in stream.split("|")]
    wins = [tuple(s[i:i + K]) for s in segs for i in range(len(s) - K + 1)]
    cands = sorted({w for w in wins if "_" not in w})
    out = []
    for c in cands:
        cnt = wins.count(c)
        if cnt < minc: continue
        cells = [0] * 2 ** K
        for w in wins:
            cells[sum(1 << i for i in range(K) if w[i] == c[i])] += 1
        out.append((" ".join(c), cnt, len(wins), cells) + score(cells, K))
    return out
if __name__ == "__main__":
    stream, minc = sys.argv[1], int(sys.argv[2])
    for K in (2, 3):
        for r in colloc(stream, K, minc): print(K, r[0], r[1], r[2], r[3], "%.17g %.17g" % (r[4], r[5]))
