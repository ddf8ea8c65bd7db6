#!/usr/bin/env python3
"""flame.py - draws a flame graph (an icicle: callers on top) as SVG from collapsed stacks.

Input: async-profiler's `collapsed` output (one line per stack: `frame;frame;...;frame COUNT`).
Output: an SVG that GitHub shows inline in Markdown, which async-profiler's own HTML is not.
Written here because the usual renderer (Brendan Gregg's flamegraph.pl) is not packaged for this
machine's Debian, and the picture needs nothing more than rectangles and labels.

Usage: flame.py IN.collapsed OUT.svg "title"
"""
import html
import sys

WIDTH, ROW, FONT = 1200, 17, 11
MIN_PX = 1.0  # frames narrower than this are not drawn


def load(path):
    root = {"n": 0, "kids": {}}
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        node = root
        node["n"] += n
        for frame in stack.split(";"):
            node = node["kids"].setdefault(frame, {"n": 0, "kids": {}})
            node["n"] += n
    return root


def colour(frame):
    if frame.endswith("_[k]"):
        return "#e8a33d"  # kernel
    if frame.startswith("org/p2sgate") or frame.startswith("org.p2sgate"):
        return "#5b9bd5"  # ours
    if "/" in frame or "." in frame.split("(")[0]:
        return "#70ad47"  # Java (JDK and libraries)
    return "#d9534f"  # native (JVM, libc)


def main():
    src, out, title = sys.argv[1], sys.argv[2], sys.argv[3]
    root = load(src)
    if root["n"] == 0:
        sys.exit(f"flame.py: no samples in {src}")
    scale = WIDTH / root["n"]
    parts = []
    deepest = [0]

    def draw(node, name, x, level):
        w = node["n"] * scale
        if w < MIN_PX:
            return
        y = (level + 1) * ROW
        deepest[0] = max(deepest[0], level + 1)
        pct = 100.0 * node["n"] / root["n"]
        label = html.escape(name)
        parts.append(
            f'<g><title>{label} ({pct:.1f}%)</title>'
            f'<rect x="{x:.2f}" y="{y}" width="{w:.2f}" height="{ROW - 1}" '
            f'fill="{colour(name)}" rx="1"/>'
        )
        chars = int(w / (FONT * 0.62))
        if chars >= 4:
            text = name if len(name) <= chars else name[: chars - 2] + ".."
            parts.append(f'<text x="{x + 2:.2f}" y="{y + ROW - 5}">{html.escape(text)}</text>')
        parts.append("</g>")
        cx = x
        for kid_name, kid in sorted(node["kids"].items(), key=lambda kv: -kv[1]["n"]):
            draw(kid, kid_name, cx, level + 1)
            cx += kid["n"] * scale

    cx = 0.0
    for name, kid in sorted(root["kids"].items(), key=lambda kv: -kv[1]["n"]):
        draw(kid, name, cx, 0)
        cx += kid["n"] * scale
    height = (deepest[0] + 2) * ROW
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'font-family="monospace" font-size="{FONT}">',
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="4" y="{ROW - 4}">{html.escape(title)} ({root["n"]} samples; '
        "blue p2sgate, green Java, orange kernel, red native)</text>",
    ]
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(head + parts + ["</svg>"]))


if __name__ == "__main__":
    main()
