"""Print the figures of a locust run from its CSV files: errors, p95 per page, requests per second.

python bench/loadtest/summary.py var/loadtest/<run>/locust
"""

import csv
import sys
from pathlib import Path


def _rows(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main(prefix: str, worker_cpu_seconds: str | None = None) -> int:
    stats = _rows(Path(f"{prefix}_stats.csv"))
    failures = _rows(Path(f"{prefix}_failures.csv"))
    total = next(row for row in stats if row["Name"] == "Aggregated")
    pages = [row for row in stats if row["Name"] != "Aggregated"]
    width = max(len(f"{r['Type']} {r['Name']}") for r in pages)
    print(
        f"{'page':<{width}}  {'requests':>8}  {'errors':>6}  {'median ms':>9}  {'p95 ms':>6}  {'p99 ms':>6}  {'max ms':>7}  {'req/s':>6}"
    )
    for row in sorted(pages, key=lambda r: r["Name"]):
        print(
            f"{row['Type'] + ' ' + row['Name']:<{width}}  {row['Request Count']:>8}  {row['Failure Count']:>6}  "
            f"{row['Median Response Time']:>9}  {row['95%']:>6}  {row['99%']:>6}  "
            f"{float(row['Max Response Time']):>7.0f}  {float(row['Requests/s']):>6.2f}"
        )
    print(
        f"TOTAL: {total['Request Count']} requests, {total['Failure Count']} errors, "
        f"p95 {total['95%']} ms, p99 {total['99%']} ms, {float(total['Requests/s']):.1f} requests/s"
    )
    if worker_cpu_seconds is not None and int(total["Request Count"]):
        cpu = float(worker_cpu_seconds)
        per_request = cpu * 1000 / int(total["Request Count"])
        print(
            f"gunicorn workers used {cpu:.0f} CPU seconds: {per_request:.0f} ms of CPU per request "
            f"(so about {1000 / per_request:.1f} requests/s per idle core, database not counted)"
        )
    for row in failures:
        print(f"  error: {row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
