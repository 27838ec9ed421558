"""Merges, splits and renames of areas with a date, carrying teams, scopes, targets and
deadlines along, so that every total stays true whichever side of the change it is read from.

How history adds up (no report row ever changes; reports keep the area they were filed in):

- Merge: every old commune other than the successor becomes a *retired child* of the
  successor (its subtree's paths rewritten), and its live sub-areas (villages) move right
  under the successor. Every subtree query (summaries, exports, the month roll-up, which is
  keyed by area id) of the successor or anything above it therefore includes the old
  communes' history. Targets of periods that end on or after the change are summed into the
  successor; those of earlier periods stay with the old communes. Coordinators scoped at an
  old commune are scoped at the successor (they co-ordinate the merged commune together).
  Deadlines still running move to the successor, group chats are linked to it.
- Split: the old commune stays where it is in the tree, retired (unless it is one of the
  successors), holding its history, so its parent's and the province's totals are unchanged.
  Its teams (and live sub-areas) go to the new communes as listed; every one must be listed.
  The successors' totals start at the split: pre-split reports cannot be apportioned without
  guessing. Targets still running are refused (or dropped with drop_targets: the operator
  imports the new communes' own); coordinators need a successor to go to (coordinators_to);
  deadlines still running are copied to each new commune.
- Rename: the old name is kept with the last day it was used.

Every function runs inside the caller's transaction and writes its audit entry there; a dry
run is the same change rolled back (bot/cli/area_changes.py), so it shows exactly what would
happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import aiosqlite

from bot.core.i18n import Texts
from bot.domain.area_registry import NewUnit, new_unit
from storage import area_changes as store
from storage import area_registry, areas, audit
from storage.area_changes import Merged
from storage.areas import Area


class ChangeRefused(Exception):
    """The change cannot be made as asked; `problems` says why, one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass
class Outcome:
    """What a change did (or, rolled back, would do): one line per thing that changed."""

    change_id: int
    lines: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)


def _label(area: Area) -> str:
    return f"{area.name} ({area.code})"


def _day(on: date) -> str:
    return f"{on:%d/%m/%Y}"


async def _live(conn: aiosqlite.Connection, code: str, problems: list[str]) -> Area | None:
    found = await store.dated(conn, code)
    if found is None:
        problems.append(f"unknown area code {code!r}")
        return None
    if found.retired_on is not None:
        problems.append(f"{_label(found.area)} was retired on {found.retired_on}")
        return None
    return found.area


async def _not_before_history(
    conn: aiosqlite.Connection, found: list[Area], on: date, problems: list[str]
) -> None:
    last = await store.last_change_on(conn, [area.id for area in found])
    if last is not None and on < last:
        problems.append(
            f"a change dated {on} would come before the change of {last} these areas already"
            " had; changes are applied in date order"
        )


async def _move_along(
    conn: aiosqlite.Connection,
    change_id: int,
    old: Area,
    new: Area,
    on: date,
    now: str,
    out: Outcome,
    detail: dict[str, list],
) -> None:
    """Move an old commune's teams, coordinators, deadlines and group chats to its successor."""
    for team in await store.teams_at(conn, old.id):
        await store.move_team(conn, change_id, team.id, old.id, new.id, now)
        inactive = "" if team.active else " (inactive)"
        out.lines.append(f"team {team.code} {team.name}{inactive}: {old.code} → {new.code}")
        detail["teams"].append([team.code, old.code, new.code])
    coordinators = await store.coordinators_at(conn, old.id)
    if coordinators:
        await store.move_scopes(conn, old.id, new.id, now)
    for member_id, name in coordinators:
        out.lines.append(f"coordinator {name} (#{member_id}): scope {old.code} → {new.code}")
        detail["scopes"].append([member_id, old.code, new.code])
    for deadline in await store.deadlines_from(conn, old.id, on):
        await store.move_deadline(conn, deadline.id, new.id)
        out.lines.append(
            f"deadline #{deadline.id} {deadline.title!r} (due {deadline.due_at}):"
            f" {old.code} → {new.code}"
        )
        detail["deadlines"].append([deadline.id, old.code, new.code])
    for chat_id in await store.group_links_at(conn, old.id):
        out.lines.append(f"group chat {chat_id}: linked to {new.code} instead of {old.code}")
        detail["groups"].append([chat_id, old.code, new.code])
    await store.move_group_links(conn, old.id, new.id)


async def merge(
    conn: aiosqlite.Connection,
    *,
    old: list[str],
    into: str,
    on: date,
    now: str,
    name: str | None = None,
    parent: str | None = None,
    actor_id: int | None = None,
) -> Outcome:
    """Merge the areas coded `old` into `into` (one of them, or a new area) from `on`."""
    problems: list[str] = []
    codes = list(dict.fromkeys(old))
    if len(codes) < 2:
        problems.append("a merge needs at least two areas")
    found = [area for code in codes if (area := await _live(conn, code, problems))]
    if problems:
        raise ChangeRefused(problems)
    levels = {area.level for area in found}
    if len(levels) > 1:
        problems.append(f"the areas are of different levels: {', '.join(sorted(levels))}")
    for area in found:
        for other in found:
            if other is not area and other.path.startswith(area.path):
                problems.append(f"{_label(other)} lies inside {_label(area)}")
    existing = await store.dated(conn, into)
    successor: Area | None = None
    ahead = False  # an empty area made ahead of the merge (a re-seed of a newer official list)
    if existing is not None:
        if into not in codes:
            ahead = existing.retired_on is None and await store.is_empty(conn, existing.area)
            if not ahead or {existing.area.level} != levels:
                problems.append(
                    f"{into} is an existing area with teams, reports or history: list it among"
                    " the areas to merge to merge into it"
                )
        successor = existing.area
    under: Area | None = None
    made: NewUnit | None = None
    if existing is None:
        if parent is not None:
            under = await _live(conn, parent, problems)
        else:
            parents = {area.parent_id for area in found}
            if len(parents) != 1 or None in parents:
                problems.append("the areas have different parents: say which with --parent")
            else:
                under = await _parent(conn, found[0])
        made = await _new(conn, under, found[0].level, into, name, problems)
    await _not_before_history(conn, found, on, problems)
    if problems:
        raise ChangeRefused(problems)
    change_id = await store.record_change(conn, kind="merge", on=on, detail={}, now=now)
    out = Outcome(change_id)
    if successor is None:
        assert under is not None and made is not None
        successor = await _create(conn, made, found[0].level, under, on, now, out)
    elif ahead:
        await store.set_valid_from(conn, successor.id, on, now)
        out.lines.append(f"{_label(successor)}: exists from {on}, the merged unit")
    elif name and name.strip() != successor.name:
        await store.rename(conn, change_id, successor, name.strip(), on, now)
        out.lines.append(f"{successor.code}: renamed {successor.name!r} → {name.strip()!r}")
        successor = replace(successor, name=name.strip())
    detail: dict[str, Any] = {
        "predecessors": codes, "successor": successor.code, "name": successor.name,
        "on": on.isoformat(), "areas": [], "teams": [], "scopes": [], "deadlines": [],
        "groups": [], "targets": [],
    }  # fmt: skip
    sums: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for area in found:
        if area.id == successor.id:
            for indicator, period, value in await store.targets_from(conn, area.id, on):
                sums.setdefault((indicator, period), []).append((area.code, value))
            continue
        for child in await store.live_children(conn, area.id):
            await store.move_subtree(conn, change_id, child, successor, now)
            out.lines.append(f"{_label(child)}: now under {successor.code} (was {area.code})")
            detail["areas"].append([child.code, area.code, successor.code])
        await store.move_subtree(conn, change_id, area, successor, now)
        await store.retire(conn, area.id, on, now)
        out.lines.append(
            f"{_label(area)}: retired from {on}, kept under {successor.code} with its history"
        )
        await _move_along(conn, change_id, area, successor, on, now, out, detail)
        for indicator, period, value in await store.targets_from(conn, area.id, on):
            sums.setdefault((indicator, period), []).append((area.code, value))
            await store.delete_target(conn, indicator, area.id, period)
            await store.add_target(conn, indicator, successor.id, period, value, now)
    for (indicator, period), parts in sorted(sums.items(), key=lambda item: item[0][::-1]):
        total = sum(value for _, value in parts)
        shown = " + ".join(f"{value} ({code})" for code, value in parts)
        out.lines.append(f"target {indicator} {period}: {shown} = {total} for {successor.code}")
        detail["targets"].append([indicator, period, dict(parts), total])
    for area in found:
        await store.link(conn, change_id, area.id, successor.id)
    await _finish(conn, out, "area-merge", detail, actor_id, now)
    return out


async def _new(
    conn: aiosqlite.Connection,
    under: Area | None,
    level: str,
    code: str,
    name: str | None,
    problems: list[str],
) -> NewUnit | None:
    """The new area a change makes under `under` (an official unit in a seeded province)."""
    made = NewUnit(code, (name or "").strip(), None, None)
    if under is not None:
        found = await new_unit(conn, under, level, code, name)
        if isinstance(found, str):
            problems.append(found)
            return None
        made = found
    if not made.name:
        problems.append(f"{code} is a new area: give its name with --name")
        return None
    if made.code != code and await store.dated(conn, made.code) is not None:
        problems.append(f"{made.code} already exists")
        return None
    return made


async def _create(
    conn: aiosqlite.Connection,
    made: NewUnit,
    level: str,
    under: Area,
    on: date,
    now: str,
    out: Outcome,
) -> Area:
    area = await store.create_area(
        conn, code=made.code, name=made.name, level=level, parent=under, valid_from=on, now=now
    )
    if made.official_code or made.kind:
        await area_registry.set_official(
            conn, area.id, official_code=made.official_code, kind=made.kind, now=now
        )
    official = f", official code {made.official_code}" if made.official_code else ""
    out.lines.append(f"new area {_label(area)} under {_label(under)}, from {on}{official}")
    return area


async def _parent(conn: aiosqlite.Connection, area: Area) -> Area | None:
    return await areas.get(conn, area.parent_id) if area.parent_id is not None else None


async def _finish(
    conn: aiosqlite.Connection,
    out: Outcome,
    action: str,
    detail: dict[str, Any],
    actor_id: int | None,
    now: str,
) -> None:
    detail["change"] = out.change_id
    out.detail = detail
    await store.set_detail(conn, out.change_id, detail)
    await audit.record(conn, actor_id=actor_id, action=action, detail=detail, now=now)


async def split(
    conn: aiosqlite.Connection,
    *,
    old: str,
    into: dict[str, list[str]],
    names: dict[str, str],
    on: date,
    now: str,
    drop_targets: bool = False,
    coordinators_to: str | None = None,
    actor_id: int | None = None,
) -> Outcome:
    """Split the area `old` from `on`: each code of `into` gets the listed teams (or sub-areas).

    `old` may be one of the codes of `into` (it keeps its listed teams and stays); the others
    must be new codes, named in `names`.
    """
    problems: list[str] = []
    area = await _live(conn, old, problems)
    if area is None:
        raise ChangeRefused(problems)
    if area.parent_id is None:
        raise ChangeRefused([f"{_label(area)} is the top of the map and cannot be split"])
    if len(into) < 2:
        problems.append("a split needs at least two areas to split into")
    parent = await _parent(conn, area)
    made: dict[str, NewUnit] = {}
    for code in into:
        if code == old:
            continue
        if await store.dated(conn, code) is not None:
            problems.append(f"{code} already exists: a split makes new areas (or keeps {old})")
            continue
        found = await new_unit(conn, parent, area.level, code, names.get(code)) if parent else None
        if isinstance(found, str):
            problems.append(found)
        elif found is not None and found.name:
            made[code] = found
        elif names.get(code, "").strip():
            made[code] = NewUnit(code, names[code].strip(), None, None)
        else:
            problems.append(f"{code} is a new area: give its name with --name {code}=NAME")
    teams = {team.code: team for team in await store.teams_at(conn, area.id)}
    children = {child.code: child for child in await store.live_children(conn, area.id)}
    assigned: dict[str, str] = {}
    for code, items in into.items():
        for item in items:
            if item not in teams and item not in children:
                problems.append(f"{item} is neither a team nor a sub-area of {old}")
            elif item in assigned:
                problems.append(f"{item} is given to both {assigned[item]} and {code}")
            else:
                assigned[item] = code
    left = [
        f"team {t.code} {t.name}" + ("" if t.active else " (inactive)")
        for t in teams.values()
        if t.code not in assigned
    ] + [f"sub-area {_label(c)}" for c in children.values() if c.code not in assigned]
    if left:
        problems.append(
            f"every team and sub-area of {old} must go to one of the new areas; unassigned: "
            + ", ".join(left)
        )
    retires = old not in into
    coordinators = await store.coordinators_at(conn, area.id)
    if retires and coordinators and coordinators_to not in into:
        who = ", ".join(f"{name} (#{member_id})" for member_id, name in coordinators)
        problems.append(
            f"coordinators scoped at {old} need one of the new areas: --coordinators-to CODE"
            f" ({who})"
        )
    running = await store.targets_from(conn, area.id, on)
    if running and not drop_targets:
        shown = ", ".join(f"{i} {p} = {v}" for i, p, v in running)
        problems.append(
            f"{old} has targets for periods running on {on} ({shown}): a split cannot share them"
            " out; give --drop-targets to remove them, then import the new areas' targets"
            " (`targets import`)"
        )
    await _not_before_history(conn, [area], on, problems)
    if problems:
        raise ChangeRefused(problems)
    assert parent is not None
    change_id = await store.record_change(conn, kind="split", on=on, detail={}, now=now)
    out = Outcome(change_id)
    detail: dict[str, Any] = {
        "predecessor": old, "successors": list(into), "on": on.isoformat(), "areas": [],
        "teams": [], "scopes": [], "deadlines": [], "groups": [], "targets_dropped": [],
    }  # fmt: skip
    successors: dict[str, Area] = {}
    for code in into:
        if code == old:
            successors[code] = area
            continue
        successors[code] = await _create(conn, made[code], area.level, parent, on, now, out)
    for item, code in assigned.items():
        to = successors[code]
        if to.id == area.id:
            continue
        if item in teams:
            team = teams[item]
            await store.move_team(conn, change_id, team.id, area.id, to.id, now)
            out.lines.append(f"team {team.code} {team.name}: {old} → {code}")
            detail["teams"].append([team.code, old, code])
        else:
            await store.move_subtree(conn, change_id, children[item], to, now)
            out.lines.append(f"{_label(children[item])}: now under {code} (was {old})")
            detail["areas"].append([item, old, code])
    if retires:
        await store.retire(conn, area.id, on, now)
        out.lines.append(
            f"{_label(area)}: retired from {on}, kept under {parent.code} with its history"
        )
        if coordinators:
            assert coordinators_to is not None
            await store.move_scopes(conn, area.id, successors[coordinators_to].id, now)
        for member_id, name in coordinators:
            out.lines.append(f"coordinator {name} (#{member_id}): scope {old} → {coordinators_to}")
            detail["scopes"].append([member_id, old, coordinators_to])
    for indicator, period, value in running:
        await store.delete_target(conn, indicator, area.id, period)
        out.lines.append(f"target {indicator} {period} = {value} of {old}: removed")
        detail["targets_dropped"].append([indicator, period, value])
    for deadline in await store.deadlines_from(conn, area.id, on):
        for code, to in successors.items():
            if to.id == area.id:
                continue
            copy = await store.copy_deadline(conn, deadline.id, to.id, now)
            out.lines.append(
                f"deadline #{deadline.id} {deadline.title!r}: copied to {code} (#{copy})"
            )
            detail["deadlines"].append([deadline.id, code, copy])
        if retires:
            await store.cancel_deadline(conn, deadline.id, now)
            out.lines.append(f"deadline #{deadline.id} of {old}: cancelled (its copies carry on)")
    if retires:
        for chat_id in await store.group_links_at(conn, area.id):
            out.lines.append(
                f"group chat {chat_id} stays linked to retired {old}: link it again in the group"
            )
            detail["groups"].append(chat_id)
    for to in successors.values():
        await store.link(conn, change_id, area.id, to.id)
    await _finish(conn, out, "area-split", detail, actor_id, now)
    return out


async def rename(
    conn: aiosqlite.Connection,
    *,
    code: str,
    name: str,
    on: date,
    now: str,
    actor_id: int | None = None,
) -> Outcome:
    """Rename an area from `on`, keeping its old name for the days before."""
    problems: list[str] = []
    area = await _live(conn, code, problems)
    name = name.strip()
    if not name:
        problems.append("the new name is empty")
    if area is not None:
        if name == area.name:
            problems.append(f"{code} is already called {name!r}")
        await _not_before_history(conn, [area], on, problems)
    if problems:
        raise ChangeRefused(problems)
    assert area is not None
    change_id = await store.record_change(conn, kind="rename", on=on, detail={}, now=now)
    out = Outcome(change_id)
    await store.rename(conn, change_id, area, name, on, now)
    await store.link(conn, change_id, area.id, area.id)
    out.lines.append(f"{code}: {area.name!r} → {name!r} from {on} (the old name is kept)")
    detail = {"area": code, "from": area.name, "to": name, "on": on.isoformat()}
    await _finish(conn, out, "area-rename", detail, actor_id, now)
    return out


async def history(conn: aiosqlite.Connection, code: str) -> list[str]:
    """Describe an area's validity, old names and every change it took part in."""
    found = await store.dated(conn, code)
    if found is None:
        raise ChangeRefused([f"unknown area code {code!r}"])
    area = found.area
    since = f"from {found.valid_from}" if found.valid_from else "from the start"
    state = f"retired on {found.retired_on}" if found.retired_on else "live"
    lines = [f"{_label(area)}, {area.level}, {since}, {state}"]
    for name, until in await store.names_of(conn, area.id):
        lines.append(f"  called {name!r} until {until}")
    for change in await store.changes_of(conn, area.id):
        before, after = ", ".join(change.predecessors), ", ".join(change.successors)
        if change.kind == "rename":
            what = f"renamed {change.detail.get('from')!r} → {change.detail.get('to')!r}"
        else:
            what = f"{before} → {after}"
        moved = len(change.detail.get("teams", []))
        teams = f" ({moved} team(s) moved)" if moved else ""
        lines.append(f"  {change.effective_on} {change.kind} #{change.id}: {what}{teams}")
    return lines


def parse_day(text: str) -> date:
    """Read 2025-07-01 or 01/07/2025."""
    text = text.strip()
    if "/" in text:
        day, month, year = text.split("/")
        return date(int(year), int(month), int(day))
    return date.fromisoformat(text)


# --- names that carry the history -------------------------------------------------------------

_MERGED_TEXT = {
    "commune": "area-merged-commune",
    "village": "area-merged-village",
    "district": "area-merged-district",
    "province": "area-merged-province",
}


def merged_name(texts: Texts, language: str, name: str, merged: Merged | None) -> str:
    """Return "Xã Hòa An (sáp nhập 3 xã ngày 01/07/2025)" for a merge's successor, else name."""
    if merged is None:
        return name
    text_id = _MERGED_TEXT.get(merged.level, "area-merged-commune")
    if text_id == "area-merged-commune" and merged.wards:  # phường, or phường and xã
        text_id = "area-merged-ward" if merged.wards == merged.count else "area-merged-mixed"
    return texts.plain(
        language,
        text_id,
        name=name,
        count=merged.count,
        date=_day(merged.on),
    )
