"""Score an examinee's answer sheet against the key of a paper test.

    chapterdeck export --quiz --seed N -o DIR      # DIR/quiz.md, DIR/key.md
    python bench/paper_score.py DIR/key.md DIR/quiz.md ANSWERS.md

The answer sheet is a Markdown table of `| question | answer |` rows, written as the key
writes its answers (`B`; `A, C`; `C A B`; `1 D, 2 A`). A single choice is right when its
letter matches; a multiple, order or match question only when it is wholly right. Prints the
figures by type and overall, and which questions were right and wrong. docs/quiz-validation.md
says how the bank was measured with it.
"""
import re, sys
from pathlib import Path

def table(path):
    rows = {}
    for line in Path(path).read_text().splitlines():
        m = re.match(r"\|\s*(\d+)\s*\|\s*(.*?)\s*\|\s*$", line)
        if m:
            rows[int(m.group(1))] = m.group(2)
    return rows

def kinds(quiz):
    out = {}
    for m in re.finditer(r"^## Question (\d+) \(([^)]+)\)", Path(quiz).read_text(), re.M):
        out[int(m.group(1))] = m.group(2)
    return out

def norm(kind, text):
    t = text.upper().replace(";", ",")
    if kind == "match":
        return dict(re.findall(r"(\d+)\s*[:=-]?\s*([A-Z])", t))
    letters = re.findall(r"\b([A-Z])\b", t)
    if kind.startswith("several"):
        return frozenset(letters)
    return tuple(letters)

def main(keyf, quizf, ansf):
    key, ans, kind = table(keyf), table(ansf), kinds(quizf)
    by = {}
    right_ids = []
    for n, k in sorted(key.items()):
        kd = kind[n]
        a = norm(kd, ans.get(n, ""))
        kk = norm(kd, k)
        ok = a == kk
        part = ok
        if kd == "match":
            part = sum(a.get(p) == v for p, v in kk.items()) / len(kk)
        by.setdefault(kd, []).append(ok)
        if ok: right_ids.append(n)
    total = sum(sum(v) for v in by.values()); count = sum(len(v) for v in by.values())
    for kd, v in by.items():
        print(f"{kd}: {sum(v)}/{len(v)} = {100*sum(v)/len(v):.0f}%")
    print(f"all: {total}/{count} = {100*total/count:.0f}%")
    print("right:", " ".join(map(str, right_ids)))
    print("wrong:", " ".join(str(n) for n in sorted(key) if n not in right_ids))

if __name__ == "__main__":
    main(*sys.argv[1:])
