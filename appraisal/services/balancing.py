"""Sharing review work out evenly under the conflict-of-interest rules.

Pure functions, no database: ``balanced_plan`` says which reviewers
each application gets. The applications are one side of a flow network, the
reviewers the other; an edge joins an application to each reviewer who may
review it; a reviewer's edge to the sink is capped at the load level tried.
"""

import math
from collections import defaultdict

from django.utils.translation import gettext as _

from core.errors import DomainError
from core.i18n import join_items


class _Flow:
    """Maximum flow (Dinic) on a small graph; edges are [to, capacity, index of reverse]."""

    def __init__(self, size):
        self.edges = [[] for _node in range(size)]

    def add(self, source, target, capacity):
        self.edges[source].append([target, capacity, len(self.edges[target])])
        self.edges[target].append([source, 0, len(self.edges[source]) - 1])
        return self.edges[source][-1]

    def run(self, source, sink):
        total = 0
        while True:
            level = [-1] * len(self.edges)
            level[source] = 0
            queue = [source]
            for node in queue:
                for target, capacity, _reverse in self.edges[node]:
                    if capacity > 0 and level[target] < 0:
                        level[target] = level[node] + 1
                        queue.append(target)
            if level[sink] < 0:
                return total
            cursor = [0] * len(self.edges)

            def push(node, limit, level=level, cursor=cursor):
                if node == sink:
                    return limit
                edges = self.edges[node]
                while cursor[node] < len(edges):
                    edge = edges[cursor[node]]
                    target, capacity, back = edge
                    if capacity > 0 and level[target] == level[node] + 1:
                        pushed = push(target, min(limit, capacity))
                        if pushed:
                            edge[1] -= pushed
                            self.edges[target][back][1] += pushed
                            return pushed
                    cursor[node] += 1
                return 0

            while True:
                pushed = push(source, math.inf)
                if not pushed:
                    break
                total += pushed


def _flow_at_level(*, needs, eligible, loads, level, extra_level=None):
    """Assign as much as possible with every reviewer's load capped at ``level``
    (then, if given, continue up to ``extra_level``). Returns (flow, plan)."""
    applications = list(needs)
    reviewers = list(loads)
    a_index = {a: 1 + i for i, a in enumerate(applications)}
    r_index = {r: 1 + len(applications) + i for i, r in enumerate(reviewers)}
    sink = 1 + len(applications) + len(reviewers)
    flow = _Flow(sink + 1)
    for application in applications:
        flow.add(0, a_index[application], needs[application])
    picks = []
    for application in applications:
        for reviewer in eligible[application]:
            picks.append(
                (application, reviewer, flow.add(a_index[application], r_index[reviewer], 1))
            )
    caps = {r: flow.add(r_index[r], sink, max(0, level - loads[r])) for r in reviewers}
    total = flow.run(0, sink)
    if extra_level is not None:
        for reviewer, edge in caps.items():
            edge[1] += max(0, extra_level - loads[reviewer]) - max(0, level - loads[reviewer])
        total += flow.run(0, sink)
    plan = defaultdict(list)
    for application, reviewer, edge in picks:
        if edge[1] == 0:
            plan[application].append(reviewer)
    return total, plan


def balanced_plan(*, needs, eligible, loads, label=str):
    """Which reviewers each application gets: ``{application: [reviewer]}``.

    ``needs`` {application: reviewers still wanted}, ``eligible`` {application:
    [reviewers without a conflict who do not review it yet]}, ``loads``
    {reviewer: live reviews already}. The loads after the plan are as even as
    the conflicts allow: the smallest level L such that every need can be met
    with nobody above L is found, then the work is first shared up to L - 1 and
    only then up to L. Whenever some plan exists with loads differing by at
    most one, this finds one (a maximum flow only ever raises a reviewer's load
    while it grows). Raises DomainError naming (by ``label``) the applications
    that have too few reviewers without a conflict.
    """
    short = [a for a, n in needs.items() if len(eligible[a]) < n]
    if short:
        shortfalls = join_items(
            _("“%(unit)s”（可分配 %(eligible)s 人，还需 %(needed)s 人）")
            % {"unit": label(a), "eligible": len(eligible[a]), "needed": needs[a]}
            for a in short
        )
        raise DomainError(
            _(
                "以下申报可分配（无需回避）的评审人员不足：%(shortfalls)s。"
                "请在评审组中增加评审人员或减少每份申报的评审人数。"
            )
            % {"shortfalls": shortfalls}
        )
    wanted = sum(needs.values())
    level = math.ceil((sum(loads.values()) + wanted) / len(loads))
    while _flow_at_level(needs=needs, eligible=eligible, loads=loads, level=level)[0] < wanted:
        level += 1
    total, plan = _flow_at_level(
        needs=needs, eligible=eligible, loads=loads, level=level - 1, extra_level=level
    )
    if total != wanted:  # pragma: no cover - the level above was found to meet every need
        raise RuntimeError("assignment plan fell short of the level that meets every need")
    return plan
