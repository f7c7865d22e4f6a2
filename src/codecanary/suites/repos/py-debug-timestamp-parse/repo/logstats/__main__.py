import sys

from .summary import summarize

print(summarize(open(sys.argv[1]).read()))
