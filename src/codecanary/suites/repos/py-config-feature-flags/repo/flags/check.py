def is_on(flags, name, user_id):
    flag = flags.get(name)
    if flag is None or not flag.enabled:
        return False
    return user_id % 100 < flag.rollout
