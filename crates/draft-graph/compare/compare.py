"""Compare draft's graph store with a peer tool's edge list.

Usage:
  compare.py python STORE PARENT_DIR PEER_EDGES [PACKAGE]   # peer: `importer imported` (grimp);
                                                            # PACKAGE keeps only edges inside it
  compare.py node STORE BASE_DIR PEER_JSON        # peer: madge --json output (paths relative to BASE_DIR)

Prints counts (both / only draft / only peer) and the differing edges.
"""

import json
import sys


def module_name(path, parent):
    rel = path[len(parent) + 1:] if parent else path
    for ext in (".pyi", ".py"):
        if rel.endswith(ext):
            rel = rel[: -len(ext)]
    parts = rel.split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def main():
    mode, store, base, peer = sys.argv[1:5]
    graph = json.load(open(store))["graph"]
    mine = set()
    prefix = base.strip("/")
    for e in graph["edges"]:
        if e["status"] != "resolved" or e["from"] == e["to"]:
            continue
        if prefix and not (e["from"].startswith(prefix + "/") and e["to"].startswith(prefix + "/")):
            continue
        if mode == "python":
            a, b = module_name(e["from"], prefix), module_name(e["to"], prefix)
            keep = len(sys.argv) < 6 or all(m == sys.argv[5] or m.startswith(sys.argv[5] + ".") for m in (a, b))
            if a != b and keep:
                mine.add((a, b))
        else:
            strip = len(prefix) + 1 if prefix else 0
            mine.add((e["from"][strip:], e["to"][strip:]))
    theirs = set()
    if mode == "python":
        for line in open(peer):
            a, b = line.split()
            theirs.add((a, b))
    else:
        for a, bs in json.load(open(peer)).items():
            for b in bs:
                theirs.add((a, b))
    both, only_mine, only_theirs = mine & theirs, mine - theirs, theirs - mine
    print(f"both {len(both)}  only-draft {len(only_mine)}  only-peer {len(only_theirs)}")
    for a, b in sorted(only_mine):
        print(f"  only draft: {a} -> {b}")
    for a, b in sorted(only_theirs):
        print(f"  only peer:  {a} -> {b}")


main()
