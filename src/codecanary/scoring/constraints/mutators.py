"""Per-language lists of calls that modify an object, for ``no_global_mutation``.

Three lists per language, all by simple name as it appears in the call:

- ``MUTATING_METHODS``: ``obj.name(...)`` modifies ``obj`` in place (standard
  containers, builders, atomics, cells and locks of the language's standard
  library). Methods that return a modified copy (``sorted``, JS ``concat``/
  ``toSorted``, Java ``stream()``) are not listed.
- ``MUTATING_FUNCTIONS``: ``f(obj, ...)`` modifies its first argument (``heapq``,
  ``Object.assign``, Go ``delete``/``sort.Ints``, ``std::sort(v.begin(), ...)``).
  Dotted names match a callee equal to them or ending with "." + them.
- ``ACCESSORS``: ``obj.name(...)`` returns a reference into ``obj`` (not a copy),
  so a mutation through its result modifies ``obj``: ``CACHE.get(k).append(x)``,
  ``STATE.lock().unwrap().push(x)``, ``std::sort(v.begin(), v.end())``.

The lists are a documented heuristic: a user-defined method that mutates its
receiver under another name (``cache.remember(x)``) is not seen. Names that
usually return a new value in a language are left out of its list (Rust and Java
``replace``: ``str::replace``, ``String.replace``); Java static fields of the
immutable types in ``JAVA_IMMUTABLE_TYPES`` are never mutated through a method
(``BigInteger.add`` returns a new value).
"""

from __future__ import annotations

_PYTHON_METHODS = frozenset({
    # list
    "append", "extend", "insert", "pop", "remove", "clear", "sort", "reverse",
    # dict
    "update", "setdefault", "popitem",
    # set
    "add", "discard", "difference_update", "intersection_update",
    "symmetric_difference_update",
    # collections.deque / Counter / bytearray
    "appendleft", "extendleft", "popleft", "rotate", "subtract",
})
_JS_METHODS = frozenset({
    # Array
    "push", "pop", "shift", "unshift", "splice", "sort", "reverse", "fill", "copyWithin",
    # Map / Set / WeakMap / WeakSet
    "set", "delete", "clear", "add",
})
_GO_METHODS = frozenset({
    # sync.Map, sync/atomic types
    "Store", "LoadOrStore", "LoadAndDelete", "Delete", "Swap", "CompareAndSwap", "Add",
    # strings.Builder, bytes.Buffer
    "Write", "WriteString", "WriteByte", "WriteRune", "Reset", "Grow", "Truncate",
    # container/list, container/ring
    "PushBack", "PushFront", "Remove", "InsertBefore", "InsertAfter", "MoveToFront",
    "MoveToBack", "Init", "Set",
})
_RUST_METHODS = frozenset({
    # Vec, VecDeque, String, HashMap, HashSet, BTreeMap, BinaryHeap
    "push", "push_str", "push_back", "push_front", "pop", "pop_back", "pop_front",
    "insert", "remove", "clear", "extend", "append", "truncate", "retain", "sort",
    "sort_unstable", "sort_by", "sort_by_key", "dedup", "drain", "reverse", "swap",
    "resize", "split_off",
    # Entry API
    "or_insert", "or_insert_with", "or_default", "and_modify",
    # Cell, RefCell, atomics
    "set", "take", "store", "fetch_add", "fetch_sub", "fetch_and", "fetch_or",
    "fetch_xor", "fetch_max", "fetch_min", "compare_exchange", "fetch_update",
})
_JAVA_METHODS = frozenset({
    # Collection, List, Deque, Queue
    "add", "addAll", "remove", "removeAll", "removeIf", "retainAll", "clear", "set", "sort",
    "replaceAll", "push", "pop", "poll", "offer", "addFirst", "addLast", "removeFirst",
    "removeLast", "pollFirst", "pollLast", "offerFirst", "offerLast",
    # Map
    "put", "putAll", "putIfAbsent", "compute", "computeIfAbsent", "computeIfPresent",
    "merge",
    # StringBuilder
    "append", "insert", "delete", "deleteCharAt", "setLength", "setCharAt", "reverse",
    # atomics
    "incrementAndGet", "getAndIncrement", "decrementAndGet", "getAndDecrement",
    "addAndGet", "getAndAdd", "getAndSet", "lazySet", "accumulateAndGet",
    "updateAndGet", "compareAndSet",
})
_CPP_METHODS = frozenset({
    # vector, deque, list, string, map, set, unordered_*, stack, queue, priority_queue
    "push_back", "emplace_back", "pop_back", "push_front", "emplace_front", "pop_front",
    "insert", "emplace", "emplace_hint", "try_emplace", "insert_or_assign", "erase",
    "clear", "resize", "assign", "swap", "push", "pop", "append", "replace", "sort",
    "reverse", "unique", "splice", "merge", "remove", "remove_if", "fill",
    # atomics, smart pointers
    "store", "exchange", "fetch_add", "fetch_sub", "reset",
})
MUTATING_METHODS: dict[str, frozenset[str]] = {
    "python": _PYTHON_METHODS,
    "javascript": _JS_METHODS,
    "typescript": _JS_METHODS,
    "go": _GO_METHODS,
    "rust": _RUST_METHODS,
    "java": _JAVA_METHODS,
    "cpp": _CPP_METHODS,
}

_JS_FUNCTIONS = ("Object.assign", "Object.defineProperty", "Object.setPrototypeOf",
                 "Reflect.set", "Reflect.deleteProperty", "Reflect.defineProperty")
MUTATING_FUNCTIONS: dict[str, tuple[str, ...]] = {
    "python": ("heapq.heappush", "heapq.heappop", "heapq.heapify", "heapq.heapreplace",
               "heapq.heappushpop", "bisect.insort", "bisect.insort_left",
               "bisect.insort_right", "random.shuffle", "setattr", "delattr"),
    "javascript": _JS_FUNCTIONS,
    "typescript": _JS_FUNCTIONS,
    "go": ("delete", "copy", "clear", "sort.Ints", "sort.Strings", "sort.Float64s",
           "sort.Sort", "sort.Stable", "sort.Slice", "sort.SliceStable", "heap.Init",
           "heap.Push", "heap.Pop", "heap.Fix", "heap.Remove", "atomic.AddInt32",
           "atomic.AddInt64", "atomic.AddUint32", "atomic.AddUint64", "atomic.StoreInt32",
           "atomic.StoreInt64", "atomic.StoreUint32", "atomic.StoreUint64",
           "atomic.SwapInt32", "atomic.SwapInt64", "atomic.CompareAndSwapInt32",
           "atomic.CompareAndSwapInt64"),
    "rust": ("mem.swap", "mem.replace", "mem.take"),
    "java": ("Collections.sort", "Collections.reverse", "Collections.shuffle",
             "Collections.swap", "Collections.fill", "Collections.addAll",
             "Collections.rotate", "Arrays.sort", "Arrays.fill", "Arrays.setAll"),
    "cpp": ("std.sort", "std.stable_sort", "std.reverse", "std.fill", "std.iota",
            "std.swap", "std.shuffle", "std.rotate", "std.make_heap", "std.push_heap",
            "std.pop_heap", "std.sort_heap", "std.nth_element", "std.partial_sort",
            "std.replace", "std.remove", "std.unique", "std.next_permutation",
            "std.prev_permutation", "std.fill_n"),
}

ACCESSORS: dict[str, frozenset[str]] = {
    "python": frozenset({"get", "setdefault", "__getitem__"}),
    "javascript": frozenset({"get"}),
    "typescript": frozenset({"get"}),
    "go": frozenset({"Front", "Back"}),
    "rust": frozenset({"lock", "write", "unwrap", "expect", "borrow_mut", "get_mut",
                       "as_mut", "entry", "iter_mut", "values_mut", "last_mut", "first_mut",
                       "get_or_insert_with", "deref_mut"}),
    "java": frozenset({"get", "getOrDefault", "computeIfAbsent", "peek", "peekFirst",
                       "peekLast", "getFirst", "getLast", "firstEntry", "lastEntry"}),
    "cpp": frozenset({"at", "front", "back", "begin", "end", "rbegin", "rend", "data",
                      "top", "get"}),
}

# Java types whose methods never modify the receiver (``MOD.add(x)`` on a static
# BigInteger is a read).
JAVA_IMMUTABLE_TYPES = frozenset({
    "String", "Integer", "Long", "Short", "Byte", "Double", "Float", "Boolean",
    "Character", "BigInteger", "BigDecimal", "LocalDate", "LocalTime", "LocalDateTime",
    "Instant", "Duration", "Period", "Pattern", "Optional",
})
