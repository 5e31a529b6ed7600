#!/usr/bin/env python3
"""bench.py CSTK [SIZES...] — time cstk's main commands on generated stores.

For each size (default 1000 10000 100000) a store is generated: a year of
realistic tickets (300 a day at 100k), most of them archived, written as
CSV and loaded with `cstk import` (which is timed too).  Then every command
runs several times; the median wall time and the peak RSS (from wait4) are
printed, with the ratio to the smallest size.  When taskwarrior is
installed (`task`), the same operations on the same number of tasks are
timed and the ratios printed side by side.

Stores live under $BENCH_DIR (default /tmp/cstk-bench) and are reused when
their size matches; nothing is written to the repository.
"""
import csv
import datetime
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time

CSTK = os.path.abspath(sys.argv[1])
SIZES = [int(s) for s in sys.argv[2:]] or [1000, 10000, 100000]
ROOT = os.environ.get("BENCH_DIR", "/tmp/cstk-bench")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))
# Above this size the git rows are left out: copying the store and one
# `git add` of every file take longer than the rest of the bench.
GIT_MAX = int(os.environ.get("BENCH_GIT_MAX", "100000"))
NOW = "2026-11-20T17:30:00+08:00"
END = int(datetime.datetime.fromisoformat(NOW).timestamp())  # nothing generated is after it
ENV = dict(os.environ, CSTK_NOW=NOW, CSTK_USER="bench", LC_ALL="C.UTF-8", TZ="UTC")
ENV.pop("NO_COLOR", None)

SUBJECTS = [
    ("complaint", "logistics", "下单3天未发货"), ("complaint", "logistics", "快递显示签收但没收到"),
    ("after-sales", "hardware", "智能手环无法开机"), ("after-sales", "hardware", "耳机左耳没声音"),
    ("complaint", "payment", "退款申请7天未到账"), ("complaint", "service", "客服态度恶劣"),
    ("after-sales", "invoice", "发票抬头开错"), ("inquiry", "invoice", "电子发票没收到"),
    ("request", "app", "希望App支持夜间模式"), ("inquiry", "order", "如何修改收货地址"),
    ("inquiry", "membership", "会员积分没有到账"), ("complaint", "quality", "商品与描述不符"),
]
TEAMS = {"inquiry": ["chen", "li", "wang"], "complaint": ["zhang", "zhao"],
         "after-sales": ["liu", "sun"], "request": ["zhou"]}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ["丽", "伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇", "军", "杰", "娟"]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+08:00", time.gmtime(t + 8 * 3600))


def generate(n, path):
    """n tickets over the year up to END; deterministic."""
    rnd = random.Random(n)
    span = 365 * 86400
    cols = ["customer", "phone", "customer_id", "tier", "channel", "subject", "description",
            "category", "module", "priority", "assignee", "created", "responded", "resolved",
            "confirmed", "archived", "satisfaction", "revisit_due", "revisited",
            "revisit_satisfaction", "status", "rounds", "escalations", "contacts"]
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for i in range(n):
            created = END - span + int(i * span / n) - rnd.randrange(0, 3600)
            cat, mod, subj = rnd.choice(SUBJECTS)
            pri = rnd.choices(["urgent", "normal", "low"], [2, 5, 3])[0]
            tier = rnd.choices(["new", "regular", "vip"], [3, 6, 1])[0]
            cust = rnd.randrange(0, n // 3 + 10)
            row = dict(customer=SURNAMES[cust % 20] + GIVEN[cust % 14],
                       phone="13%09d" % (cust * 7919 % 10**9), customer_id="C%06d" % cust,
                       tier=tier, channel=rnd.choice(["phone", "chat", "app", "email", "web"]),
                       subject=subj, description="客户反映：%s。订单号 %d。" % (subj, 2026000000 + i),
                       category=cat, module=mod, priority=pri,
                       assignee=rnd.choice(TEAMS[cat]), created=iso(created),
                       rounds="1", escalations=str(int(rnd.random() < 0.1)), contacts="1")
            age = END - created
            resp = created + rnd.randrange(600, 30 * 3600)
            reso = resp + rnd.randrange(3600, 60 * 3600)
            conf = reso + rnd.randrange(3600, 30 * 3600)
            revisit = tier == "vip" or cat == "complaint"
            rdue = conf + (3 if tier == "vip" else 7) * 86400
            rdone = conf + rnd.randrange(86400, 9 * 86400)
            sat = rnd.choices(["satisfied", "neutral", "unsatisfied"], [7, 2, 1])[0]
            if resp < END:
                row["responded"] = iso(resp)
            if reso >= END:
                row["status"] = "assigned"
            elif conf >= END:
                row.update(status="resolved", resolved=iso(reso))
            elif revisit and rdone >= END:
                row.update(status="follow-up", resolved=iso(reso), confirmed=iso(conf),
                           satisfaction=sat, revisit_due=iso(rdue))
            else:
                row.update(status="archived", resolved=iso(reso), confirmed=iso(conf),
                           satisfaction=sat)
                if revisit:
                    row.update(revisit_due=iso(rdue), revisited=iso(rdone),
                               revisit_satisfaction="satisfied", archived=iso(rdone))
                else:
                    row["archived"] = iso(conf)
            if age < 3 * 86400 and rnd.random() < 0.2:
                for k in ("assignee", "responded", "resolved", "confirmed", "archived",
                          "satisfaction", "revisit_due", "revisited", "revisit_satisfaction"):
                    row.pop(k, None)
                row["status"] = "classified"
            w.writerow([row.get(c, "") for c in cols])


def run(args, stdin=None, env=ENV):
    """Wall time (s) and peak RSS (KiB) of one run."""
    t0 = time.perf_counter()
    p = subprocess.Popen(args, stdin=stdin, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    err = p.stderr.read().decode("utf-8", "replace")
    p.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit("bench: %s failed: %s" % (" ".join(args[:4]), err[:300]))
    return dt, ru.ru_maxrss


def capture(args):
    return subprocess.run(args, env=ENV, check=True, capture_output=True, text=True).stdout


def store_for(n):
    d = os.path.join(ROOT, "store-%d" % n)
    mark = os.path.join(d, ".bench-ok")
    if os.path.exists(mark):
        return d, json.load(open(mark))
    if os.path.exists(d):
        shutil.rmtree(d, ignore_errors=True)
        # ext4 without a journal passes over inodes freed in the last minute
        # (recently_deleted()), a buffer lookup each: an import made right
        # after deleting a big store measured up to 2x slower in sys time.
        subprocess.run(["sync"])
        print("bench: waiting 65 s after removing %s (ext4 reuses freed inodes only "
              "after a minute)" % d, file=sys.stderr)
        time.sleep(65)
    os.makedirs(ROOT, exist_ok=True)
    src = os.path.join(ROOT, "tickets-%d.csv" % n)
    generate(n, src)
    subprocess.run([CSTK, "init", d], env=ENV, check=True, stdout=subprocess.DEVNULL)
    t, rss = run([CSTK, "-d", d, "import", src])
    # the first read after an import: the index is whatever import left
    t1, rss1 = run([CSTK, "-d", d, "list"])
    info = {"import_s": t, "import_rss": rss, "first_list_s": t1, "first_list_rss": rss1}
    json.dump(info, open(mark, "w"))
    return d, info


def git_store_for(n, d):
    """The same store kept in git (cstk init --git: git init, one commit of
    everything), beside the plain one."""
    g = d + "-git"
    mark = os.path.join(g, ".git", "bench-ok")
    if os.path.exists(mark):
        return g
    shutil.rmtree(g, ignore_errors=True)
    subprocess.run(["cp", "-a", d, g], check=True)
    os.remove(os.path.join(g, ".bench-ok"))  # the plain store's mark: not a ticket file
    subprocess.run([CSTK, "init", "--git", g], env=ENV, check=True, stdout=subprocess.DEVNULL)
    open(mark, "w").write("ok")
    return g


def index_mib(d):
    total = 0
    for root, _, files in os.walk(os.path.join(d, ".index")):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total / 1048576


def ids_in(d, status, k):
    out = capture([CSTK, "-d", d, "list", "--status", status, "--format", "tsv"])
    ids = [line.split("\t")[0] for line in out.splitlines()[1:]]
    return ids[:k]


def bench_cstk(n):
    d, info = store_for(n)
    # An import of up to 5000 tickets does not wait out the 2 s in which
    # its files are "racy" (index.h): readers then re-read them.  Measure
    # the store as it is a moment later, not the first two seconds.
    time.sleep(2.1)
    c = [CSTK, "-d", d]
    res = {"import": ([info["import_s"]], info["import_rss"])}
    if "first_list_s" in info:
        res["first list (import)"] = ([info["first_list_s"]], info["first_list_rss"])

    def many(name, argsets):
        times, rss = [], 0
        for a in argsets:
            t, r = run(c + a)
            times.append(t)
            rss = max(rss, r)
        res[name] = (times, rss)

    def open_many(cmd):
        """RUNS opens, timed; the new IDs."""
        times, ids = [], []
        for i in range(RUNS):
            t0 = time.perf_counter()
            out = subprocess.run(cmd + ["open", "--customer", "王丽", "--channel", "phone",
                                        "--subject", "bench %d" % i], env=ENV, check=True,
                                 capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            ids.append(out.stdout.strip())
        return times, ids

    times, opened = open_many(c)
    res["open"] = (times, 0)
    many("classify", [["classify", x, "--category", "inquiry", "--priority", "low"] for x in opened])
    many("assign", [["assign", x, "--to", "li"] for x in opened])
    many("update", [["update", x, "--note", "进展 %d" % i] for i, x in enumerate(opened)])
    many("close", [["close", x, "--resolution", "done"] for x in opened])
    vip = []
    for x in opened:
        subprocess.run(c + ["update", x, "--set", "customer.tier=vip"], env=ENV, check=True)
    many("close --satisfaction", [["close", x, "--satisfaction", "satisfied"] for x in opened])
    many("revisit", [["revisit", x, "--satisfaction", "satisfied"] for x in opened])
    many("show", [["show", opened[0]]] * RUNS)
    many("list", [["list"]] * RUNS)
    many("list --overdue", [["list", "--overdue"]] * RUNS)
    # an agent's day (SPEC §10): find a caller, work the queue, the agenda
    many("list --phone", [["list", "--all", "--phone", "5678"]] * RUNS)
    # 王丽 is one customer in 140 here (280 names in all); a name no one has
    # is what a search for a real caller costs before its few rows.
    many("list --customer", [["list", "--all", "--customer", "王丽"]] * RUNS)
    many("list --customer (none)", [["list", "--all", "--customer", "欧阳"]] * RUNS)
    many("list --all --grep", [["list", "--all", "--grep", "订单号 2026000123"]] * RUNS)
    many("list --mine --sort urgency", [["--by", "li", "list", "--mine", "--sort", "urgency"]] * RUNS)
    many("agenda", [["--by", "li", "agenda"]] * RUNS)
    many("revisit worklist", [["revisit", "--due", "2026-12-31", "--format", "csv"]] * RUNS)
    many("report --week", [["report", "--week", "2026-W46"]] * RUNS)
    many("report --no-compare", [["report", "--week", "2026-W46", "--no-compare"]] * RUNS)
    many("report --by category", [["report", "--week", "2026-W46", "--by", "category"]] * RUNS)
    many("report --trend 12 html", [["report", "--week", "2026-W46", "--trend", "12",
                                     "--format", "html"]] * RUNS)
    many("report --month json", [["report", "--month", "2026-10", "--format", "json"]] * RUNS)
    many("report (a year)", [["report", "--since", "2025-11-20", "--until", "2026-11-20",
                              "--no-compare"]] * RUNS)
    many("export --all", [["export", "--all"]] * max(3, RUNS // 2))
    many("check", [["check"]] * (3 if n <= 100000 else 1))
    res["_index_mib"] = index_mib(d)
    if n > GIT_MAX:
        return res
    # a store kept in git (SPEC §11): every write is a commit
    g = git_store_for(n, d)
    cg = [CSTK, "-d", g]
    run(cg + ["list"])  # the clone's index, built once
    times, gopened = open_many(cg)
    res["open (git)"] = (times, 0)
    c = cg
    many("update (git)", [["update", x, "--note", "进展 %d" % i] for i, x in enumerate(gopened)])
    c = [CSTK, "-d", d]
    # what a commit would cost if it let git look at the tree
    times = [run(["git", "-C", g, "status", "--porcelain"])[0] for _ in range(RUNS)]
    res["git status (scan)"] = (times, 0)
    return res


def bench_task(n):
    """The same operations in taskwarrior, on n tasks (most completed)."""
    if shutil.which("task") is None:
        return None
    d = os.path.join(ROOT, "task-%d" % n)
    rc = os.path.join(d, "taskrc")
    env = dict(ENV, TASKRC=rc, TASKDATA=d)
    if not os.path.exists(os.path.join(d, ".bench-ok")):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        open(rc, "w").write("data.location=%s\nconfirmation=off\nverbose=nothing\n"
                            "gc=off\nrecurrence=off\n" % d)
        rnd = random.Random(n)
        with open(os.path.join(d, "import.json"), "w") as f:
            for i in range(n):
                st = "completed" if rnd.random() < 0.93 else "pending"
                t = {"uuid": "%08x-0000-4000-8000-%012x" % (i, i), "description": "客户反映 %d" % i,
                     "status": st, "entry": "20260101T000000Z", "project": "cs",
                     "priority": "M", "tags": ["complaint"]}
                if st == "completed":
                    t["end"] = "20260102T000000Z"
                f.write(json.dumps(t, ensure_ascii=False) + "\n")
        subprocess.run(["task", "import", os.path.join(d, "import.json")], env=env, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        open(os.path.join(d, ".bench-ok"), "w").write("ok")
    res = {}

    def many(name, args, k=RUNS):
        times, rss = [], 0
        for i in range(k):
            t, r = run(["task"] + [a.replace("{i}", str(i)) for a in args], env=env)
            times.append(t)
            rss = max(rss, r)
        res[name] = (times, rss)

    many("open", ["add", "bench {i}", "project:cs"])
    many("update", ["1", "annotate", "进展 {i}"])
    many("list", ["list"])
    many("report --week", ["summary"])
    many("export --all", ["export"], max(3, RUNS // 2))
    return res


def main():
    results, tasks = {}, {}
    for n in SIZES:
        print("bench: %d tickets..." % n, file=sys.stderr)
        results[n] = bench_cstk(n)
        tasks[n] = bench_task(n)
    base = SIZES[0]
    print("cstk bench, %s, median of %d runs (import: once), peak RSS from wait4" %
          (time.strftime("%Y-%m-%d"), RUNS))
    print()
    head = "%-22s" % "command" + "".join("%14s" % ("%dk ms" % (n // 1000)) for n in SIZES)
    head += "%12s" % ("ratio %dk/%dk" % (SIZES[-1] // 1000, base // 1000))
    head += "%12s" % ("RSS MiB %dk" % (SIZES[-1] // 1000))
    print(head)
    for name in results[base]:
        if name.startswith("_"):
            continue
        meds = [statistics.median(results[n][name][0]) * 1000 if name in results[n] else None
                for n in SIZES]
        row = "%-22s" % name + "".join("%14s" % "-" if m is None else "%14.1f" % m
                                       for m in meds)
        if meds[-1] is None:
            print(row)
            continue
        rss = results[SIZES[-1]][name][1] / 1024
        print(row + "%12.2f" % (meds[-1] / meds[0]) + "%12.1f" % rss)
    print("%-22s" % "index on disk (MiB)" +
          "".join("%14.1f" % results[n]["_index_mib"] for n in SIZES))
    if SIZES[-1] > GIT_MAX:
        print("(git rows are left out above %d tickets: BENCH_GIT_MAX)" % GIT_MAX)
    if any(tasks.values()):
        print()
        print("taskwarrior on the same number of tasks (median ms), and cstk's speed-up:")
        for name in tasks[SIZES[0]] or {}:
            row = "%-22s" % name
            for n in SIZES:
                tm = statistics.median(tasks[n][name][0]) * 1000
                cm = statistics.median(results[n][name][0]) * 1000
                row += "%10.1f (x%.1f)" % (tm, tm / cm)
            print(row)
    else:
        print()
        print("(taskwarrior not installed: apt-get install taskwarrior to compare)")


if __name__ == "__main__":
    main()
