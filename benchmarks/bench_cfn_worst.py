"""Benchmark: worst-case templates at the size limit (issue 16 item 7).

Usage::

    python benchmarks/bench_cfn_worst.py [--repeat N]

Every case is a template of just under 1 MiB built to make one of the
analyser's patterns or walks work hardest (100,000+ unclosed ``${``, repeated
``{{resolve:``, secret words, mysql flags, base64 user data, the value limit,
…). Each is timed with ``analyze_template`` (median of ``--repeat``) and
reported as seconds and as a ratio to the floor measured in the same run: the
same size of plain text in one scalar, which every template of that size pays
for reading and parsing. The bound is 2 s per template.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BOUND_SECONDS = 2.0


def _cases(limit: int) -> dict[str, str]:
    size = limit - 400

    def code(text: str) -> str:
        return (
            "Resources:\n  A:\n    Type: AWS::Lambda::Function\n    Properties:\n"
            f"      Code: {{ZipFile: '{text}'}}\n"
        )

    def rep(token: str) -> str:
        return token * (size // len(token))

    return {
        "floor: plain text": code(rep("x")),
        "unclosed ${ in !Sub": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n"
        "      BucketName: !Sub '" + rep("${") + "'\n",
        "{{resolve: repeated": code(rep("{{resolve:ssm:")),
        "arn: repeated": code(rep("arn:a:")),
        "12-digit runs": code(rep("1")),
        "region prefixes": code(rep("us-east-")),
        "secret words": code(rep("password=")),
        "secret assignments": code(rep("password=aB3$")),
        "mysql -p flags": code(rep("mysql -p")),
        "access key prefixes": code(rep("AKIA")),
        "session token prefix": code(rep("IQoJb3JpZ2luX2Vj")),
        "base64 user data": "Resources:\n  A:\n    Type: AWS::EC2::Instance\n    Properties:\n"
        "      UserData: " + rep("QUFB") + "\n",
        "ECR hosts": code(rep("481516234200.dkr.ecr.")),
        "value limit (JSON list)": '{"Resources": {"A": {"Type": "AWS::S3::Bucket", '
        '"Properties": {"Tags": [' + ",".join(['"a"'] * 59_000) + "]}}}}",
        "condition chain": "Conditions:\n"
        + "".join(f"  C{i}: !Condition C{i + 1}\n" for i in range(18_000))
        + "Resources:\n  A: {Type: AWS::S3::Bucket, Condition: C0}\n",
    }


def _median(fn: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from coursekit.domain.cfn import MAX_TEMPLATE_BYTES, analyze_template

    rows = []
    floor = None
    for label, text in _cases(MAX_TEMPLATE_BYTES).items():
        assert len(text.encode()) <= MAX_TEMPLATE_BYTES, label
        seconds = _median(lambda t=text: analyze_template(t, "worst.yaml"), args.repeat)
        floor = floor or seconds
        rows.append((label, len(text.encode()), seconds, seconds / floor))
    print(f"median of {args.repeat} runs; bound {BOUND_SECONDS:.0f} s per template")
    print(f"| {'case':<26} | {'bytes':>9} | {'seconds':>7} | {'x floor':>7} |")
    print(f"|{'-' * 28}|{'-' * 11}|{'-' * 9}|{'-' * 9}|")
    for label, size, seconds, ratio in rows:
        print(f"| {label:<26} | {size:>9,} | {seconds:>7.3f} | {ratio:>7.1f} |")
    worst = max(r[2] for r in rows)
    print(f"worst {worst:.3f} s: {'within' if worst <= BOUND_SECONDS else 'OVER'} the bound")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
