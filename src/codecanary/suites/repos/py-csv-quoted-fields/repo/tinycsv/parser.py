def parse_line(line, sep=","):
    """Split one CSV line into fields."""
    line = line.rstrip("\r\n")
    return line.split(sep)
