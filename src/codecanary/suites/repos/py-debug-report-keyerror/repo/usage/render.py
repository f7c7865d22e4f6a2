def render(agg):
    rows = sorted(agg.items(), key=lambda kv: (-kv[1]["units"], kv[0]))
    return "\n".join(f"{team:<10} {v['units']:>6} {v['users']:>4}" for team, v in rows)
