#!/usr/bin/env python3
"""Module graph of a Rust workspace checkout: for each crate under crates/*/src, every module
(one file) and the modules of the same crate it uses, the cycles among them, and the files over
500 lines.

Usage: modgraph.py CHECKOUT_DIR [--limit N] [--check]

With --check it prints only the cycle counts and exits 1 if normal code has any cycle
(scripts/test runs it so).

What counts as a use: a `use` tree or an inline path that starts with `crate::`, `super::`,
`self::`, a child module's name, or a name that a `use` in the same file brought in. Paths are
resolved through re-exports (`pub use x::Y`, `pub use x::*`), so `crate::Simulation` counts as a
use of `sim`, not of the crate root.

Edges are marked: plain (normal code), [test] (inside a `#[cfg(test)]` item), [doc]
(`#[cfg(doc)] use`, for doc links only). Cycles are computed on plain edges, twice:
  * file level: strongly connected components of modules, where an edge from a module to one of
    its own descendants (a parent mod.rs using or re-exporting its children) is not counted,
    but a child using a module outside itself is;
  * top level: every module collapsed into its top-level module (script::driver -> script), the
    crate root left out; the architecture's arrows between the crate's parts.
Then the same two with test edges included, for information.
"""
import os
import re
import sys
from collections import defaultdict

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
KEYWORDS_ROOT = {"crate", "super", "self"}


def strip(src):
    """Source with comments, strings and char literals blanked (newlines kept)."""
    out = []
    i, n = 0, len(src)

    def blank(s):
        return "".join(c if c == "\n" else " " for c in s)

    while i < n:
        c = src[i]
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(blank(src[i:j]))
            i = j
        elif src.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(blank(src[i:j]))
            i = j
        elif (c in "rb") and re.match(r'(br|r)#*"', src[i:i + 40]) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_")):
            m = re.match(r'(br|r)(#*)"', src[i:])
            hashes = m.group(2)
            end = src.find('"' + hashes, i + m.end())
            end = n if end < 0 else end + 1 + len(hashes)
            out.append(blank(src[i:end]))
            i = end
        elif c == '"' or (c == "b" and src.startswith('b"', i) and (i == 0 or not (src[i - 1].isalnum() or src[i - 1] == "_"))):
            j = i + (2 if c == "b" else 1)
            while j < n and src[j] != '"':
                j += 2 if src[j] == "\\" else 1
            out.append(blank(src[i:j + 1]))
            i = j + 1
        elif c == "'":
            if i + 1 < n and src[i + 1] == "\\":
                j = src.find("'", i + 2)
                out.append(blank(src[i:j + 1]))
                i = j + 1
            elif i + 2 < n and src[i + 2] == "'":
                out.append("   ")
                i += 3
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def match_brace(code, open_at):
    depth = 0
    for j in range(open_at, len(code)):
        if code[j] == "{":
            depth += 1
        elif code[j] == "}":
            depth -= 1
            if depth == 0:
                return j
    return len(code)


def attrs_before(code, pos):
    """The attributes written just before the item starting at pos (e.g. '#[cfg(test)]')."""
    k = pos
    found = []
    while True:
        before = code[:k].rstrip()
        if before.endswith("]"):
            # find the matching '#['
            depth, j = 0, len(before) - 1
            while j >= 0:
                if before[j] == "]":
                    depth += 1
                elif before[j] == "[":
                    depth -= 1
                    if depth == 0:
                        break
                j -= 1
            if j > 0 and before[j - 1] == "#":
                found.append(re.sub(r"\s+", "", before[j - 1:]))
                k = j - 1
                continue
        return found


class Module:
    def __init__(self, path, file, crate_dir):
        self.path = path  # tuple of names, () for the crate root
        self.file = file
        self.rel = os.path.relpath(file, crate_dir)
        self.src = open(file, encoding="utf-8").read()
        self.lines = self.src.count("\n") + (0 if self.src.endswith("\n") else 1)
        self.code = strip(self.src)
        self.children = set()  # declared `mod x;`
        self.defined = set()  # pub item names defined here
        self.reexports = {}  # exported name -> full path tuple (absolute)
        self.globs = []  # absolute paths of `pub use x::*`
        self.uses = []  # (abs path tuple, kind, line)
        self.aliases = {}  # local name -> abs path tuple
        self.inline = []  # (start, end, name, is_test)

    def name(self):
        return "::".join(self.path) if self.path else "(crate root)"


def discover(crate_dir):
    src = os.path.join(crate_dir, "src")
    mods = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            full = os.path.join(dirpath, f)
            rel = os.path.relpath(full, src)[:-3].split(os.sep)
            if rel in (["lib"], ["main"]):
                path = ()
            elif rel[-1] == "mod":
                path = tuple(rel[:-1])
            else:
                path = tuple(rel)
            if path == () and () in mods:
                continue  # lib.rs and main.rs both: take the first (lib)
            mods[path] = Module(path, full, crate_dir)
    return mods


def parse_use_tree(text):
    """Flattens a use tree 'a::{b, c::d as e, f::*}' into [(segments, alias)]."""
    toks = re.findall(IDENT + r"|::|[{},*]", text)
    pos = [0]

    def peek():
        return toks[pos[0]] if pos[0] < len(toks) else None

    def take():
        t = peek()
        pos[0] += 1
        return t

    res = []

    def tree(prefix):
        segs = list(prefix)
        while True:
            t = peek()
            if t is None:
                return
            if t == "{":
                take()
                while peek() not in (None, "}"):
                    tree(segs)
                    if peek() == ",":
                        take()
                take()
                return
            if t == "*":
                take()
                res.append((segs + ["*"], None))
                return
            segs.append(take())
            if peek() == "::":
                take()
                continue
            alias = None
            if peek() == "as":
                take()
                alias = take()
            res.append((segs, alias))
            return

    while peek() is not None:
        tree([])
        if peek() == ",":
            take()
        elif peek() is not None:
            take()
    return res


def use_statements(code):
    """(start, end, body, is_pub) for each `use ...;` in code."""
    for m in re.finditer(r"(?<![A-Za-z0-9_])(pub(\s*\([^)]*\))?\s+)?use\s+([^;]*);", code):
        yield m.start(), m.end(), m.group(3), bool(m.group(1))


def prepare(mods):
    for mod in mods.values():
        code = mod.code
        for m in re.finditer(r"(?<![A-Za-z0-9_])mod\s+(" + IDENT + r")\s*([;{])", code):
            if m.group(2) == ";":
                mod.children.add(m.group(1))
            else:
                open_at = m.end() - 1
                end = match_brace(code, open_at)
                # look back over the visibility to the attributes
                lead = re.search(r"(pub(\([^)]*\))?\s+)?$", code[:m.start()])
                attrs = attrs_before(code, lead.start())
                mod.inline.append((open_at, end, m.group(1), any(a.startswith("#[cfg(test") for a in attrs)))
        for m in re.finditer(r"(?<![A-Za-z0-9_])pub(\s*\([^)]*\))?\s+(?:const\s+fn|unsafe\s+fn|async\s+fn|struct|enum|fn|const|static|type|trait|union)\s+(" + IDENT + r")", code):
            if not inline_chain(mod, m.start()):
                mod.defined.add(m.group(2))
        for m in re.finditer(r"macro_rules!\s*(" + IDENT + r")", code):
            mod.defined.add(m.group(1))


def inline_chain(mod, pos):
    return [r for r in mod.inline if r[0] <= pos <= r[1]]


def absolutize(mod, segs, pos, mods):
    """Turns a path's segments into an absolute path tuple (from the crate root), or None when it
    does not start inside the crate."""
    chain = inline_chain(mod, pos)
    cur = list(mod.path) + [r[2] for r in chain]
    file_depth = len(mod.path)
    first = segs[0]
    if first == "crate":
        return tuple(segs[1:])
    if first in ("super", "self"):
        base = cur
        i = 0
        while i < len(segs) and segs[i] in ("super", "self"):
            if segs[i] == "super":
                base = base[:-1]
            i += 1
        return tuple(base) + tuple(segs[i:])
    # relative: a child module of the current (file) module, or a local alias
    if len(cur) == file_depth and first in mod.children:
        return tuple(mod.path) + tuple(segs)
    if first in mod.aliases:
        return tuple(mod.aliases[first]) + tuple(segs[1:])
    if first in mod.children:
        return tuple(mod.path) + tuple(segs)
    return None


def resolve(abs_path, mods, seen=None):
    """The file module an absolute path lands in, following re-exports."""
    seen = seen or set()
    if abs_path in seen:
        return None
    seen = seen | {abs_path}
    cur = ()
    segs = list(abs_path)
    i = 0
    while i < len(segs):
        s = segs[i]
        if s == "*":
            return cur
        m = mods.get(cur)
        if m is None:
            return cur
        nxt = cur + (s,)
        if nxt in mods:
            cur = nxt
            i += 1
            continue
        # an item or a re-export in module cur
        if s in m.defined:
            return cur
        if s in m.reexports:
            return resolve(tuple(m.reexports[s]) + tuple(segs[i + 1:]), mods, seen)
        for g in m.globs:
            g = tuple(g)
            target = resolve(g + (s,) + tuple(segs[i + 1:]), mods, seen)
            gm = mods.get(g)
            if target is not None and (target != g or (gm is not None and s in gm.defined)):
                return target
        return cur
    return cur


def resolved_uses(mod, mods, start, body):
    """The crate-absolute paths one `use` statement names (std, core and alloc left out), with aliases."""
    for segs, alias in parse_use_tree(body):
        if not segs or segs[0] in ("std", "core", "alloc"):
            continue
        absp = absolutize(mod, segs, start, mods)
        if absp is None:
            continue
        if absp and absp[-1] == "self":
            absp = absp[:-1]
        yield absp, alias


def collect(mods):
    # pass 1: aliases and re-exports from use statements
    for mod in mods.values():
        for start, end, body, is_pub in use_statements(mod.code):
            for absp, alias in resolved_uses(mod, mods, start, body):
                name = alias or (absp[-1] if absp else None)
                in_inline = bool(inline_chain(mod, start))
                if name and name != "*" and not in_inline:
                    mod.aliases[name] = absp
                    if is_pub:
                        mod.reexports[name] = absp
                elif name == "*" and is_pub and not in_inline:
                    mod.globs.append(absp[:-1])
    # pass 2: uses
    for mod in mods.values():
        code = mod.code
        use_spans = []
        cfg_doc_spans = []
        for start, end, body, is_pub in use_statements(code):
            use_spans.append((start, end))
            attrs = attrs_before(code, start)
            kind_extra = "doc" if any(a.startswith("#[cfg(doc") for a in attrs) else None
            test_attr = any(a.startswith("#[cfg(test") for a in attrs)
            for absp, _ in resolved_uses(mod, mods, start, body):
                add_use(mod, absp, start, mods, kind_extra, test_attr)
        for m in re.finditer(r"(?<![A-Za-z0-9_:])(" + IDENT + r")((?:\s*::\s*(?:" + IDENT + r"))+)", code):
            if any(s <= m.start() < e for s, e in use_spans):
                continue
            segs = [m.group(1)] + [x.strip() for x in m.group(2).split("::") if x.strip()]
            if segs[0] in ("std", "core", "alloc"):
                continue
            absp = absolutize(mod, segs, m.start(), mods)
            if absp is None:
                continue
            add_use(mod, absp, m.start(), mods, None, False)


def add_use(mod, absp, pos, mods, extra, test_attr):
    target = resolve(absp, mods)
    if target is None or target == mod.path:
        return
    chain = inline_chain(mod, pos)
    kind = extra or ("test" if test_attr or any(r[3] for r in chain) else "plain")
    line = mod.code.count("\n", 0, pos) + 1
    mod.uses.append((target, kind, line))


def edges_of(mods, kinds):
    e = defaultdict(set)
    for mod in mods.values():
        for target, kind, _ in mod.uses:
            if kind in kinds:
                e[mod.path].add(target)
    return e


def is_descendant(a, b):
    """b is inside a (a is b's ancestor), a != b."""
    return len(b) > len(a) and b[:len(a)] == a


def scc(nodes, edges):
    index, low, onstack, stack, out = {}, {}, set(), [], []
    counter = [0]
    sys.setrecursionlimit(10000)

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        onstack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in onstack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                onstack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            strong(v)
    return sorted(out)


def fmt(p):
    return "::".join(p) if p else "(crate root)"


def cycle_report(mods, kinds, label, lines):
    e = edges_of(mods, kinds)
    file_edges = {a: {b for b in bs if not is_descendant(a, b)} for a, bs in e.items()}
    comps = scc(mods.keys(), file_edges)
    lines.append(f"  cycles, file level ({label}): {len(comps)}")
    for c in comps:
        lines.append("    { " + ", ".join(fmt(x) for x in c) + " }")
        cs = set(c)
        for a in c:
            for b in sorted(file_edges.get(a, ())):
                if b in cs:
                    where = sorted({ln for t, k, ln in mods[a].uses if t == b and k in kinds})
                    lines.append(f"        {fmt(a)} -> {fmt(b)}   ({mods[a].rel}:{','.join(map(str, where[:8]))}{',…' if len(where) > 8 else ''})")
    top = defaultdict(set)
    detail = defaultdict(set)
    for a, bs in e.items():
        if not a:
            continue
        for b in bs:
            if not b or a[0] == b[0]:
                continue
            top[(a[0],)].add((b[0],))
            detail[((a[0],), (b[0],))].add((a, b))
    tnodes = {(p[0],) for p in mods if p}
    tcomps = scc(tnodes, top)
    lines.append(f"  cycles, top level ({label}): {len(tcomps)}")
    for c in tcomps:
        lines.append("    { " + ", ".join(fmt(x) for x in c) + " }")
        cs = set(c)
        for a in c:
            for b in sorted(top.get(a, ())):
                if b in cs:
                    via = ", ".join(f"{fmt(x)} -> {fmt(y)}" for x, y in sorted(detail[(a, b)]))
                    lines.append(f"        {fmt(a)} -> {fmt(b)}   via {via}")


def main():
    args = sys.argv[1:]
    limit = 500
    if "--limit" in args:
        k = args.index("--limit")
        limit = int(args[k + 1])
        del args[k:k + 2]
    check = "--check" in args
    if check:
        args.remove("--check")
    root = args[0] if args else "."
    out = []
    crates_dir = os.path.join(root, "crates")
    for crate in sorted(os.listdir(crates_dir)):
        crate_dir = os.path.join(crates_dir, crate)
        if not os.path.isdir(os.path.join(crate_dir, "src")):
            continue
        mods = discover(crate_dir)
        prepare(mods)
        collect(mods)
        out.append(f"== crate {crate} ({len(mods)} modules, {sum(m.lines for m in mods.values())} lines in src/)")
        for path in sorted(mods):
            m = mods[path]
            by_kind = defaultdict(set)
            for t, k, _ in m.uses:
                by_kind[t].add(k)
            parts = []
            for t in sorted(by_kind):
                ks = by_kind[t]
                tag = "" if "plain" in ks else " [" + "/".join(sorted(ks)) + "]"
                parts.append(fmt(t) + tag)
            out.append(f"  {m.name():<28} {m.lines:>5}  {m.rel}")
            out.append("      uses: " + (", ".join(parts) if parts else "-"))
        cycle_report(mods, {"plain"}, "normal code", out)
        cycle_report(mods, {"plain", "test"}, "with #[cfg(test)] code", out)
        out.append("")
    out.append(f"== files over {limit} lines (all .rs under crates/)")
    big = []
    for dirpath, _, files in os.walk(crates_dir):
        if "/target" in dirpath:
            continue
        for f in files:
            if f.endswith(".rs"):
                full = os.path.join(dirpath, f)
                with open(full, encoding="utf-8") as fh:
                    n = sum(1 for _ in fh)
                if n > limit:
                    big.append((n, os.path.relpath(full, root)))
    for n, p in sorted(big, reverse=True):
        out.append(f"  {n:>5}  {p}")
    if not big:
        out.append("  (none)")
    if check:
        summary = [l for l in out if l.startswith("== crate") or "cycles," in l]
        print("\n".join(summary))
        bad = [l for l in out if "cycles," in l and "(normal code)" in l and not l.rstrip().endswith(": 0")]
        sys.exit(1 if bad else 0)
    print("\n".join(out))


if __name__ == "__main__":
    main()
