"""Plausible-but-wrong standard-library names, per language, for the ``wrong_api`` fault.

Each pattern is source text ending in ``(`` (or a property access); its last name
is replaced. A leading ``.`` means a method call; a bare name must not follow a
``.``. Every replacement is a name that does not exist in that language's standard
library (checked against the documentation when the table was written), so the
answer fails with NameError / AttributeError / "cannot find symbol" rather than
silently doing something else.
"""

from __future__ import annotations

WRONG_APIS: dict[str, list[tuple[str, str]]] = {
    "python": [
        ("sorted(", "sort_list"), (".append(", "push"), ("len(", "length"),
        (".join(", "join_all"), (".split(", "split_by"), (".items(", "entries"),
        ("abs(", "absolute"), ("max(", "maximum"), ("min(", "minimum"), ("sum(", "total"),
        (".startswith(", "starts_with"), (".endswith(", "ends_with"), (".lower(", "to_lower"),
        (".upper(", "to_upper"), (".strip(", "trim"), ("enumerate(", "enumerated"),
        (".keys(", "key_list"), ("math.sqrt(", "square_root"), (".extend(", "append_all"),
        (".count(", "count_of"), (".replace(", "replace_all"), ("reversed(", "reverse_of"),
        ("range(", "xrange"), ("isinstance(", "is_instance"), (".get(", "fetch"),
        (".index(", "index_of"), (".isdigit(", "is_digit"), ("str(", "string"),
    ],
    "javascript": [
        ("Math.max(", "maximum"), ("Math.min(", "minimum"), ("Math.abs(", "absolute"),
        ("Math.floor(", "floorDiv"), ("Math.sqrt(", "squareRoot"), (".push(", "append"),
        (".join(", "joinWith"), (".split(", "splitBy"), (".map(", "mapEach"),
        (".filter(", "where"), (".reduce(", "fold"), (".includes(", "contains"),
        (".indexOf(", "findIndexOf"), ("Object.keys(", "keyList"), (".toUpperCase(", "upper"),
        (".toLowerCase(", "lower"), (".trim(", "strip"), ("Array.from(", "fromIterable"),
        (".sort(", "sorted"), (".charCodeAt(", "codeAt"), ("parseInt(", "parseInteger"),
        (".slice(", "sliceOf"), (".forEach(", "each"), (".has(", "contains"),
        (".set(", "put"), (".get(", "fetch"), (".startsWith(", "beginsWith"),
        ("String(", "Str"), ("Number(", "Num"),
    ],
    "go": [
        ("strings.Split(", "SplitBy"), ("strings.Join(", "JoinAll"),
        ("strings.Contains(", "Has"), ("sort.Ints(", "Integers"), ("sort.Slice(", "SliceBy"),
        ("sort.Sort(", "SortAll"), ("sort.Strings(", "StringSlice2"),
        ("strconv.Itoa(", "IntToString"), ("strconv.Atoi(", "ParseInteger"),
        ("fmt.Sprintf(", "Format"), ("strings.ToUpper(", "Upper"),
        ("strings.ToLower(", "Lower"), ("strings.TrimSpace(", "Strip"),
        ("math.Abs(", "Absolute"), ("math.Sqrt(", "SquareRoot"), ("append(", "push"),
        ("len(", "length"), ("strings.Fields(", "Words"), ("strings.Repeat(", "Times"),
        ("strings.HasPrefix(", "StartsWith"), ("unicode.IsDigit(", "IsNumeric"),
        ("make(", "new_slice"),
    ],
    "rust": [
        (".len(", "length"), (".push(", "push_back"), (".iter(", "iterate"),
        (".to_string(", "stringify"), (".chars(", "characters"),
        (".unwrap(", "unwrap_value"), (".contains(", "has"), (".insert(", "put"),
        (".abs(", "absolute"), (".sort(", "sorted"), (".sort_by(", "sorted_by"),
        (".sort_unstable(", "sort_fast"), (".is_empty(", "empty"),
        (".split_whitespace(", "split_spaces"), (".trim(", "strip"), (".rev(", "reversed"),
        (".enumerate(", "enumerated"), (".get(", "fetch"), (".join(", "join_all"),
        (".max(", "maximum"), (".min(", "minimum"), (".collect(", "collect_all"),
        (".map(", "map_each"), (".filter(", "where_"),
    ],
    "java": [
        (".size(", "length"), (".add(", "push"), (".get(", "at"), (".length(", "size"),
        (".charAt(", "charAtIndex"), (".equals(", "equalTo"), ("Math.max(", "maximum"),
        ("Math.min(", "minimum"), ("Math.abs(", "absolute"), ("Arrays.sort(", "sorted"),
        ("Collections.sort(", "sorted"), (".put(", "set"), (".containsKey(", "hasKey"),
        (".contains(", "has"), ("Integer.parseInt(", "parse"), ("String.valueOf(", "from"),
        (".toCharArray(", "charArray"), (".append(", "push"), (".isEmpty(", "empty"),
        (".substring(", "substr"), (".toString(", "str"), (".getOrDefault(", "getOr"),
        (".split(", "splitBy"), (".trim(", "strip"),
    ],
    "cpp": [
        ("std::sort(", "sorted"), (".size(", "len"), (".push_back(", "push"),
        ("std::max(", "maximum"), ("std::min(", "minimum"), ("std::reverse(", "reversed"),
        ("std::abs(", "absolute"), ("std::to_string(", "to_str"),
        ("std::accumulate(", "sum_all"), ("std::swap(", "swap_values"),
        (".begin(", "start"), (".empty(", "is_empty"), (".substr(", "substring"),
        (".find(", "index_of"), ("std::unique(", "uniq"), ("std::count(", "count_of"),
        (".length(", "len"), (".count(", "has"), (".insert(", "put"), (".back(", "last"),
    ],
}
WRONG_APIS["typescript"] = WRONG_APIS["javascript"]

# When the answer calls nothing from the table: a call to a helper that was never
# written (the other classic hallucination).
MISSING_HELPER: dict[str, str] = {
    "python": "validate_arguments()",
    "javascript": "validateArguments();",
    "typescript": "validateArguments();",
    "go": "validateArguments()",
    "rust": "validate_arguments();",
    "java": "Helpers.validateArguments();",
    "cpp": "validate_arguments();",
}
