from collections import defaultdict

KNOWN_TEAMS = ("core", "growth", "infra")


def aggregate(events):
    """team -> {"units": total units, "users": number of distinct users}"""
    totals = {team: {"units": 0, "users": set()} for team in KNOWN_TEAMS}
    for ev in events:
        bucket = totals[ev["team"]]
        bucket["units"] += ev.get("units", 0)
        bucket["users"].add(ev["user"])
    return {team: {"units": b["units"], "users": len(b["users"])} for team, b in totals.items()
            if b["units"] or b["users"]}
