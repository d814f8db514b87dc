"""How long each viewer took to see each vote, for scripts/bench --live (pure functions, stdlib).

The definition. Vote k was sent at s_k and its 302 read at r_k. Let S_k be the number of votes
answered 302 that were sent at or before r_k (vote k among them), and base the question's vote
total before the first vote. Viewer v "sees vote k" at the first event, received at or after the
stream began, whose total is at least base + S_k; the delay is that time minus r_k, clamped at
0 (a viewer may see a state before the voter has read the answer to its vote).

Why S_k and not the number of votes acknowledged by r_k: an event is a snapshot of the counts at
one moment m. If m were before vote k was stored, the snapshot could hold only votes sent before
m, fewer than S_k (vote k itself was sent before r_k and not counted), so a total of base + S_k
or more proves that the event includes vote k. The acknowledged count proves less (a vote still
in flight may make up the number). So the delay measured is never shorter than the true one.

The pairs (vote, viewer) can be many (10,000 votes x 2,000 viewers): the delays go into a
histogram of 1 ms bins, and the votes may be sampled evenly (`sample_every`).
"""
import bisect

BIN_S = 0.001


def vote_thresholds(voter, base, first_measured):
    """[(threshold, r_k)] for the votes from index first_measured on that were answered 302,
    in increasing threshold."""
    counted = sorted(s for s, status in zip(voter["sent"], voter["status"])
                     if status == 302 and s is not None)
    result = []
    for k in range(first_measured, len(voter["sent"])):
        if voter["status"][k] != 302:
            continue
        r = voter["acked"][k]
        result.append((base + bisect.bisect_right(counted, r), r))
    result.sort()
    return result


def seen_curve(events):
    """A viewer's events as parallel lists (times, running maximum of the totals): a total lower
    than one already seen says nothing new."""
    times, totals, top = [], [], None
    for t, total in events:
        top = total if top is None or total > top else top
        times.append(t)
        totals.append(top)
    return times, totals


class Histogram:
    def __init__(self):
        self.bins = {}
        self.count = 0
        self.max_s = 0.0

    def add(self, seconds):
        b = int(seconds / BIN_S + 1e-9)  # 1.9 - 1.35 is 0.5499999...: bin 550, not 549
        self.bins[b] = self.bins.get(b, 0) + 1
        self.count += 1
        if seconds > self.max_s:
            self.max_s = seconds

    def quantile_ms(self, q):
        """The upper edge of the bin holding the q-quantile, in ms (None when empty)."""
        if not self.count:
            return None
        rank = max(1, int(q * self.count + 0.999999))
        seen = 0
        for b in sorted(self.bins):
            seen += self.bins[b]
            if seen >= rank:
                return round((b + 1) * BIN_S * 1000, 1)
        return round(self.max_s * 1000, 1)


def viewer_delays(votes, times, totals, histogram):
    """Adds to histogram the delay of every vote in votes ([(threshold, r)] in increasing
    threshold) for one viewer; returns how many it never saw and its worst delay in seconds."""
    j, n, worst = 0, len(totals), 0.0
    for index, (threshold, r) in enumerate(votes):
        while j < n and totals[j] < threshold:
            j += 1
        if j == n:
            return len(votes) - index, worst
        delay = times[j] - r
        delay = delay if delay > 0 else 0.0
        histogram.add(delay)
        worst = delay if delay > worst else worst
    return 0, worst


def sample_every(votes, viewers, max_pairs):
    """Keeps every m-th vote so that votes x viewers stays within max_pairs; returns (votes, m)."""
    m = max(1, -(-len(votes) * viewers // max_pairs)) if viewers else 1
    return votes[::m], m
