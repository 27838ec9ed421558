"""The map an export draws: today's, or the map as it was on a day (`Export.as_of`).

Today's map counts a merged commune (a retired child of its successor, see
bot/domain/area_changes.py) in its successor's row; a split commune, retired under its old
parent, keeps a row of its own, marked "(đã chia tách ngày …)", where the period has reports
of it. The Reports sheet still names the area each report was filed in.

The map as it was on a day shows the areas that existed then, under the parents and with the
names they had then; an area made later (a merge's new successor, a split's new communes)
counts in the nearest area that existed, teams count where they were that day, and targets a
later merge summed into its successor (or a later split dropped) go back to the old communes.

With no change in the subtree, both are exactly the areas, names and paths of the tree.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import aiosqlite

from bot.core.i18n import Texts
from bot.domain.area_changes import merged_name
from storage import area_changes, areas
from storage import export as store
from storage.areas import Area


@dataclass(frozen=True)
class AreaMap:
    """The areas an export shows and where every real area's numbers count."""

    within: list[Area]  # the areas shown, the top first, with their parents and paths on the map
    labels: dict[int, str]  # every real area id of the subtree → "Lào Cai › Xã Bảo Yên"
    fold: dict[int, int]  # every real area id → the shown area its numbers count in
    display: dict[int, str]  # shown area id → its name in rows (with its history, if any)
    teams: dict[int, tuple[int, int]]  # shown area id → (active, all) teams right in it
    team_areas: dict[str, int]  # team code → the shown area it counts in
    quiet: set[int] = field(default_factory=set)  # shown only where the period has reports
    restored: dict[tuple[str, str], dict[int, int]] = field(default_factory=dict)

    def own(self, totals: store.AreaTotals) -> store.AreaTotals:
        """Each shown area's own reports and values, those of the areas folded into it added."""

        def counts(found: dict[int, int]) -> dict[int, int]:
            folded: Counter[int] = Counter()
            for area_id, count in found.items():
                folded[self.fold.get(area_id, area_id)] += count
            return dict(folded)

        def sums(found: dict[int, dict[str, int]]) -> dict[int, dict[str, int]]:
            folded: dict[int, Counter[str]] = {}
            for area_id, by_indicator in found.items():
                folded.setdefault(self.fold.get(area_id, area_id), Counter()).update(by_indicator)
            return {k: dict(v) for k, v in folded.items()}

        return store.AreaTotals(
            counts(totals.reports),
            sums(totals.values),
            totals.longest_note,
            counts(totals.held_reports),
            sums(totals.held_values),
        )

    def targets(self, period: str, found: dict[int, dict[str, int]]) -> dict[int, dict[str, int]]:
        """Each shown area's targets for the period, those of the areas folded into it added."""
        by_area = {area_id: dict(by_indicator) for area_id, by_indicator in found.items()}
        for (indicator, key), shares in self.restored.items():
            if key != period:
                continue
            for area_id, value in shares.items():
                into = by_area.setdefault(area_id, {})
                into[indicator] = into.get(indicator, 0) + value
        folded: dict[int, dict[str, int]] = {}
        for area_id, by_indicator in by_area.items():
            into = folded.setdefault(self.fold.get(area_id, area_id), {})
            for indicator, value in by_indicator.items():
                into[indicator] = into.get(indicator, 0) + value
        return {
            area_id: {k: v for k, v in by_indicator.items() if v > 0}
            for area_id, by_indicator in folded.items()
            if any(v > 0 for v in by_indicator.values())
        }


def _chain(area_id: int, parent: dict[int, int | None], shown: set[int], top: int) -> int:
    """The nearest shown area at or above `area_id` on the map (the top if none)."""
    seen: set[int] = set()
    current: int | None = area_id
    while current is not None and current not in seen:
        if current in shown:
            return current
        seen.add(current)
        current = parent.get(current)
    return top


async def read(
    conn: aiosqlite.Connection,
    top: Area,
    texts: Texts,
    language: str,
    as_of: date | None,
    since: date | None = None,
) -> AreaMap:
    """Draw the map of the subtree at `top`: today's, or as it was on `as_of`.

    On today's map a merge's successor is named with its history ("sáp nhập 3 xã ngày …")
    when the period (from `since`) starts before the merge, so holds the old communes' reports.
    """
    real = await store.areas_within(conn, top.path)
    by_id = {area.id: area for area in real}
    above = {area.id: area.name for area in await areas.ancestors(conn, top)}
    quiet: set[int] = set()
    restored: dict[tuple[str, str], dict[int, int]] = {}
    moved_teams: dict[int, int] = {}
    retired: dict[int, tuple[str, date]] = {}
    if as_of is None:
        retired = await area_changes.retired_within(conn, top.path)
        hidden = {i for i, (kind, _) in retired.items() if kind == "merge" and i != top.id}
        names = {area.id: area.name for area in real}
        parent = {area.id: area.parent_id for area in real}
        shown = set(by_id) - hidden
        quiet = {i for i, (kind, _) in retired.items() if kind == "split" and i != top.id}
    else:
        then = await area_changes.map_on(conn, top.path, as_of)
        names = {area.id: then.names.get(area.id, area.name) for area in real}
        parent = {area.id: then.parents.get(area.id, area.parent_id) for area in real}
        shown = {area.id for area in real if then.existed.get(area.id)} | {top.id}
        moved_teams = then.team_areas
        codes = {area.code: area.id for area in real}
        for detail in await area_changes.changes_after(conn, as_of, "split"):
            old = codes.get(detail.get("predecessor", ""))
            for indicator, period, value in detail.get("targets_dropped", []):
                if old is not None:
                    shares = restored.setdefault((indicator, period), {})
                    shares[old] = shares.get(old, 0) + value
        for detail in await area_changes.changes_after(conn, as_of, "merge"):
            successor = codes.get(detail.get("successor", ""))
            for indicator, period, parts, total in detail.get("targets", []):
                shares = restored.setdefault((indicator, period), {})
                if successor is not None:
                    shares[successor] = shares.get(successor, 0) - total
                for code, value in parts.items():
                    if code in codes:
                        shares[codes[code]] = shares.get(codes[code], 0) + value
    fold = {
        area.id: top.id if area.id == top.id else _chain(area.id, parent, shown, top.id)
        for area in real
    }
    # Each shown area under the nearest shown area above it on the map.
    map_parent = {
        i: (None if i == top.id else _chain(parent[i] or top.id, parent, shown, top.id))
        for i in shown
    }
    paths: dict[int, str] = {top.id: top.path}

    def path_of(area_id: int) -> str:
        if area_id not in paths:
            up = map_parent[area_id]
            paths[area_id] = f"{path_of(up if up is not None else top.id)}{area_id}/"
        return paths[area_id]

    within = [
        Area(i, by_id[i].code, names[i], map_parent[i] if i != top.id else top.parent_id,
             by_id[i].level, path_of(i))
        for i in sorted(shown, key=lambda i: (len(path_of(i)), path_of(i)))
    ]  # fmt: skip
    label_names = {**above, **{i: names[i] for i in shown}}

    def label(path: str) -> str:
        return " › ".join(label_names[int(p)] for p in path.strip("/").split("/"))

    if as_of is None:  # each report names the area it was filed in, as the tree has it
        everything = {**above, **names}
        labels = {
            a.id: " › ".join(everything[int(p)] for p in a.path.strip("/").split("/"))
            for a in real
        }
    else:
        labels = {i: label(paths[fold[i]]) for i in by_id}
    display = {i: names[i] for i in shown}
    if as_of is None:
        merged = await area_changes.merged_within(conn, top.path)
        for i, how in merged.items():
            if i in shown and (since is None or since < how.on):
                display[i] = merged_name(texts, language, names[i], how)
        for i in quiet:
            display[i] = texts.plain(
                language, "area-split-retired", name=names[i], date=f"{retired[i][1]:%d/%m/%Y}"
            )
    counts: dict[int, list[int]] = {}
    team_areas: dict[str, int] = {}
    for team_id, code, area_id, active in await area_changes.teams_within(conn, top.path):
        where = moved_teams.get(team_id, area_id)
        shown_at = fold.get(where, fold.get(area_id, top.id))
        tally = counts.setdefault(shown_at, [0, 0])
        tally[0] += int(active)
        tally[1] += 1
        team_areas[code] = shown_at
    return AreaMap(
        within, labels, fold, display, {k: (v[0], v[1]) for k, v in counts.items()},
        team_areas, quiet, restored,
    )  # fmt: skip
