"""Larger references in the statically typed languages (maps, generics, closures,
classes, string handling) for checking that type-safe mutants still compile."""

from __future__ import annotations

RICH = {
    "typescript": '''\
interface Counter<K> {
  add(key: K): void;
  top(n: number): Array<[K, number]>;
}

class WordCounter implements Counter<string> {
  private counts: Map<string, number> = new Map<string, number>();

  add(key: string): void {
    const prev = this.counts.get(key) ?? 0;
    this.counts.set(key, prev + 1);
  }

  top(n: number): Array<[string, number]> {
    const items: Array<[string, number]> = Array.from(this.counts.entries());
    items.sort((a, b) => (b[1] !== a[1] ? b[1] - a[1] : a[0] < b[0] ? -1 : 1));
    return items.slice(0, Math.max(0, n));
  }
}

function topWords(text: string, n: number): string[] {
  const counter = new WordCounter();
  let word = "";
  for (const ch of text.toLowerCase() + " ") {
    if (ch >= "a" && ch <= "z") {
      word += ch;
    } else if (word.length > 0) {
      counter.add(word);
      word = "";
    }
  }
  return counter.top(n).map(([w, c]) => `${w}:${c}`);
}
''',
    "go": '''\
package main

import (
	"fmt"
	"sort"
	"strings"
)

type pair struct {
	word  string
	count int
}

func topWords(text string, n int) []string {
	counts := map[string]int{}
	var b strings.Builder
	for _, r := range strings.ToLower(text) + " " {
		if r >= 'a' && r <= 'z' {
			b.WriteRune(r)
		} else if b.Len() > 0 {
			counts[b.String()]++
			b.Reset()
		}
	}
	pairs := make([]pair, 0, len(counts))
	for w, c := range counts {
		pairs = append(pairs, pair{w, c})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].count != pairs[j].count {
			return pairs[i].count > pairs[j].count
		}
		return pairs[i].word < pairs[j].word
	})
	if n < 0 {
		n = 0
	}
	if n > len(pairs) {
		n = len(pairs)
	}
	out := []string{}
	for _, p := range pairs[:n] {
		out = append(out, fmt.Sprintf("%s:%d", p.word, p.count))
	}
	return out
}
''',
    "rust": '''\
use std::collections::HashMap;

struct Counter<'a> {
    counts: HashMap<&'a str, usize>,
}

impl<'a> Counter<'a> {
    fn add(&mut self, w: &'a str) {
        *self.counts.entry(w).or_insert(0) += 1;
    }

    fn top(&self, n: usize) -> Vec<(&'a str, usize)> {
        let mut items: Vec<(&'a str, usize)> = self.counts.iter().map(|(k, v)| (*k, *v)).collect();
        items.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        items.into_iter().take(n).collect::<Vec<_>>()
    }
}

fn top_words(text: &str, n: i64) -> Vec<String> {
    let lower = text.to_lowercase();
    let mut counter = Counter { counts: HashMap::new() };
    for w in lower.split(|c: char| !c.is_ascii_lowercase()) {
        if w.len() > 0 {
            counter.add(w);
        }
    }
    let k = if n < 0 { 0 } else { n as usize };
    counter.top(k).iter().map(|(w, c)| format!("{}:{}", w, c)).collect()
}
''',
    "java": '''\
import java.util.*;
import java.util.stream.Collectors;

interface Counter<K> {
    void add(K key);
    List<Map.Entry<K, Integer>> top(int n);
}

class WordCounter implements Counter<String> {
    private final Map<String, Integer> counts = new HashMap<>();

    public void add(String key) {
        counts.merge(key, 1, Integer::sum);
    }

    public List<Map.Entry<String, Integer>> top(int n) {
        List<Map.Entry<String, Integer>> items = new ArrayList<>(counts.entrySet());
        items.sort((a, b) -> !a.getValue().equals(b.getValue())
                ? b.getValue() - a.getValue() : a.getKey().compareTo(b.getKey()));
        return items.subList(0, Math.min(Math.max(n, 0), items.size()));
    }
}

class Solution {
    static List<String> topWords(String text, int n) {
        WordCounter counter = new WordCounter();
        StringBuilder word = new StringBuilder();
        for (char c : (text.toLowerCase() + " ").toCharArray()) {
            if (c >= 'a' && c <= 'z') {
                word.append(c);
            } else if (word.length() > 0) {
                counter.add(word.toString());
                word.setLength(0);
            }
        }
        return counter.top(n).stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.toList());
    }
}
''',
    "cpp": '''\
#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <utility>
#include <vector>

template <typename K>
class Counter {
public:
    void add(const K& key) { counts_[key] += 1; }
    std::vector<std::pair<K, int>> top(int n) const {
        std::vector<std::pair<K, int>> items(counts_.begin(), counts_.end());
        std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) {
            if (a.second != b.second) return a.second > b.second;
            return a.first < b.first;
        });
        if (n < 0) n = 0;
        if ((size_t)n < items.size()) items.resize(n);
        return items;
    }
private:
    std::map<K, int> counts_;
};

std::vector<std::string> top_words(const std::string& text, int n) {
    Counter<std::string> counter;
    std::string word;
    for (char c : text + " ") {
        char l = (char)std::tolower((unsigned char)c);
        if (l >= 'a' && l <= 'z') {
            word.push_back(l);
        } else if (!word.empty()) {
            counter.add(word);
            word.clear();
        }
    }
    std::vector<std::string> out;
    for (const auto& p : counter.top(n)) {
        out.push_back(p.first + ":" + std::to_string(p.second));
    }
    return out;
}
''',
}

# Minimal harnesses that only need to compile against the code above.
HARNESS = {
    "typescript": ("const r: string[] = topWords('a b a', 1);\n"
                   "if (r[0] !== 'a:2') { throw new Error('x'); }\n"),
    "go": "package main\n\nfunc main() {\n\t_ = topWords(\"a b a\", 1)\n}\n",
    "rust": "fn main() {\n    let _ = top_words(\"a b a\", 1);\n}\n",
    "java": ("public class Main {\n    public static void main(String[] a) {\n"
             "        Solution.topWords(\"a b a\", 1);\n    }\n}\n"),
    "cpp": "int main() {\n    return top_words(\"a b a\", 1).size() == 1 ? 0 : 1;\n}\n",
}
